import contextlib
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sobhxh.intake import cells
from sobhxh.intake.errors import CellError


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0123456789", "0123456789"),
        (" 0123 456 789 ", "0123456789"),
        (123456789, "0123456789"),
        (123456789.0, "0123456789"),
        (7912345678, "7912345678"),
    ],
)
def test_book_numbers_keep_or_regain_their_leading_zeros(value, expected):
    assert cells.book_number(value) == expected


@pytest.mark.parametrize("value", ["123456789", "01234567890", "01234S6789", None, 1.5, -5, True])
def test_bad_book_numbers_are_refused(value):
    with pytest.raises(CellError):
        cells.book_number(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (12345678, "012345678"),
        (1085000123, "001085000123"),
        ("001085000123", "001085000123"),
        ("", ""),
    ],
)
def test_identity_numbers_are_9_or_12_digits(value, expected):
    assert cells.identity_number(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("01/02/1985", (date(1985, 2, 1), "day")),
        ("1/2/1985", (date(1985, 2, 1), "day")),
        ("05/1985", (date(1985, 5, 1), "month")),
        ("1985", (date(1985, 1, 1), "year")),
        (1985, (date(1985, 1, 1), "year")),
        (date(1985, 2, 1), (date(1985, 2, 1), "day")),
        (datetime(1985, 2, 1, 0, 0), (date(1985, 2, 1), "day")),
        (31079, (date(1985, 2, 1), "day")),
    ],
)
def test_dates_keep_their_precision(value, expected):
    assert cells.day_with_precision(value) == expected


@pytest.mark.parametrize("value", ["31/02/1990", "01/13/1990", "1899", "12/12/12", "abc", ""])
def test_impossible_or_unreadable_dates_are_refused(value):
    with pytest.raises(CellError):
        cells.day_with_precision(value)


def test_a_date_in_the_future_is_refused():
    with pytest.raises(CellError):
        cells.day_with_precision(date.today() + timedelta(days=1))


@pytest.mark.parametrize(
    ("value", "expected"),
    [("Nam", "male"), ("nữ", "female"), ("Nu", "female"), ("M", "male"), ("F", "female"),
     ("Male", "male"), ("female", "female"), (1, "male"), (0, "female"), ("1", "male")],
)  # fmt: skip
def test_sex(value, expected):
    assert cells.sex(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("03/2015", date(2015, 3, 1)),
        ("3/2015", date(2015, 3, 1)),
        ("03-2015", date(2015, 3, 1)),
        ("201503", date(2015, 3, 1)),
        (date(2015, 3, 17), date(2015, 3, 1)),
    ],
)
def test_months(value, expected):
    assert cells.month(value) == expected


@pytest.mark.parametrize(
    "value", ["4.500.000", "4,500,000", "4500000", 4500000, 4500000.0, " 4 500 000 "]
)
def test_wages_in_every_form_mean_the_same(value):
    assert cells.wage(value) == 4_500_000


@pytest.mark.parametrize("value", ["4.5", "-1", "4.500.00", "bốn triệu", 4.5, None])
def test_bad_wages_are_refused(value):
    with pytest.raises(CellError):
        cells.wage(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("22", Decimal("22.00")),
        ("22%", Decimal("22.00")),
        (0.22, Decimal("22.00")),
        (22, Decimal("22.00")),
        ("0,5", Decimal("0.50")),
        ("", None),
    ],
)
def test_rates(value, expected):
    assert cells.rate(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("", "BHXH"), ("BHXH", "BHXH"), ("bhtn", "BHTN"), ("BHTNLĐ-BNN", "BHTNLD-BNN")],
)
def test_funds(value, expected):
    assert cells.fund(value) == expected


ANY_CELL = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(),
    st.dates(),
    st.datetimes(),
    st.decimals(allow_nan=True),
)
PARSERS = [cells.book_number, cells.identity_number, cells.required_text, cells.sex,
           cells.day_with_precision, cells.day, cells.optional_day, cells.month, cells.wage,
           cells.rate, cells.fund, cells.text]  # fmt: skip


@pytest.mark.parametrize("parse", PARSERS, ids=lambda parse: parse.__name__)
@given(value=ANY_CELL)
def test_any_cell_gives_a_value_or_a_row_error_never_a_crash(parse, value):
    with contextlib.suppress(CellError):
        parse(value)
