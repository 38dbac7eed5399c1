"""The portal's structure on any database, made or completed idempotently (`setup_portal`,
the demo): the home page as the site's root (instead of Wagtail's "Welcome" page), the
news index with one section per provincial office, the document index, the campaign page,
the news categories, and the editors' groups with their page permissions.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.text import slugify
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
)

from sobhxh.units.models import Office

from .folding import fold
from .models import (
    CampaignPage,
    DocumentIndexPage,
    HomePage,
    NewsCategory,
    NewsIndexPage,
    ProvinceSectionPage,
)

CATEGORIES = [
    ("hoat-dong-nganh", "Hoạt động ngành"),
    ("chinh-sach", "Chính sách"),
    ("ra-soat-ban-giao-so-bhxh", "Rà soát, bàn giao sổ BHXH"),
]
CENTRAL_EDITORS = "Biên tập viên trung ương"
PROVINCE_EDITORS_PREFIX = "Biên tập viên BHXH tỉnh"
# Page permissions: a central editor's on the whole site; a province's on its section.
CENTRAL_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
PROVINCE_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")
# Collection permissions (images and documents the pages use).
CENTRAL_COLLECTION_PERMISSIONS = (
    "add_image",
    "change_image",
    "choose_image",
    "add_document",
    "change_document",
    "choose_document",
)
PROVINCE_COLLECTION_PERMISSIONS = ("add_image", "choose_image", "choose_document")


@dataclass(frozen=True)
class Structure:
    home: HomePage
    news: NewsIndexPage
    documents: DocumentIndexPage
    campaign: CampaignPage


@transaction.atomic
def ensure_site(*, provinces: list[str] | None = None) -> Structure:
    """The portal's pages, categories and editors' groups; what exists is kept. The
    sections are made for every provincial office, or only those of the `provinces` codes
    given (the tests' smaller world)."""
    ensure_categories()
    home = _ensure_home()
    news = _ensure_child(home, NewsIndexPage, title="Tin tức", slug="tin-tuc")
    documents = _ensure_child(home, DocumentIndexPage, title="Văn bản", slug="van-ban")
    campaign = _ensure_child(
        home,
        CampaignPage,
        title="Kế hoạch 112/KH-BHXH: rà soát, bàn giao sổ BHXH",
        slug="ke-hoach-112",
    )
    ensure_sections(news, provinces)
    ensure_editor_groups(home)
    return Structure(home, news, documents, campaign)


def ensure_categories() -> None:
    for slug, name in CATEGORIES:
        NewsCategory.objects.get_or_create(slug=slug, defaults={"name": name})


def _ensure_home() -> HomePage:
    home = HomePage.objects.first()
    site = Site.objects.filter(is_default_site=True).first()
    if home is None:
        root = Page.get_first_root_node()
        # Wagtail's own first page ("Welcome to your new Wagtail site!"): a plain Page with
        # nothing under it. Anything else an editor made stays.
        for welcome in root.get_children().filter(depth=2, numchild=0):
            if welcome.specific_class is Page:
                welcome.delete()
        root.refresh_from_db()
        home = root.add_child(
            instance=HomePage(title="Bảo hiểm xã hội Việt Nam", slug="trang-chu", live=True)
        )
    if site is None:
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    return home


def _ensure_child(parent: Page, model, *, title: str, slug: str):
    existing = model.objects.child_of(parent).first()
    if existing:
        return existing
    return parent.add_child(instance=model(title=title, slug=slug, live=True))


def ensure_sections(news: NewsIndexPage, provinces: list[str] | None = None) -> int:
    """A section under the news index for every provincial office (of the `provinces`
    codes, if given) that has none; returns how many were made."""
    offices = Office.objects.filter(level=Office.Level.PROVINCE, portal_section__isnull=True)
    if provinces is not None:
        offices = offices.filter(code__in=provinces)
    made = 0
    for office in offices.order_by("code"):
        news.add_child(
            instance=ProvinceSectionPage(
                title=office.office_name,
                slug=section_slug(office),
                office=office,
                live=True,
            )
        )
        made += 1
    return made


def section_slug(office: Office) -> str:
    """ "Thành phố Hồ Chí Minh" -> "ho-chi-minh", "Tỉnh Đắk Lắk" -> "dak-lak"."""
    slug = slugify(fold(office.name))
    for prefix in ("thanh-pho-", "tinh-", "tp-"):
        slug = slug.removeprefix(prefix)
    return slug[:60] or office.code


def province_group_name(office: Office) -> str:
    return f"{PROVINCE_EDITORS_PREFIX} {office.code} – {office.name}"


def ensure_editor_groups(home: HomePage) -> None:
    """The central editors' group (the whole site) and one group per provincial office with
    a section (its section only). Each editor group may open the CMS. A few set-based
    statements, whatever the number of provinces."""
    permissions = {
        (p.content_type.app_label, p.codename): p
        for p in Permission.objects.filter(
            content_type__app_label__in=[
                "wagtailadmin",
                "wagtailcore",
                "wagtailimages",
                "wagtaildocs",
            ]
        ).select_related("content_type")
    }
    collection = Collection.get_first_root_node()
    central, _made = Group.objects.get_or_create(name=CENTRAL_EDITORS)
    grants = [(central, home, CENTRAL_PAGE_PERMISSIONS, CENTRAL_COLLECTION_PERMISSIONS)]
    sections = list(ProvinceSectionPage.objects.select_related("office").order_by("path"))
    groups = editor_groups([section.office for section in sections])
    for section in sections:
        grants.append(
            (
                groups[section.office.code],
                section,
                PROVINCE_PAGE_PERMISSIONS,
                PROVINCE_COLLECTION_PERMISSIONS,
            )
        )
    access = permissions["wagtailadmin", "access_admin"]
    Group.permissions.through.objects.bulk_create(
        [Group.permissions.through(group_id=g.pk, permission_id=access.pk) for g, *_ in grants],
        ignore_conflicts=True,
    )
    GroupPagePermission.objects.bulk_create(
        [
            GroupPagePermission(
                group=group, page=page, permission=permissions["wagtailcore", codename]
            )
            for group, page, codenames, _c in grants
            for codename in codenames
        ],
        ignore_conflicts=True,
    )
    GroupCollectionPermission.objects.bulk_create(
        [
            GroupCollectionPermission(
                group=group,
                collection=collection,
                permission=permissions[
                    "wagtailimages" if codename.endswith("image") else "wagtaildocs", codename
                ],
            )
            for group, _p, _codenames, codenames in grants
            for codename in codenames
        ],
        ignore_conflicts=True,
    )


def editor_groups(offices: list[Office]) -> dict[str, Group]:
    """{office code: the group of its editors}, made where missing; found by the code in
    its name, so that a renamed office keeps its group."""
    found: dict[str, Group] = {}
    for group in Group.objects.filter(name__startswith=f"{PROVINCE_EDITORS_PREFIX} "):
        code = group.name.removeprefix(f"{PROVINCE_EDITORS_PREFIX} ").split(" ", 1)[0]
        found.setdefault(code, group)
    missing = [office for office in offices if office.code not in found]
    Group.objects.bulk_create([Group(name=province_group_name(office)) for office in missing])
    if missing:
        names = [province_group_name(office) for office in missing]
        for group in Group.objects.filter(name__in=names):
            code = group.name.removeprefix(f"{PROVINCE_EDITORS_PREFIX} ").split(" ", 1)[0]
            found[code] = group
    return found


def editor_group(office: Office) -> Group:
    """The group of a provincial office's editors."""
    return editor_groups([office])[office.code]
