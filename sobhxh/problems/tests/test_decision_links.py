"""A steering committee's decision points at problems of its area: the centre's at any, a
province's at those raised in the province; both pages show the link."""

import pytest
from django.urls import reverse

from sobhxh.accounts.models import Role
from sobhxh.problems import selectors, services
from sobhxh.problems.errors import ProblemRefused
from sobhxh.testing.factories import (
    committee,
    make_decision,
    make_meeting,
    make_member,
    make_problem,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def raisers():
    return {
        "q1": make_user("q1-staff", role=Role.DISTRICT, office="760"),
        "hanoi": make_user("hn-staff", role=Role.PROVINCE, office="01"),
    }


def decision_of(code: str):
    return make_decision(make_meeting(code))


def test_a_province_decision_points_at_its_own_problems_and_no_other(raisers):
    ours, theirs = make_problem(raisers["q1"]), make_problem(raisers["hanoi"])
    decision = decision_of("79")
    services.point_decision_at(decision=decision, problems=[ours])
    services.point_decision_at(decision=decision, problems=[ours])  # twice: one link
    assert list(ours.decisions.all()) == [decision]
    with pytest.raises(ProblemRefused) as refused:
        services.point_decision_at(decision=decision, problems=[theirs])
    assert "ngoài địa bàn" in refused.value.messages[0]
    assert not theirs.decisions.exists()


def test_the_centres_decision_points_at_any_problem(raisers):
    problems = [make_problem(raisers["q1"]), make_problem(raisers["hanoi"])]
    decision = decision_of("VN")
    services.point_decision_at(decision=decision, problems=problems)
    assert [p.pk for p in selectors.problems_of_decision(decision, _central())] == sorted(
        p.pk for p in problems
    )


def _central():
    return make_user("central-reader", role=Role.CENTRAL)


def test_the_decision_form_links_the_numbers_the_secretary_may_see(client, raisers):
    ours, theirs = make_problem(raisers["q1"]), make_problem(raisers["hanoi"])
    secretary = make_user("hcm-secretary", role=Role.PROVINCE, office="79")
    make_member("79", secretary, role="secretary")
    meeting = make_meeting("79")
    owner = meeting.attendees.first()
    client.force_login(secretary)
    address = reverse("committees:decision_new", args=["79", meeting.pk])
    form = {"text": "Xử lý dứt điểm.", "owner": owner.pk, "due_on": "30/06/2017"}

    refused = client.post(address, {**form, "problems": f"{ours.pk}, {theirs.pk}"})
    assert refused.status_code == 200
    assert f"Bạn không xem được vướng mắc nào mang số {theirs.pk}." in refused.text
    assert not ours.decisions.exists()

    assert client.post(address, {**form, "problems": f"#{ours.pk}"}).status_code == 302
    decision = ours.decisions.get()
    page = client.get(reverse("committees:decision", args=["79", decision.pk]))
    assert reverse("problems:detail", args=[ours.pk]) in page.text

    problem_page = client.get(reverse("problems:detail", args=[ours.pk]))
    assert "Kết luận của Ban Chỉ đạo" in problem_page.text
    assert reverse("committees:decision", args=["79", decision.pk]) in problem_page.text


def test_a_district_sees_the_decision_about_its_problem_without_a_link_to_the_committee(
    client, raisers
):
    ours = make_problem(raisers["q1"])
    decision = decision_of("79")
    services.point_decision_at(decision=decision, problems=[ours])
    client.force_login(raisers["q1"])
    page = client.get(reverse("problems:detail", args=[ours.pk]))
    assert "Kết luận của Ban Chỉ đạo" in page.text
    assert reverse("committees:decision", args=["79", decision.pk]) not in page.text
    assert committee("79").office.office_name in page.text
