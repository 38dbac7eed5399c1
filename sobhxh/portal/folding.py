"""Vietnamese text without its diacritics, for a search that finds "Công văn" whether one
types "công văn", "Cong van" or "CONG VAN"."""

import re

from sobhxh.books import text

_WORD = re.compile(r"[a-z0-9]+(?:[/.-][a-z0-9]+)*")


def fold(value: str) -> str:
    """ "Công văn 4027/BHXH-ST" -> "cong van 4027/bhxh-st" (đ -> d), as every search of
    sobhxh folds (`books.text.fold`)."""
    return text.fold(value or "")


def words(query: str) -> list[str]:
    """The words of a search, folded; a document number ("112/KH-BHXH") stays one word."""
    return _WORD.findall(fold(query))[:10]
