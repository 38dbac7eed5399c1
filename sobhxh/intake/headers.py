"""Which column holds which field: header names as IMPORT-FORMAT.md lists them, matched
case-insensitively, with or without diacritics, ignoring spaces, dots, underscores and
line breaks; the header row found within the first rows of a sheet."""

from dataclasses import dataclass

from sobhxh.books.text import fold

HEADER_SEARCH_ROWS = 30
BOOKS = "books"
PERIODS = "periods"

# field -> accepted headers; the first one is what export writes.
BOOK_HEADERS: dict[str, tuple[str, ...]] = {
    "number": ("Mã số BHXH", "Mã số", "Số sổ BHXH", "Số sổ"),
    "full_name": ("Họ và tên", "Họ tên"),
    "birth_date": ("Ngày sinh", "Ngày tháng năm sinh"),
    "sex": ("Giới tính",),
    "identity_number": ("Số CCCD", "Số CMND", "Số CMND/CCCD", "Số định danh"),
    "employer_code": ("Mã đơn vị",),
    "employer_name": ("Tên đơn vị",),
    "office_code": ("Mã cơ quan BHXH", "Mã CQ BHXH"),
    "issued_on": ("Ngày cấp sổ", "Ngày cấp"),
    "reviewed_on": ("Ngày rà soát", "Ngày đối chiếu"),
    "confirmed_on": ("Ngày xác nhận",),
    "handed_over_on": ("Ngày bàn giao",),
    "received_by": ("Người nhận sổ",),
}
PERIOD_HEADERS: dict[str, tuple[str, ...]] = {
    "number": BOOK_HEADERS["number"],
    "from_month": ("Từ tháng", "Từ tháng năm"),
    "to_month": ("Đến tháng", "Đến tháng năm"),
    "job": ("Cấp bậc, chức vụ, chức danh nghề, điều kiện, nơi làm việc", "Chức vụ", "Nơi làm việc"),
    "wage": ("Tiền lương", "Tiền lương đóng", "Mức lương"),
    "rate": ("Tỷ lệ đóng", "Tỷ lệ (%)"),
    "fund": ("Loại", "Loại bảo hiểm"),
}
REQUIRED = {
    BOOKS: ("number", "full_name", "birth_date", "sex", "employer_code"),
    PERIODS: ("number", "from_month", "to_month", "wage"),
}
HEADERS = {BOOKS: BOOK_HEADERS, PERIODS: PERIOD_HEADERS}


def normalise(name) -> str:
    text = fold(str(name or ""))
    return "".join(ch for ch in text if ch not in " ._\n\r\t")


_LOOKUP = {
    table: {normalise(header): field for field, names in headers.items() for header in names}
    for table, headers in HEADERS.items()
}


@dataclass(frozen=True)
class HeaderRow:
    table: str  # BOOKS or PERIODS
    index: int  # 0-based row index within the sheet
    columns: dict[int, str]  # column index -> field
    headers: dict[str, str]  # field -> the header as written in the file
    missing: tuple[str, ...]  # required fields without a column

    @property
    def row_number(self) -> int:
        return self.index + 1


def match_row(cells: list, table: str) -> HeaderRow | None:
    """How `cells` read as a header of `table`; None unless they name its number column
    and at least one other field."""
    lookup = _LOOKUP[table]
    columns: dict[int, str] = {}
    headers: dict[str, str] = {}
    for index, cell in enumerate(cells):
        field = lookup.get(normalise(cell))
        if field and field not in headers:  # the first column of a field wins
            columns[index] = field
            headers[field] = " ".join(str(cell).split())
    if "number" not in headers or len(headers) < 2:
        return None
    missing = tuple(field for field in REQUIRED[table] if field not in headers)
    return HeaderRow(table, -1, columns, headers, missing)


def find_header(rows: list[list]) -> HeaderRow | None:
    """The header row among the first rows of a sheet: the one naming the most fields of
    either table (a books sheet names its periods' columns only by accident)."""
    best: HeaderRow | None = None
    for index, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        for table in (BOOKS, PERIODS):
            found = match_row(cells, table)
            if found and (best is None or len(found.headers) > len(best.headers)):
                best = HeaderRow(table, index, found.columns, found.headers, found.missing)
    return best


def export_header(table: str, field: str) -> str:
    return HEADERS[table][field][0]
