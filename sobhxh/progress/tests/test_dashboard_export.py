"""The dashboard table exported to Excel: the same rows and columns, Vietnamese headers,
numbers as numbers, percentages as percentages, a title naming the office and the date."""

import io
import zipfile
from datetime import date

import pytest

from sobhxh.accounts.models import Role
from sobhxh.progress.selectors import office_figures
from sobhxh.testing.factories import make_employer, office_with_code

from .helpers import build_campaign, login, sheet_of

pytestmark = pytest.mark.django_db

HEADERS = [
    "Mã", "Tên", "Cấp", "Số sổ", "Không phải giao", "Phải giao", "Chưa rà soát",
    "Đang rà soát", "Có sai lệch", "Đã xác nhận", "Đã bàn giao", "Tỷ lệ đã bàn giao (%)",
    "Chỉ tiêu (%)", "Chậm tiến độ",
]  # fmt: skip


@pytest.fixture
def campaign():
    return build_campaign()


def rows_by_code(sheet: list[list]) -> dict[str, list]:
    return {row[0]: row for row in sheet[4:]}


def test_the_national_export_has_a_title_the_date_headers_and_every_province(client, campaign):
    login(client)
    response = client.get("/dashboard/VN/xlsx/", {"as_of": "31/12/2017"})
    sheet = sheet_of(response)

    assert response["Content-Disposition"] == 'attachment; filename="tien-do_VN_2017-12-31.xlsx"'
    assert sheet[0][0] == "Tiến độ bàn giao sổ BHXH – BHXH Việt Nam (VN)"
    assert sheet[1][0] == "Tính đến ngày 31/12/2017"
    assert sheet[3] == HEADERS
    assert len(sheet) == 4 + 63 + 1  # title, date, blank, header; provinces; total


def test_exported_numbers_are_numbers_and_equal_the_figures(client, campaign):
    login(client)
    sheet = sheet_of(client.get("/dashboard/VN/xlsx/", {"as_of": "31/12/2017"}))
    rows = rows_by_code(sheet)
    expected = {
        f.code: f for f in office_figures(office_with_code("VN"), date(2017, 12, 31)).children
    }

    hanoi = rows["01"]  # the code keeps its leading zero: it is text
    assert hanoi[:3] == ["01", "BHXH Thành phố Hà Nội", "Tỉnh"]
    f = expected["01"]
    assert hanoi[3:11] == [
        f.books,
        f.excluded,
        f.due,
        f.by_state["not_reviewed"],
        f.by_state["in_review"],
        f.by_state["disputed"],
        f.by_state["confirmed"],
        f.handed_over,
    ]
    assert all(isinstance(value, int | float) for value in hanoi[3:13])
    assert hanoi[11] == pytest.approx(0.5) and hanoi[12] == pytest.approx(0.6)
    assert hanoi[13] == "Chậm tiến độ"
    assert rows["79"][11] == pytest.approx(0.6667) and rows["79"][13] == ""
    assert rows["02"][11] == ""  # nothing due: no percentage, not zero

    total = sheet[-1]
    assert total[0] == "VN" and total[1] == "Tổng cộng"
    assert total[3:11] == [9, 1, 8, 2, 0, 1, 0, 5]


def test_percentages_are_formatted_as_percentages(client, campaign):
    login(client)
    response = client.get("/dashboard/VN/xlsx/")
    styles = zipfile.ZipFile(io.BytesIO(response.content)).read("xl/styles.xml").decode()
    assert 'formatCode="0.00%"' in styles and 'formatCode="#,##0"' in styles


def test_the_export_follows_the_order_chosen_on_the_page(client, campaign):
    login(client)
    sheet = sheet_of(
        client.get("/dashboard/VN/xlsx/", {"as_of": "31/12/2017", "sort": "percent", "dir": "desc"})
    )
    assert [row[0] for row in sheet[4:6]] == ["79", "01"]


def test_a_province_export_lists_its_districts_then_its_own_employers(client, campaign):
    login(client, Role.PROVINCE, office="79")
    sheet = sheet_of(client.get("/dashboard/79/xlsx/"))
    rows = rows_by_code(sheet)
    assert rows["760"][2] == "Huyện" and rows["E79P"][2] == "Đơn vị"
    assert sheet[-2][0] == "E79P"  # employers after the districts, before the total
    assert sheet[-1][3] == 7


def test_a_district_export_has_every_employer_not_only_the_first_page(client):
    for i in range(55):
        make_employer("760", code=f"X{i:03d}")
    login(client, Role.DISTRICT, office="760")
    response = client.get("/dashboard/760/xlsx/", {"page": "2"})
    assert len(sheet_of(response)) == 4 + 55 + 1
    assert "tien-do_760_" in response["Content-Disposition"]


def test_an_employer_export_has_its_own_row(client, campaign):
    login(client, Role.EMPLOYER, employer="E760A")
    response = client.get("/dashboard/employer/E760A/xlsx/", {"as_of": "2017-06-30"})
    sheet = sheet_of(response)
    assert "tien-do_E760A_2017-06-30.xlsx" in response["Content-Disposition"]
    assert sheet[0][0] == "Tiến độ bàn giao sổ BHXH – Công ty May Sài Gòn (E760A)"
    assert sheet[4][:4] == ["E760A", "Công ty May Sài Gòn", "Đơn vị", 4]
    assert sheet[4][11] == pytest.approx(0.75)


def test_an_export_with_an_invalid_date_goes_back_to_the_page_and_its_message(client, campaign):
    login(client)
    response = client.get("/dashboard/79/xlsx/", {"as_of": "32/13/2017", "sort": "due"})
    assert response.status_code == 302
    assert response.url == "/dashboard/79/?as_of=32%2F13%2F2017&sort=due"
    assert "Hãy nhập ngày theo dạng dd/mm/yyyy" in client.get(response.url).content.decode()
