"""`sobhxh.formatting`: one way to write a date, a date of birth, money and a rate, for the
pages, the printed documents and the exported files; and what it writes, the importer
reads back as the same value (IMPORT-FORMAT.md: an export imports unchanged)."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from sobhxh import formatting
from sobhxh.intake import cells

PAST_DAYS = st.dates(min_value=date(1900, 1, 1), max_value=date(2025, 12, 31))
RATES = st.decimals(min_value=0, max_value=100, places=2)


@pytest.mark.parametrize(
    ("born", "precision", "expected"),
    [
        (date(1975, 3, 7), "day", "07/03/1975"),
        (date(1975, 3, 1), "month", "03/1975"),
        (date(1975, 1, 1), "year", "1975"),
        (None, "day", ""),
    ],
)
def test_a_date_of_birth_is_written_at_its_precision(born, precision, expected):
    assert formatting.birth_date(born, precision) == expected


def test_days_and_months_are_dd_mm_yyyy_and_mm_yyyy():
    assert formatting.day(date(2017, 6, 5)) == "05/06/2017"
    assert formatting.month(date(2017, 6, 1)) == "06/2017"
    assert formatting.day(None) == formatting.month(None) == ""


def test_a_documents_date_line_is_in_words():
    with translation.override(formatting.DOCUMENT_LANGUAGE):
        assert formatting.long_date(date(2017, 6, 5)) == "ngày 05 tháng 06 năm 2017"


def test_a_count_has_dot_thousands_as_money_does():
    assert formatting.number(1_234_567) == formatting.money(1_234_567) == "1.234.567"
    assert formatting.number(12) == "12"


@pytest.mark.parametrize(
    ("amount", "written", "on_a_page"),
    [
        (4_500_000, "4.500.000", "4.500.000\u00a0đ"),
        (0, "0", "0\u00a0đ"),
        (999, "999", "999\u00a0đ"),
        (1_000, "1.000", "1.000\u00a0đ"),
        (None, "", ""),
    ],
)
def test_money_is_whole_dong_with_dot_thousands(amount, written, on_a_page):
    assert formatting.money(amount) == written
    assert formatting.money_in_dong(amount) == on_a_page


@pytest.mark.parametrize(
    ("value", "written", "on_a_page", "in_a_file"),
    [
        (Decimal("8.00"), "8", "8%", "8"),
        (Decimal("10.50"), "10,5", "10,5%", "10.5"),
        (Decimal("22.05"), "22,05", "22,05%", "22.05"),
        (Decimal("100.00"), "100", "100%", "100"),
        (Decimal("0.00"), "0", "0%", "0"),
        (Decimal("1E+2"), "100", "100%", "100"),
        (None, "", "", ""),
    ],
)
def test_a_rate_has_no_trailing_zeros_and_a_decimal_comma_except_in_a_file(
    value, written, on_a_page, in_a_file
):
    assert formatting.rate(value) == written
    assert formatting.percent(value) == on_a_page
    assert formatting.rate_in_file(value) == in_a_file


def test_a_documents_place_is_the_short_name_of_its_province():
    assert formatting.place_name("Thành phố Hồ Chí Minh") == "TP. Hồ Chí Minh"
    assert formatting.place_name("Tỉnh Hà Giang") == "Hà Giang"
    assert formatting.place_name("Hà Nội") == "Hà Nội"


@given(value=RATES)
def test_the_three_ways_to_write_a_rate_say_the_same_number(value):
    assert formatting.percent(value) == formatting.rate(value) + "%"
    assert formatting.rate(value) == formatting.rate_in_file(value).replace(".", ",")
    # What the exports wrote before there was one module.
    assert formatting.rate_in_file(value) == f"{value.normalize():f}"


@given(value=RATES)
def test_a_rate_written_anywhere_is_read_back_as_the_same_rate(value):
    for written in (
        formatting.rate(value),
        formatting.percent(value),
        formatting.rate_in_file(value),
    ):
        assert cells.rate(written) == value


@given(amount=st.integers(min_value=0, max_value=10**12))
def test_money_written_is_read_back_as_the_same_amount(amount):
    assert cells.wage(formatting.money(amount)) == amount


@given(day=PAST_DAYS, precision=st.sampled_from(["day", "month", "year"]))
def test_a_date_of_birth_written_is_read_back_at_the_same_precision(day, precision):
    known = {"day": day, "month": day.replace(day=1), "year": day.replace(month=1, day=1)}
    written = formatting.birth_date(known[precision], precision)
    assert cells.day_with_precision(written) == (known[precision], precision)


@given(day=PAST_DAYS)
def test_days_and_months_written_are_read_back(day):
    assert cells.day(formatting.day(day)) == day
    assert cells.month(formatting.month(day)) == day.replace(day=1)
