"""Vietnamese typed in the legacy 8-bit font encodings, TCVN3 (ABC) and VNI-Windows, as a
spreadsheet hands it over: Windows-1252 / Latin-1 characters. Recognise it and convert it
to Unicode NFC.

No maintained PyPI package does this, so the tables are built here from the published
layout of each encoding:

- TCVN3 gives every lower-case toned vowel a code of its own (upper-case toned vowels only
  exist in a separate upper-case font, so they come out lower case and are capitalised
  back at the start of a word); Ă Â Ê Ô Ơ Ư Đ have their own codes.
- VNI writes a base letter followed by a mark character (aø = à, aá = ấ, oâ = ô); ơ, ư, đ
  and a few i/y forms are single characters.

A text is converted only when the result reads as Vietnamese and the text as given does
not: every word must be a valid Vietnamese syllable (initial consonant, vowel nucleus,
final consonant, at most one tone). "Hoà" stays "Hoà" (a valid syllable, though VNI would
read it as "Hồ"); "Nguyeãn" becomes "Nguyễn".
"""

import unicodedata
from functools import cache

# Combining tone marks, in the order the TCVN3 table lists them.
GRAVE, HOOK, TILDE, ACUTE, DOT = "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"
TONES = (GRAVE, HOOK, TILDE, ACUTE, DOT)
VOWELS = ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y")

# TCVN3: for each vowel, its five toned forms in TONES order.
TCVN3_TONED = {
    "a": "µ¶·¸¹",
    "ă": "»¼½¾Æ",
    "â": "ÇÈÉÊË",
    "e": "ÌÎÏÐÑ",
    "ê": "ÒÓÔÕÖ",
    "i": "×ØÜÝÞ",
    "o": "ßáâãä",
    "ô": "åæçèé",
    "ơ": "êëìíî",
    "u": "ïñòóô",
    "ư": "õö÷øù",
    "y": "úûüýþ",
}
TCVN3_PLAIN = {
    "ă": "¨", "â": "©", "ê": "ª", "ô": "«", "ơ": "¬", "ư": "\xad", "đ": "®",
    "Ă": "¡", "Â": "¢", "Ê": "£", "Ô": "¤", "Ơ": "¥", "Ư": "¦", "Đ": "§",
}  # fmt: skip

# VNI: the mark characters that follow a base letter, lower / upper case.
VNI_TONE_MARKS = {GRAVE: "øØ", ACUTE: "ùÙ", HOOK: "ûÛ", TILDE: "õÕ", DOT: "ïÏ"}
VNI_CIRCUMFLEX = {None: "âÂ", GRAVE: "àÀ", ACUTE: "áÁ", HOOK: "åÅ", TILDE: "ãÃ", DOT: "äÄ"}
VNI_BREVE = {None: "êÊ", GRAVE: "èÈ", ACUTE: "éÉ", HOOK: "úÚ", TILDE: "üÜ", DOT: "ëË"}
# Letters VNI writes as one character.
VNI_SINGLE = {
    "ơ": "ô", "ư": "ö", "đ": "ñ", "ì": "ì", "í": "í", "ỉ": "æ", "ĩ": "ó", "ị": "ò", "ỵ": "î",
}  # fmt: skip

