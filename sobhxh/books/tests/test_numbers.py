"""The book-number rule (`books.numbers`) and every quicker check of it: the model
validator's regular expression and the importer's one-expression check must say what the
rule says, on numbers, texts with spaces, other digits, floats and things that are no
number at all. The reference functions below are IMPORT-FORMAT.md written out plainly."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from sobhxh.books.numbers import (
    BOOK_NUMBER_MESSAGE,
    BOOK_NUMBER_PATTERN,
    IDENTITY_PATTERN,
    NotANumber,
    is_book_number,
    parse_book_number,
    parse_identity_number,
    searched_book_number,
)
from sobhxh.books.validators import validate_book_number, validate_identity_number

ASCII_DIGITS = "0123456789"
# Arabic-Indic, Devanagari and full-width digits, a superscript two: `str.isdigit` says yes.
OTHER_DIGITS = "٠١٢٣٤٥٦٧٨٩०१२३०１２３²³"
SPACES = " \t\n\u00a0\u2009\u3000"

DIGIT_TEXTS = st.text(ASCII_DIGITS, max_size=12)
TEXTS = st.one_of(
    DIGIT_TEXTS,
    st.text(ASCII_DIGITS + SPACES, max_size=14),
    st.text(ASCII_DIGITS + OTHER_DIGITS, max_size=12),
    st.text(ASCII_DIGITS + "-+.,eE_O", max_size=12),
    st.text(max_size=12),
)
CELLS = st.one_of(
    TEXTS,
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.integers(min_value=0, max_value=10**12).map(float),  # 1234567890.0
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True),
    st.dates(),
)


def reference_book_number(cell) -> str | None:
    """IMPORT-FORMAT.md: a numeric cell that lost its leading zeros is padded back to 10
    digits; a text value must already have 10 digits once spaces are removed."""
    if type(cell) is int or (type(cell) is float and cell == cell and cell % 1 == 0):
        if abs(cell) != float("inf") and 0 <= cell < 10**10:
            return f"{int(cell):010d}"
        return None
    if type(cell) is str:
        text = "".join(ch for ch in cell if not ch.isspace())
        if len(text) == 10 and all(ch in ASCII_DIGITS for ch in text):
            return text
    return None


def reference_identity_number(cell) -> str | None:
    """9 or 12 digits, with the same leading-zero rule."""
    if type(cell) is int or (type(cell) is float and cell == cell and cell % 1 == 0):
        if abs(cell) == float("inf") or not 0 <= cell < 10**12:
            return None
        return f"{int(cell):09d}" if cell < 10**9 else f"{int(cell):012d}"
    if type(cell) is str:
        text = "".join(ch for ch in cell if not ch.isspace())
        if len(text) in (9, 12) and all(ch in ASCII_DIGITS for ch in text):
            return text
    return None


def parsed(parse, cell) -> str | None:
    try:
        return parse(cell)
    except NotANumber:
        return None


@given(cell=CELLS)
def test_a_cell_reads_as_the_import_format_says(cell):
    assert parsed(parse_book_number, cell) == reference_book_number(cell)


@given(cell=CELLS)
def test_what_the_quick_check_takes_the_rule_takes_unchanged(cell):
    """The importer's quick path keeps a cell that `is_book_number` takes as it is; the
    long path reads it with `parse_book_number`: both must give the same number."""
    if is_book_number(cell):
        assert parse_book_number(cell) == cell


@given(cell=CELLS)
def test_every_number_read_is_a_book_number(cell):
    number = parsed(parse_book_number, cell)
    assert number is None or is_book_number(number)


@given(text=TEXTS)
def test_the_model_validator_says_what_the_rule_says(text):
    assert is_book_number(text) == bool(re.match(BOOK_NUMBER_PATTERN, text))
    try:
        validate_book_number(text)
    except ValidationError:
        assert not is_book_number(text)
    else:
        assert is_book_number(text)


@given(cell=CELLS)
def test_an_identity_number_reads_as_the_import_format_says(cell):
    assert parsed(parse_identity_number, cell) == reference_identity_number(cell)


@given(text=TEXTS)
def test_the_identity_validator_says_what_the_rule_says(text):
    stored_as_is = parsed(parse_identity_number, text) == text
    assert bool(re.match(IDENTITY_PATTERN, text)) == stored_as_is
    try:
        validate_identity_number(text)
    except ValidationError:
        assert not stored_as_is
    else:
        assert stored_as_is


@given(text=TEXTS)
def test_a_search_box_holds_a_number_of_one_to_ten_digits(text):
    bare = "".join(ch for ch in text if not ch.isspace())
    expected = bare.zfill(10) if 1 <= len(bare) <= 10 and set(bare) <= set(ASCII_DIGITS) else None
    assert searched_book_number(text) == expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("0123456789", "0123456789"),
        (" 0123 456 789 ", "0123456789"),
        (123456789, "0123456789"),
        (123456789.0, "0123456789"),
        (1234567890.0, "1234567890"),
        (0, "0000000000"),
    ],
)
def test_a_number_keeps_or_regains_its_leading_zeros(cell, expected):
    assert parse_book_number(cell) == expected


@pytest.mark.parametrize(
    "cell",
    ["123456789", "01234567890", "01234S6789", "٠١٢٣٤٥٦٧٨٩", "²123456789", "", None, 1.5, -5,
     True, 12345678901, 1e10, float("nan"), Decimal("123456789"), date(2017, 1, 1)],
)  # fmt: skip
def test_what_is_no_book_number_is_refused_with_the_one_message(cell):
    with pytest.raises(NotANumber) as refused:
        parse_book_number(cell)
    with translation.override("en"):
        assert str(refused.value.message) == (
            "A social insurance number is exactly 10 digits, e.g. 0123456789."
        )


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("0123456789", "0123456789"), ("123456789", "0123456789"), (" 12 345 ", "0000012345"),
     ("12345678901", None), ("", None), ("nguyen", None), ("١٢٣", None), ("12a", None)],
)  # fmt: skip
def test_a_search_box_number_is_padded_and_a_name_is_none(typed, expected):
    assert searched_book_number(typed) == expected


def test_the_message_is_vietnamese_in_the_interface():
    with translation.override("vi"):
        assert str(BOOK_NUMBER_MESSAGE) == "Mã số BHXH gồm đúng 10 chữ số, ví dụ 0123456789."
