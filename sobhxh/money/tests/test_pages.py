"""The money pages: who sees what (404 outside one's scope), who may write (403), and that
each page renders its figures; the settlement's PDF and XLSX carry them."""

import io
import zipfile
from datetime import date

import pytest
from django.urls import reverse

from sobhxh.books.lifecycle import Action
from sobhxh.books.services import transition_many
from sobhxh.money.models import Budget, Settlement, UnitCost
from sobhxh.testing.factories import ids, make_books, make_budget

from .conftest import get, post

pytestmark = pytest.mark.django_db


def office_url(code, year=2017):
    return reverse("money:office", args=[code, year])


def settlement_url(code, year=2017):
    return reverse("money:settlement", args=[code, year])


@pytest.fixture
def work(world, finance):
    books = make_books(world.employers.q1, 3)
    transition_many(book_ids=ids(books), action=Action.START_REVIEW, on=date(2017, 3, 10))
    make_budget("79", 2017, 1_000_000, actor=finance.centre)
    return books


@pytest.mark.parametrize(
    ("role", "code", "status"),
    [
        ("central", "79", 200),
        ("central", "760", 200),
        ("province", "79", 200),
        ("province", "760", 200),
        ("province", "01", 404),
        ("province", "001", 404),
        ("district", "760", 200),
        ("district", "761", 404),
        ("district", "79", 404),
        ("employer", "760", 404),
        ("employer", "79", 404),
        ("central", "VN", 404),
    ],
)
def test_an_office_year_is_seen_within_the_users_scope_only(
    client, world, work, role, code, status
):
    assert get(client, world.users[role], office_url(code)).status_code == status


@pytest.mark.parametrize(
    ("role", "code", "status"),
    [
        ("central", "79", 200),
        ("province", "79", 200),
        ("province", "01", 404),
        ("district", "79", 404),
        ("district", "760", 404),
        ("employer", "79", 404),
    ],
)
def test_a_settlement_is_seen_by_its_province_and_the_centre_only(
    client, world, work, role, code, status
):
    assert get(client, world.users[role], settlement_url(code)).status_code == status
    pdf = reverse("money:settlement_document", args=[code, 2017, "pdf"])
    assert get(client, world.users[role], pdf).status_code == status


def test_the_provinces_page_shows_work_cost_budget_and_forecast(client, world, work):
    page = get(client, world.users.province, office_url("79")).content.decode()
    assert "15.000\u00a0đ" in page  # 3 reviews × 5.000 đ
    assert "1.000.000\u00a0đ" in page
    assert "Mức ví dụ – không phải định mức chính thức" in page


def test_a_district_sees_its_work_and_cost_but_no_budget(client, world, work):
    page = get(client, world.users.district, office_url("760")).content.decode()
    assert "15.000\u00a0đ" in page
    assert 'data-figure="budget"' not in page


def test_the_centres_list_has_every_province_with_budget_and_cost(client, world, work):
    page = get(client, world.users.central, reverse("money:index") + "?year=2017")
    assert page.status_code == 200
    text = page.content.decode()
    assert 'data-budget="79">1.000.000\u00a0đ' in text
    assert 'data-cost="79">15.000\u00a0đ' in text
    assert 'data-cost="01">0\u00a0đ' in text
    assert "Mức ví dụ – không phải định mức chính thức" in text


@pytest.mark.parametrize(("role", "goes_to"), [("province", "79"), ("district", "760")])
def test_a_province_or_district_goes_from_the_index_to_its_own_year(client, world, role, goes_to):
    response = get(client, world.users[role], reverse("money:index") + "?year=2017")
    assert response.status_code == 302
    assert response["Location"] == office_url(goes_to)


def test_an_employer_has_no_money_pages(client, world):
    for url in (reverse("money:index"), reverse("money:rates")):
        assert get(client, world.users.employer, url).status_code == 404


def test_the_rates_page_labels_the_example_rates_and_only_central_finance_may_add(
    client, world, finance
):
    page = get(client, world.users.district, reverse("money:rates")).content.decode()
    assert "Mức ví dụ – không phải định mức chính thức" in page
    assert "Enter a new rate" not in page and "Nhập mức mới" not in page
    data = {"activity": "review", "amount": "6000", "valid_from": "01/01/2019",
            "legal_basis": "QĐ 1/QĐ-BHXH"}  # fmt: skip
    for outsider in (world.users.central, finance.hcm):
        assert post(client, outsider, reverse("money:rates"), data).status_code == 403
    assert post(client, finance.centre, reverse("money:rates"), data).status_code == 302
    assert UnitCost.objects.filter(activity="review", amount=6000, is_example=False).exists()