INITIALS = sorted(
    [
        "b",
        "c",
        "ch",
        "d",
        "đ",
        "g",
        "gh",
        "gi",
        "h",
        "k",
        "kh",
        "l",
        "m",
        "n",
        "ng",
        "ngh",
        "nh",
        "p",
        "ph",
        "q",
        "qu",
        "r",
        "s",
        "t",
        "th",
        "tr",
        "v",
        "x",
    ],
    key=len,
    reverse=True,
)
FINALS = sorted(["c", "ch", "m", "n", "ng", "nh", "p", "t"], key=len, reverse=True)
# Vowel nuclei of Vietnamese syllables, without their tone.
NUCLEI = frozenset(
    [
        "a",
        "ă",
        "â",
        "e",
        "ê",
        "i",
        "o",
        "ô",
        "ơ",
        "u",
        "ư",
        "y",
        "ai",
        "ao",
        "au",
        "ay",
        "âu",
        "ây",
        "eo",
        "êu",
        "ia",
        "iê",
        "iu",
        "oa",
        "oă",
        "oe",
        "oi",
        "ôi",
        "ơi",
        "oo",
        "ua",
        "uâ",
        "uê",
        "ui",
        "uô",
        "uơ",
        "uy",
        "ưa",
        "ưi",
        "ươ",
        "ưu",
        "yê",
        "iêu",
        "yêu",
        "oai",
        "oay",
        "oao",
        "oeo",
        "uây",
        "uôi",
        "ươi",
        "ươu",
        "uya",
        "uyê",
        "uyu",
    ]
)
# Nuclei ending in a glide (ai, ao, iêu...) close the syllable: no final consonant after.
OPEN_ONLY = frozenset(n for n in NUCLEI if len(n) > 1 and n[-1] in "iouy" and n not in ("uy",))
# -nh and -ch follow only these nuclei (anh, ênh, inh, oanh, uênh, uynh; ach, êch, ich...).
BEFORE_NH_CH = frozenset({"a", "ê", "i", "y", "oa", "uê", "uy"})


def letter(vowel: str, tone: str | None) -> str:
    return unicodedata.normalize("NFC", vowel + (tone or ""))


def _vowel_shape(vowel: str) -> tuple[str, str | None]:
    """('a', 'circumflex') for â; the ASCII base and the shape mark of a vowel."""
    base = unicodedata.normalize("NFD", vowel)[0]
    shape = {"â": "circumflex", "ê": "circumflex", "ô": "circumflex", "ă": "breve"}.get(vowel)
    return base, shape


@cache
def tcvn3_table() -> dict[str, str]:
    """TCVN3 character -> Unicode letter."""
    table = {code: letter for letter, code in TCVN3_PLAIN.items()}
    for vowel, codes in TCVN3_TONED.items():
        for tone, code in zip(TONES, codes, strict=True):
            table[code] = letter(vowel, tone)
    return table


@cache
def vni_table() -> dict[str, str]:
    """VNI sequence (one or two characters) -> Unicode letter."""
    table: dict[str, str] = {}
    for vowel in VOWELS:
        for tone in (None, *TONES):
            for upper in (False, True):
                target = letter(vowel, tone)
                target = target.upper() if upper else target
                sequence = _vni_sequence(vowel, tone, upper)
                if sequence is not None:
                    table[sequence] = target
    for lower, code in VNI_SINGLE.items():
        table[code] = lower
        table[code.upper()] = lower.upper()
    return table


def _vni_sequence(vowel: str, tone: str | None, upper: bool) -> str | None:
    single = VNI_SINGLE.get(letter(vowel, tone))
    if single:
        return single.upper() if upper else single
    case = 1 if upper else 0
    if vowel in ("ơ", "ư"):
        base = VNI_SINGLE[vowel]
        base = base.upper() if upper else base
        return base + VNI_TONE_MARKS[tone][case] if tone else None  # bare ơ/ư: single
    base, shape = _vowel_shape(vowel)
    base = base.upper() if upper else base
    if shape == "circumflex":
        return base + VNI_CIRCUMFLEX[tone][case]
    if shape == "breve":
        return base + VNI_BREVE[tone][case]
    return base + VNI_TONE_MARKS[tone][case] if tone else None  # a bare vowel is ASCII


def from_tcvn3(text: str) -> str:
    table = tcvn3_table()
    converted = "".join(table.get(ch, ch) for ch in text)
    return unicodedata.normalize("NFC", _recapitalise(converted))


def from_vni(text: str) -> str:
    table = vni_table()
    out = []
    index = 0
    while index < len(text):
        pair = text[index : index + 2]
        if len(pair) == 2 and pair in table:
            out.append(table[pair])
            index += 2
        else:
            out.append(table.get(text[index], text[index]))
            index += 1
    return unicodedata.normalize("NFC", "".join(out))


