import pytest
from django.template import Context, RequestContext, Template
from django.test import RequestFactory

from sobhxh.limits import Limit
from sobhxh.poll import selectors
from sobhxh.poll.models import Option, Poll

pytestmark = pytest.mark.django_db


def _options():
    return list(selectors.active_poll().options.all())


def test_the_poll_is_seeded_in_vietnamese():
    poll = selectors.active_poll()

    assert poll.question == "Bạn truy cập vào website BHXH với mục đích gì?"
    assert [o.text for o in _options()][-1] == "Mục đích khác"
    assert len(_options()) == 4


def test_one_vote_per_browser(client):
    first, second = _options()[:2]

    voted = client.post("/binh-chon/", {"option": first.pk})
    again = client.post("/binh-chon/", {"option": second.pk}, follow=True)

    assert voted.status_code == 302 and voted["Location"] == "/binh-chon/ket-qua/"
    assert [o.votes for o in _options()] == [1, 0, 0, 0]
    assert "Bạn đã bình chọn" in again.content.decode()


def test_the_cookie_holds_only_the_signed_poll_id_and_nothing_is_stored(client):
    option = _options()[0]
    client.post("/binh-chon/", {"option": option.pk}, REMOTE_ADDR="203.0.113.9")

    cookie = client.cookies[selectors.COOKIE]
    assert cookie.value.split(":")[0] == str(option.poll_id)
    assert cookie["httponly"]
    # The poll's tables hold counts only: no address, no cookie.
    fields = {f.name for model in (Poll, Option) for f in model._meta.get_fields()}
    assert fields == {"id", "question", "active", "options", "poll", "text", "position", "votes"}


def test_a_forged_cookie_does_not_count_as_voted(client):
    poll = selectors.active_poll()
    client.cookies[selectors.COOKIE] = str(poll.pk)

    client.post("/binh-chon/", {"option": _options()[0].pk})

    assert _options()[0].votes == 1


def test_votes_are_limited_per_address(client, monkeypatch):
    monkeypatch.setattr("sobhxh.poll.views.VOTE_LIMIT", Limit("poll-vote-t", 2, 3600))
    option = _options()[0]
    for _ in range(3):
        client.cookies.clear()
        response = client.post("/binh-chon/", {"option": option.pk}, follow=True)

    assert _options()[0].votes == 2
    assert "Quá nhiều lượt bình chọn" in response.content.decode()


def test_a_wrong_option_counts_nothing(client):
    other = Poll.objects.create(question="Cũ?")
    stranger = Option.objects.create(poll=other, text="x")

    for value in ["", "abc", str(stranger.pk)]:
        client.post("/binh-chon/", {"option": value})

    assert sum(o.votes for o in _options()) == 0
    assert selectors.COOKIE not in client.cookies


def test_results_show_counts_and_shares(client):
    first, second, *_ = _options()
    Option.objects.filter(pk=first.pk).update(votes=3)
    Option.objects.filter(pk=second.pk).update(votes=1)

    page = client.get("/binh-chon/ket-qua/").content.decode()

    assert "75,0&nbsp;%" in page and "25,0&nbsp;%" in page
    assert '<td class="poll-number">4</td>' in page


def test_the_box_shows_the_form_then_the_results_after_voting(client):
    template = Template("{% load poll %}{% poll_box %}")
    request = RequestFactory().get("/")
    form = template.render(RequestContext(request, {}))
    assert "<form" in form and 'name="option"' in form and "<table" not in form

    client.post("/binh-chon/", {"option": _options()[2].pk, "next": "/hoi-dap/"})
    request.COOKIES[selectors.COOKIE] = client.cookies[selectors.COOKIE].value
    results = template.render(RequestContext(request, {}))
    assert "<table" in results and "<form" not in results
    assert "Bạn đã bình chọn" in results


def test_voting_returns_to_the_page_it_came_from_but_not_elsewhere(client):
    back = client.post("/binh-chon/", {"option": _options()[0].pk, "next": "/hoi-dap/"})
    client.cookies.clear()
    away = client.post("/binh-chon/", {"option": _options()[0].pk, "next": "https://evil.example/"})

    assert back["Location"] == "/hoi-dap/"
    assert away["Location"] == "/binh-chon/ket-qua/"


def test_no_active_poll_shows_nothing(client):
    Poll.objects.update(active=False)

    assert Template("{% load poll %}{% poll_box %}").render(Context({})).strip() == ""
    assert client.get("/binh-chon/ket-qua/").status_code == 404
    assert client.post("/binh-chon/", {"option": 1}).status_code == 404


def test_the_poll_page_shows_the_form_until_voted(client):
    assert 'name="option"' in client.get("/binh-chon/").content.decode()

    client.post("/binh-chon/", {"option": _options()[0].pk})

    page = client.get("/binh-chon/").content.decode()
    assert 'name="option"' not in page and "<table" in page