def test_only_central_finance_sets_a_budget_through_its_page(client, world, finance):
    url = reverse("money:budget", args=["79", 2018])
    assert post(client, world.users.central, url, {"amount": "5"}).status_code == 403
    assert post(client, finance.hcm, url, {"amount": "5"}).status_code == 403
    assert get(client, finance.hanoi, url).status_code == 404
    assert post(client, finance.centre, url, {"amount": "5000000"}).status_code == 302
    assert Budget.objects.get(province__code="79", year=2018).amount == 5_000_000


def test_the_settlement_story_through_the_pages(client, world, finance, work):
    url = settlement_url("79")
    assert (
        post(client, world.users.province, url, {"step": "spent", "spent": "1"}).status_code == 403
    )
    post(client, finance.hcm, url, {"step": "spent", "spent": "12000"})
    post(client, finance.hcm, url, {"step": "submit"})
    assert post(client, finance.hcm, url, {"step": "approve"}).status_code == 403
    post(client, finance.centre, url, {"step": "return", "comment": "Thiếu chứng từ"})
    assert Settlement.objects.get().state == "returned"
    post(client, finance.hcm, url, {"step": "submit"})
    post(client, finance.centre, url, {"step": "approve"})
    settlement = Settlement.objects.get()
    assert settlement.state == "approved"
    assert (settlement.approved.allowed, settlement.approved.spent) == (15_000, 12_000)
    page = get(client, world.users.province, url).content.decode()
    assert 'data-figure="difference">3.000\u00a0đ' in page
    assert settlement.approved.number in page


def test_the_settlement_pdf_and_xlsx_hold_the_figures(client, world, finance, work):
    url = settlement_url("79")
    post(client, finance.hcm, url, {"step": "spent", "spent": "12000"})
    post(client, finance.hcm, url, {"step": "submit"})
    post(client, finance.centre, url, {"step": "approve"})
    pdf = get(
        client, world.users.central, reverse("money:settlement_document", args=["79", 2017, "pdf"])
    )
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    text = pdf_text(pdf.content)
    for figure in ("15.000", "12.000", "3.000", "5.000", "KẾ TOÁN TRƯỞNG", "NGƯỜI LẬP BIỂU",
                   "THỦ TRƯỞNG ĐƠN VỊ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"):  # fmt: skip
        assert figure in text, figure
    xlsx = get(
        client, world.users.central, reverse("money:settlement_document", args=["79", 2017, "xlsx"])
    )
    sheet = xlsx_text(xlsx.content)
    for figure in ("15000", "12000", "3000", "5000", "KẾ TOÁN TRƯỞNG", "THỦ TRƯỞNG ĐƠN VỊ"):
        assert figure in sheet, figure


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def xlsx_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return "".join(
            archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.endswith(".xml")
        )


def test_a_year_not_ended_shows_its_work_so_far_and_no_settlement_form(client, world, finance):
    from django.utils import timezone

    year = timezone.localdate().year
    page = get(client, finance.hcm, settlement_url("79", year)).content.decode()
    assert f"Năm {year} chưa kết thúc" in page
    assert 'name="spent"' not in page
    url = settlement_url("79", year)
    assert post(client, finance.hcm, url, {"step": "spent", "spent": "5"}).status_code == 302
    assert not Settlement.objects.exists()


def test_central_finance_sees_the_form_for_a_new_rate_and_a_refusal_stays_on_the_page(
    client, world, finance
):
    page = get(client, finance.centre, reverse("money:rates")).content.decode()
    assert "Nhập định mức mới" in page
    data = {"activity": "review", "amount": "6000", "valid_from": "01/01/2016",
            "legal_basis": "QĐ 1/QĐ-BHXH"}  # fmt: skip
    response = post(client, finance.centre, reverse("money:rates"), data)
    assert response.status_code == 200
    assert "đã có định mức áp dụng từ 01/01/2016" in response.content.decode()