def _recapitalise(converted: str) -> str:
    """TCVN3 has no upper-case toned vowels: capitalise a word that starts with one when
    the other words of the text are capitalised (as in a name)."""
    words = converted.split(" ")
    capitalised = [w[:1].isupper() for w in words if w]
    if len(capitalised) < 2:
        return converted
    fixed = []
    for word in words:
        if word and word[0].islower() and sum(capitalised) >= len(capitalised) - 1:
            word = word[0].upper() + word[1:]
        fixed.append(word)
    return " ".join(fixed)


def is_vietnamese_word(word: str) -> bool:
    """True when `word` (letters only) is a valid Vietnamese syllable or plain ASCII."""
    if word.isascii():
        return True
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = sum(ch in TONES for ch in decomposed)
    if tones > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in TONES))
    if any(not ("a" <= ch <= "z" or ch in "ăâêôơưđ") for ch in bare):
        return False
    rest = bare
    for initial in INITIALS:
        if rest.startswith(initial) and len(rest) > len(initial):
            rest = rest[len(initial) :]
            break
    final = next((f for f in FINALS if rest.endswith(f) and len(rest) > len(f)), "")
    nucleus = rest[: len(rest) - len(final)]
    if nucleus not in NUCLEI:
        return False
    if final and (nucleus in OPEN_ONLY or nucleus == "y"):
        return False
    return not (final in ("nh", "ch") and nucleus not in BEFORE_NH_CH)


def _plausible_words(text: str) -> int:
    """How many words of `text` read as Vietnamese, minus those that do not."""
    score = 0
    for token in text.split():
        # Legacy codes are not all letters (¶, ¸, ¨...): keep every non-ASCII character.
        word = "".join(ch for ch in token if ch.isalpha() or ord(ch) >= 0xA0)
        if word:
            score += 1 if is_vietnamese_word(word) else -1
    return score


CONVERTERS = (("VNI", from_vni), ("TCVN3", from_tcvn3))


def convert_legacy(text: str, *, prefer: str | None = None) -> tuple[str, str | None]:
    """(text in Unicode NFC, "TCVN3" or "VNI" when it was converted, else None).

    Converted when the result reads as Vietnamese better than the text as given. A text
    that reads as well both ways ("Hoàng" is also VNI for "Hồng") is converted only with
    `prefer`, the encoding the rest of the file was found in.
    """
    # Legacy text is made of Latin-1 code points only: a character beyond them means Unicode.
    if not text or text.isascii() or max(text) > "\xff":
        return text, None
    best, encoding, best_score = text, None, _plausible_words(text)
    for name, convert in CONVERTERS:
        candidate = convert(text)
        if candidate == text:
            continue
        score = _plausible_words(candidate)
        if score > best_score or (score == best_score and name == prefer):
            best, encoding, best_score = candidate, name, score
    return best, encoding


class LegacyText:
    """Converts the cells of one file, learning its legacy encoding as it goes: a cell that
    reads as well in Unicode as in legacy is converted once the file has shown that most of
    its legacy cells are in that encoding."""

    EVIDENCE = 3
    REMEMBERED = 50_000

    def __init__(self):
        self.seen = {"VNI": 0, "TCVN3": 0}
        self._known: dict[tuple, tuple[str, str | None]] = {}

    @property
    def encoding(self) -> str | None:
        name = max(self.seen, key=self.seen.get)
        return name if self.seen[name] >= self.EVIDENCE else None

    def convert(self, text: str) -> tuple[str, str | None]:
        found = self.judge(text)
        if found[1]:
            self.seen[found[1]] += 1
        return found

    def judge(self, text: str) -> tuple[str, str | None]:
        """What `convert` gives, without counting it as evidence of the file's encoding."""
        # Names and jobs repeat all through a list: each distinct text is judged once.
        key = (text, self.encoding)
        found = self._known.get(key)
        if found is None:
            found = convert_legacy(text, prefer=key[1])
            if len(self._known) >= self.REMEMBERED:
                self._known.clear()
            self._known[key] = found
        return found
