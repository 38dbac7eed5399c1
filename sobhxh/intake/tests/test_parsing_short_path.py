"""The parser's short path (cells already seen, plain text) accepts a row exactly as the
long path does, and leaves everything else to it: the same values, the same issues, the
same rejections, whatever the cells and whatever was seen before."""

from datetime import date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from sobhxh.intake.headers import find_header
from sobhxh.intake.reading import Table
from sobhxh.intake.rows import Parser
from sobhxh.testing.files import BOOK_HEADER, PERIOD_HEADER

# Cells as lists hold them: mostly ordinary, some odd, some legacy text (TCVN3 "Hång",
# VNI "Hoàng" that reads as Unicode too, Latin-1 only "Hà Lê"), numbers of every type, text
# that an export quoted because it starts like a formula ("'=1+1").
NUMBERS = st.sampled_from(
    ["0100000001", "0100000002", "100000003", 100000004, "01000000O5", " 0100000006", "0100000007"]
)
NAMES = st.sampled_from(["Nguyễn Văn An", "Hà Lê", "Lª V¨n Hång", "Hoàng  Thị\tLan", "", " ",
                         "Nguye\u0302\u0303n An", "Le Van A", "'=1+1", "'Ngô", 12,
                         None])  # fmt: skip
DAYS = st.sampled_from(["01/02/1985", "1985", "02/1985", "31/02/1985", "01/01/2999",
                        date(1985, 2, 1), datetime(1985, 2, 1), 31048, 31048.0, "",
                        None])  # fmt: skip
MONTHS = st.sampled_from(["01/2010", "12/2012", "1/2010", "201001", "13/2010", "01/2999",
                          date(2010, 1, 1), 40179, 40179.5, "", None])  # fmt: skip
TEXTS = st.sampled_from(
    ["Công nhân, Công ty A", "Hà Lê", "C«ng nh©n", "", None, 7, 7.0, "  a  b ", "'-Công nhân"]
)
WAGES = st.sampled_from(["4500000", "4.500.000", 4500000, 4500000.0, -1, "-1", True, "", None])
RATES = st.sampled_from(["22", "22%", 22, 0.22, 1, 1.0, True, "101", "", None])
FUNDS = st.sampled_from(["BHXH", "bhtn", "BHTNLĐ-BNN", "x", "", None])
SEXES = st.sampled_from(["Nam", "Nữ", "nu", 1, 0, 1.0, True, "x", "", None])
IDENTITIES = st.sampled_from(
    ["001085000123", "001085123", 1085000123, "0010 8500 0123", "12", "", None]
)
CODES = st.sampled_from(["DVT001", " DVT002 ", 3, "", None])


@st.composite
def _row(draw, ordinary: list[list], columns: list[st.SearchStrategy]) -> list:
    """An ordinary row of a list with up to three cells changed to anything."""
    row = list(draw(st.sampled_from(ordinary)))
    for _ in range(draw(st.integers(0, 3))):
        index = draw(st.integers(0, len(columns) - 1))
        row[index] = draw(columns[index])
    return row


BOOK_COLUMNS = [st.just("1"), NUMBERS, NAMES, DAYS, SEXES, IDENTITIES, CODES, TEXTS, CODES, DAYS,
                DAYS]  # fmt: skip
ORDINARY_BOOKS = [
    ["1", "0100000001", "Nguyễn Văn An", "01/02/1985", "Nam", "001085000123", "DVT001",
     "Công ty A", "001", "15/03/2010", ""],
    ["2", "0100000002", "Hà Lê", "1985", "Nữ", "", "DVT002", "", "", "", "01/02/2018"],
]  # fmt: skip
PERIOD_COLUMNS = [NUMBERS, MONTHS, MONTHS, TEXTS, WAGES, RATES, FUNDS]
ORDINARY_PERIODS = [
    ["0100000001", "01/2010", "12/2012", "Công nhân, Công ty A", "4500000", "22", "BHXH"],
    ["0100000002", "01/2013", "02/2013", "Kỹ sư", "5000000", "", ""],
]
BOOK_ROWS = st.lists(_row(ORDINARY_BOOKS, BOOK_COLUMNS), max_size=30)
PERIOD_ROWS = st.lists(_row(ORDINARY_PERIODS, PERIOD_COLUMNS), max_size=30)


def _table(header: list, rows: list[list]) -> Table:
    found = find_header([header])
    assert found is not None
    return Table(found.table, "Sheet1", found, iter(enumerate(rows, start=2)))


