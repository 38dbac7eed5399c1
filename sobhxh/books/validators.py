"""The model validators of a book's numbers: `numbers` holds the rules and the messages."""

from django.core.validators import RegexValidator

from .numbers import (
    BOOK_NUMBER_MESSAGE,
    BOOK_NUMBER_PATTERN,
    IDENTITY_MESSAGE,
    IDENTITY_PATTERN,
)

validate_book_number = RegexValidator(BOOK_NUMBER_PATTERN, BOOK_NUMBER_MESSAGE)
validate_identity_number = RegexValidator(IDENTITY_PATTERN, IDENTITY_MESSAGE)
