from datetime import date

import pytest

from sobhxh.portal.models import DocumentKind, DocumentPage, NewsCategory, NewsPage
from sobhxh.portal.services import ensure_site


@pytest.fixture
def portal(db):
    """The portal's structure, as `setup_portal` makes it, with the sections of Hà Nội and
    Hồ Chí Minh City only (all 63 take a second or two; test_setup makes them all)."""
    return ensure_site(provinces=["01", "79"])


@pytest.fixture
def full_portal(db):
    return ensure_site()


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def news(parent, title="Bàn giao sổ BHXH tại Hà Nội", *, category="ra-soat-ban-giao-so-bhxh",
         on=date(2017, 3, 1), live=True):  # fmt: skip
    page = NewsPage(
        title=title,
        date=on,
        category=NewsCategory.objects.get(slug=category),
        intro="Giới thiệu ngắn.",
        body="<p>Nội dung.</p>",
    )
    if live:
        return publish(parent, page)
    page.live = False
    parent.add_child(instance=page)
    page.save_revision()
    return page


def document(parent, number="112/KH-BHXH", title="Kế hoạch rà soát, bàn giao sổ BHXH", *,
             issuer="BHXH Việt Nam", kind=DocumentKind.PLAN, on=date(2017, 1, 10),
             in_force=True, summary="Tóm tắt trung lập."):  # fmt: skip
    return publish(
        parent,
        DocumentPage(
            title=title,
            number=number,
            issuer=issuer,
            kind=kind,
            issued_on=on,
            in_force=in_force,
            summary=summary,
        ),
    )
