"""Helpers of the progress tests: a campaign of dated steps, logging in, and reading a
dashboard page or its export back. The shared factories are in `sobhxh.testing`."""

import io
from datetime import date
from html.parser import HTMLParser

from python_calamine import CalamineWorkbook

from sobhxh.accounts.models import Role
from sobhxh.testing.factories import make_books, make_employer, make_user, put_in_state
from sobhxh.units.models import Employer

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def build_campaign() -> dict[str, Employer]:
    """Employers in Hồ Chí Minh (district 760 Quận 1, and one the province manages itself)
    and in Hà Nội (district 001), each step dated. On 31/12/2017, Hồ Chí Minh has handed
    over 4 of its 6 books due (on track for 60 %), Hà Nội 1 of 2 (behind), E760B none of
    its 1 (behind)."""
    employers = {
        "E760A": make_employer("760", code="E760A", name="Công ty May Sài Gòn"),
        "E760B": make_employer("760", code="E760B", name="Ánh Dương"),
        "E79P": make_employer("79", code="E79P", name="Tổng công ty Điện lực"),
        "E001": make_employer("001", code="E001", name="Công ty Đông Á"),
    }
    a1, a2, a3, _a4 = make_books(employers["E760A"], 4)
    for book in (a1, a2, a3):
        put_in_state(book, "handed_over", on=date(2017, 6, 15))
    b1, b2 = make_books(employers["E760B"], 2)
    put_in_state(b1, "excluded", on=date(2017, 9, 1))
    put_in_state(b2, "handed_over", on=date(2018, 3, 1))
    (p1,) = make_books(employers["E79P"], 1)
    put_in_state(p1, "handed_over", on=date(2017, 10, 1))
    h1, h2 = make_books(employers["E001"], 2)
    put_in_state(h1, "handed_over", on=date(2017, 11, 1))
    put_in_state(h2, "disputed", on=date(2017, 3, 1))
    return employers


def login(client, role: str = Role.CENTRAL, **place):
    user = make_user(role=role, **place)
    client.force_login(user)
    return user


class Page(HTMLParser):
    """The parts of a dashboard page a test reads: the cards' figures (data-figure), each
    table row's cells (by data-code), the rows' classes and the sort headers."""

    def __init__(self, html: str):
        super().__init__()
        self.figures: dict[str, str] = {}
        self.rows: dict[str, list[str]] = {}
        self.row_classes: dict[str, str] = {}
        self.order: list[str] = []
        self.sorted_by: dict[str, str] = {}
        self._figure = self._row = None
        self._cell: list[str] | None = None
        self._th_sort = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "data-figure" in attrs:
            self._figure = attrs["data-figure"]
            self.figures[self._figure] = ""
        if tag == "tr" and "data-code" in attrs:
            self._row = attrs["data-code"]
            self.rows[self._row] = []
            self.row_classes[self._row] = attrs.get("class") or ""
            self.order.append(self._row)
        if tag in ("td", "th") and self._row:
            self._cell = []
        if tag == "th" and "aria-sort" in attrs:
            self._th_sort = attrs["aria-sort"]

    def handle_data(self, data):
        if self._figure:
            self.figures[self._figure] += data
        if self._cell is not None:
            self._cell.append(data)
        if self._th_sort and data.strip():
            self.sorted_by[data.strip()] = self._th_sort
            self._th_sort = None

    def handle_endtag(self, tag):
        if tag in ("p", "span", "dd", "strong"):
            self._figure = None
        if tag in ("td", "th") and self._cell is not None:
            self.rows[self._row].append(" ".join("".join(self._cell).split()))
            self._cell = None
        if tag == "tr":
            self._row = None


def sheet_of(response) -> list[list]:
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    return book.get_sheet_by_index(0).to_python(skip_empty_area=False)