def _parsed(header: list, rows: list[list], *, short_path: bool, warm_up: list[list]):
    """Parse `rows` after `warm_up` (which teaches the short path its cells)."""
    parser = Parser()
    if not short_path:
        parser._quick_book = parser._quick_period = lambda table: lambda number, cells: None
    table = _table(header, warm_up + rows)
    all_rows = list(table.rows())
    first, rest = all_rows[: len(warm_up)], all_rows[len(warm_up) :]
    parser.chunk(table, first)
    parsed = parser.chunk(table, rest)
    issues = [(i.row, i.header, i.value, i.reason_en, i.severity) for i in parsed.issues]
    return parsed.accepted, parsed.rejected, issues


@settings(max_examples=300, deadline=None)
@given(warm_up=BOOK_ROWS, rows=BOOK_ROWS)
def test_book_rows_read_the_same_by_either_path(warm_up, rows):
    assert _parsed(BOOK_HEADER, rows, short_path=True, warm_up=warm_up) == _parsed(
        BOOK_HEADER, rows, short_path=False, warm_up=warm_up
    )


@settings(max_examples=300, deadline=None)
@given(warm_up=PERIOD_ROWS, rows=PERIOD_ROWS)
def test_period_rows_read_the_same_by_either_path(warm_up, rows):
    assert _parsed(PERIOD_HEADER, rows, short_path=True, warm_up=warm_up) == _parsed(
        PERIOD_HEADER, rows, short_path=False, warm_up=warm_up
    )


def test_the_short_path_takes_the_ordinary_rows_of_a_list():
    """Not a speed test: proof that the short path is taken at all once cells repeat."""
    parser = Parser()
    taken = []
    quick_period = parser._quick_period

    def counting(table):
        quick = quick_period(table)

        def read(number, cells):
            found = quick(number, cells)
            taken.append(found is not None)
            return found

        return read

    parser._quick_period = counting
    ordinary = ["01/2010", "12/2012", "Công nhân, Công ty A", "4500000", "22", "BHXH"]
    blanks = ["01/2010", "12/2012", "", "4500000", None, ""]
    rows = [[f"01000000{n:02}", *(ordinary if n % 2 else blanks)] for n in range(20)]
    table = _table(PERIOD_HEADER, rows)
    parsed = parser.chunk(table, list(table.rows()))
    assert len(parsed.accepted) == 20
    assert taken == [False, False] + [True] * 18


# Number and identity cells of every kind: the short path's own checks of them (a book
# number as `books.numbers.is_book_number` says, an identity number of 9 or 12 ASCII digits
# written inline) must take only what the long path reads to the same value.
DIGITS = "0123456789"
NUMBER_CELLS = st.one_of(
    st.text(DIGITS, max_size=13),
    st.text(DIGITS + " \t\u00a0", max_size=14),
    st.text(DIGITS + "٠١٢٣٤٥٦٧٨٩०१０１²", max_size=13),
    st.integers(min_value=-(10**13), max_value=10**13),
    st.integers(min_value=0, max_value=10**13).map(float),
    st.floats(),
    st.none(),
    st.booleans(),
)


@settings(max_examples=300, deadline=None)
@given(cells=st.lists(st.tuples(NUMBER_CELLS, NUMBER_CELLS), max_size=20))
def test_number_and_identity_cells_read_the_same_by_either_path(cells):
    rows = []
    for index, (number, identity) in enumerate(cells):
        row = list(ORDINARY_BOOKS[index % 2])
        row[1], row[5] = number, identity
        rows.append(row)
    warm_up = ORDINARY_BOOKS * 2
    assert _parsed(BOOK_HEADER, rows, short_path=True, warm_up=warm_up) == _parsed(
        BOOK_HEADER, rows, short_path=False, warm_up=warm_up
    )


@settings(max_examples=300, deadline=None)
@given(numbers=st.lists(NUMBER_CELLS, max_size=20))
def test_number_cells_of_periods_read_the_same_by_either_path(numbers):
    rows = [[number, *ORDINARY_PERIODS[index % 2][1:]] for index, number in enumerate(numbers)]
    warm_up = ORDINARY_PERIODS * 2
    assert _parsed(PERIOD_HEADER, rows, short_path=True, warm_up=warm_up) == _parsed(
        PERIOD_HEADER, rows, short_path=False, warm_up=warm_up
    )
