import pytest
from django.urls import reverse

from sobhxh.testing.csp import check

from .conftest import document, news


@pytest.fixture
def content(portal):
    item = news(portal.news)
    doc = document(portal.documents)
    return portal, item, doc


def test_every_page_of_the_portal_answers_anonymous_visitors(client, content):
    portal, item, doc = content
    section = portal.news.get_children().first()
    for url in (
        "/",
        portal.news.url,
        item.url,
        section.url,
        portal.documents.url,
        doc.url,
        portal.campaign.url,
        f"{portal.news.url}?category=chinh-sach",
        f"{portal.documents.url}?q=112&page=9",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        check(response, url)  # the strict policy, nothing inline


def test_the_home_page_shows_news_documents_slogans_and_contacts(client, content):
    page = client.get("/").content.decode()
    assert "Bàn giao sổ BHXH tại Hà Nội" in page
    assert "112/KH-BHXH" in page
    assert "Sổ BHXH là tài sản của người lao động" in page
    assert "1900 9068" in page and "Số 7 Tràng Thi" in page


def test_the_contacts_and_slogans_come_from_the_sites_settings(client, portal):
    from wagtail.models import Site

    from sobhxh.portal.models import PortalSettings

    settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    settings.hotline = "1900 0000"
    settings.slogans = "Khẩu hiệu mới"
    settings.save()
    page = client.get("/").content.decode()
    assert "1900 0000" in page and "Khẩu hiệu mới" in page
    assert "Sổ BHXH là tài sản" not in page


def test_an_unpublished_page_answers_404(client, portal):
    draft = news(portal.news, "Bản nháp", live=False)
    assert client.get(draft.url or f"{portal.news.url}{draft.slug}/").status_code == 404
    assert "Bản nháp" not in client.get(portal.news.url).content.decode()


def test_news_in_a_provinces_section_show_in_the_section_and_the_news_index(client, portal):
    section = portal.news.get_children().specific().get(provincesectionpage__office__code="79")
    item = news(section, "Tin của TP. Hồ Chí Minh", category="hoat-dong-nganh")
    assert item.url.startswith(section.url)
    assert "Tin của TP. Hồ Chí Minh" in client.get(section.url).content.decode()
    assert "Tin của TP. Hồ Chí Minh" in client.get(portal.news.url).content.decode()
    other = client.get(f"{portal.news.url}?category=chinh-sach").content.decode()
    assert "Tin của TP. Hồ Chí Minh" not in other


def test_the_staff_login_link_leads_to_the_staff_home(client, portal):
    page = client.get("/").content.decode()
    assert f'href="{reverse("home")}"' in page
    assert reverse("home") == "/staff/"
    assert "Đăng nhập cán bộ" in page


def test_the_menu_links_the_portals_sections(client, content):
    portal, _item, _doc = content
    page = client.get(portal.documents.url).content.decode()
    for url in (portal.news.url, portal.documents.url, portal.campaign.url):
        assert f'href="{url}"' in page
    assert f'<a href="{portal.documents.url}" aria-current="page">' in page


def test_the_english_switch(client, content):
    assert 'lang="vi"' in client.get("/").content.decode()
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302 and response.url == "/"
    page = client.get("/").content.decode()
    assert '<html lang="en">' in page
    assert "Staff login" in page and "Latest news" in page
    # The content stays as its editors wrote it.
    assert "Bàn giao sổ BHXH tại Hà Nội" in page


def test_the_menu_and_contacts_are_read_once_and_follow_every_change(
    client, portal, django_assert_num_queries
):
    from wagtail.models import Site

    from sobhxh.portal.models import PortalSettings

    client.get("/tra-cuu/")
    with django_assert_num_queries(0):
        page = client.get("/tra-cuu/").content.decode()
    assert portal.campaign.url in page

    portal.campaign.unpublish()
    assert portal.campaign.url not in client.get("/tra-cuu/").content.decode()

    settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    settings.hotline = "1900 1234"
    settings.save()
    assert "1900 1234" in client.get("/tra-cuu/").content.decode()
