from django.core.management import call_command
from wagtail.models import Page, Site

from sobhxh.portal.models import HomePage, NewsCategory, ProvinceSectionPage
from sobhxh.portal.services import ensure_site
from sobhxh.units.models import Office


def test_the_home_page_replaces_wagtails_welcome_page_as_the_sites_root(db):
    assert Page.objects.filter(depth=2).get().specific_class is Page  # Wagtail's "Welcome"
    call_command("setup_portal", verbosity=0)
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert Page.objects.filter(depth=2).count() == 1
    assert [p.specific_class.__name__ for p in site.root_page.get_children()] == [
        "NewsIndexPage",
        "DocumentIndexPage",
        "CampaignPage",
    ]


def test_every_provincial_office_has_a_section_and_setup_runs_twice_unchanged(full_portal):
    portal = full_portal
    provinces = Office.objects.filter(level=Office.Level.PROVINCE)
    assert ProvinceSectionPage.objects.count() == provinces.count() == 63
    assert {s.office_id for s in ProvinceSectionPage.objects.all()} == set(
        provinces.values_list("pk", flat=True)
    )
    hcm = ProvinceSectionPage.objects.get(office__code="79")
    assert hcm.url == "/tin-tuc/ho-chi-minh/"
    before = Page.objects.count()
    again = ensure_site()
    assert again.home.pk == portal.home.pk and Page.objects.count() == before


def test_the_news_categories_are_seeded(db):
    assert set(NewsCategory.objects.values_list("name", flat=True)) == {
        "Hoạt động ngành",
        "Chính sách",
        "Rà soát, bàn giao sổ BHXH",
    }


def test_the_demo_writes_the_campaigns_documents_once(full_portal):
    from sobhxh.portal import demo
    from sobhxh.portal.models import DocumentPage, NewsPage

    assert demo.write() > 0
    documents = {d.number: d for d in DocumentPage.objects.live()}
    plan, letter = documents["112/KH-BHXH"], documents["4027/BHXH-ST"]
    assert (plan.issued_on.isoformat(), plan.issuer, plan.kind) == (
        "2017-01-10",
        "BHXH Việt Nam",
        "plan",
    )
    assert (letter.issued_on.isoformat(), letter.kind) == ("2016-10-14", "official_letter")
    assert "demo" in plan.summary
    for category in NewsCategory.objects.all():
        assert NewsPage.objects.live().filter(category=category).count() >= 2
    assert demo.write() == 0
