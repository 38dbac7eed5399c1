import unicodedata
from functools import lru_cache


@lru_cache(maxsize=65536)  # names repeat all through a list of a million books
def fold(text: str) -> str:
    """Lower case, no diacritics, single spaces: the key that name search compares."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.lower().split())


def clean_name(text: str) -> str:
    """Unicode NFC with single spaces, as names are stored."""
    return " ".join(unicodedata.normalize("NFC", text).split())
