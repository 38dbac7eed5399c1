import itertools
import unicodedata

import pytest

from sobhxh.books.demo import names
from sobhxh.intake.legacy import (
    TONES,
    VOWELS,
    LegacyText,
    convert_legacy,
    from_tcvn3,
    from_vni,
    is_vietnamese_word,
    tcvn3_table,
    vni_table,
)

LOWER_LETTERS = [
    unicodedata.normalize("NFC", vowel + tone) for vowel in VOWELS for tone in ("", *TONES)
] + ["đ"]
LETTERS = LOWER_LETTERS + [letter.upper() for letter in LOWER_LETTERS]


def to_vni(text: str) -> str:
    inverse = {letter: code for code, letter in vni_table().items()}
    return "".join(inverse.get(ch, ch) for ch in text)


def to_tcvn3(text: str) -> str:
    inverse = {letter: code for code, letter in tcvn3_table().items()}
    return "".join(inverse.get(ch, inverse.get(ch.lower(), ch)) for ch in text)


def test_there_are_146_vietnamese_letters_with_their_case():
    assert len(set(LETTERS)) == 146


@pytest.mark.parametrize("letter", LETTERS)
def test_every_letter_has_one_vni_form_that_converts_back(letter):
    encoded = to_vni(letter)
    assert from_vni(encoded) == letter
    assert encoded.isascii() == letter.isascii()


@pytest.mark.parametrize("letter", LETTERS)
def test_every_letter_has_a_tcvn3_form_that_converts_back(letter):
    # TCVN3 has no upper-case toned vowels: those come back lower case, alone.
    expected = letter if letter in tcvn3_table().values() or letter.isascii() else letter.lower()
    assert from_tcvn3(to_tcvn3(letter)) == expected


@pytest.mark.parametrize(
    ("legacy", "unicode", "encoding"),
    [
        ("B¶o Th¾ng", "Bảo Thắng", "TCVN3"),
        ("B¸t X¸t", "Bát Xát", "TCVN3"),
        ("NguyÔn V¨n TuÊn", "Nguyễn Văn Tuấn", "TCVN3"),
        ("TrÇn ThÞ ¸nh", "Trần Thị Ánh", "TCVN3"),
        ("§ç Minh §øc", "Đỗ Minh Đức", "TCVN3"),
        ("Xin chaøo caùc baïn", "Xin chào các bạn", "VNI"),
        ("Nguyeãn Vaên Tuaán", "Nguyễn Văn Tuấn", "VNI"),
        ("Ñoã Thò Höông", "Đỗ Thị Hương", "VNI"),
        ("Coâng ty TNHH May maëc", "Công ty TNHH May mặc", "VNI"),
    ],
)
def test_legacy_text_is_recognised_and_converted_to_nfc(legacy, unicode, encoding):
    converted, found = convert_legacy(legacy)
    assert (converted, found) == (unicode, encoding)
    assert unicodedata.is_normalized("NFC", converted)


@pytest.mark.parametrize(
    "text",
    ["Hoà Bình", "Lê Hà", "Tô Lâm", "Nguyễn Văn An", "Nguyen Van An", "Công nhân may", "", "12"],
)
def test_unicode_and_ascii_text_is_left_alone(text):
    assert convert_legacy(text) == (text, None)


def test_no_unicode_name_is_ever_mistaken_for_legacy():
    for surname, middle, given in _all_names():
        name = f"{surname} {middle} {given}"
        assert convert_legacy(name) == (name, None), name


@pytest.mark.parametrize(("encoding", "encode"), [("VNI", to_vni), ("TCVN3", to_tcvn3)])
def test_a_whole_file_of_legacy_names_converts_exactly(encoding, encode):
    reader = LegacyText()
    wrong = []
    for surname, middle, given in _all_names():
        name = f"{surname} {middle} {given}"
        converted, _found = reader.convert(encode(name))
        if converted != name:
            wrong.append((name, converted))
    assert wrong == []
    assert reader.encoding == encoding


def test_a_name_that_reads_both_ways_follows_the_file():
    # "Hoàng" is a name in Unicode and VNI for "Hồng": alone, it is left as it is.
    assert convert_legacy("Phan Minh Hoàng") == ("Phan Minh Hoàng", None)
    reader = LegacyText()
    for text in ("Nguyeãn Vaên Tuaán", "Traàn Thò Lan", "Leâ Vaên Huøng"):
        reader.convert(text)
    assert reader.convert("Phan Minh Hoàng") == ("Phan Minh Hồng", "VNI")


@pytest.mark.parametrize(
    ("word", "valid"),
    [("nguyễn", True), ("khoảng", True), ("thuyền", True), ("kháunh", False),
     ("yến", True), ("ỹn", False), ("thònh", False), ("nguyeón", False), ("v¨n", False)],
)  # fmt: skip
def test_syllable_check(word, valid):
    assert is_vietnamese_word(word) is valid


def _all_names():
    middles = names.MALE_MIDDLE + names.FEMALE_MIDDLE
    givens = names.MALE_GIVEN + names.FEMALE_GIVEN
    surnames = [surname for surname, _weight in names.SURNAMES]
    return itertools.product(surnames, middles[::3], givens)
