"""Legacy Vietnamese text (TCVN3, VNI) to Unicode, cell by cell: sobhxh's converter
(`sobhxh/intake/legacy.py`) against viparse's tables and content detector, the one PyPI
package found that converts both. viparse comes with the `bench` extra
(`.venv/bin/pip install -e '.[bench]'`).

The cells are the texts of the intake benchmark's files (`bench/intake_files.py`: names,
employers, jobs), in Unicode as they are, and encoded in TCVN3 and in VNI by each side's
own tables (so neither is judged only on the other's idea of the encoding). Each converter
reads them cell by cell with no context, and as one file (sobhxh learning the file's
encoding as the importer does; viparse detecting it on the whole text, as it reads a
document). A converter is right on a cell when it gives the Unicode text back exactly (a
TCVN3 upper-case toned vowel, which TCVN3 cannot hold, in either case), and on a Unicode
cell when it leaves it alone. Needs no database.

    python bench/legacy_converters.py [--books 3000]
"""

import argparse
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from intake_files import rows  # noqa: E402

from sobhxh.intake.legacy import LegacyText, convert_legacy, tcvn3_table, vni_table  # noqa: E402


def texts(books: int) -> list[str]:
    cells = []
    for book, periods in rows(books, 3, 112):
        cells += [book[1], book[6], *(period[3] for period in periods)]
    return cells


def sobhxh_encoder(table: dict[str, str]):
    inverse = {letter: code for code, letter in table.items()}
    # TCVN3 has no upper-case toned vowels: they are typed with the lower-case code.
    return lambda text: "".join(inverse.get(ch, inverse.get(ch.lower(), ch)) for ch in text)


def viparse_encoder(charmap):
    inverse = {}
    for legacy, letter in charmap.pairs:
        letter = unicodedata.normalize("NFC", letter)
        # "ì and í are already the letters they look like" in VNI (viparse's vni.py): they
        # are written as themselves, not as the table's "iø", "iù" ("derived", not seen).
        if not (charmap.name == "vni" and letter in "ìí"):
            inverse.setdefault(letter, legacy)
    return lambda text: "".join(inverse.get(ch, inverse.get(ch.lower(), ch)) for ch in text)


def sobhxh_cells(cells: list[str]) -> list[str]:
    """Each cell on its own."""
    return [convert_legacy(cell)[0] for cell in cells]


def sobhxh_file(cells: list[str]) -> list[str]:
    """The cells as one file's column: what the importer does (`LegacyText` learns the
    file's encoding from the cells that read one way only)."""
    legacy = LegacyText()
    return [legacy.convert(cell)[0] for cell in cells]


def _viparse(text: str):
    from viparse.normalize.detector import detect_encoding_by_content
    from viparse.normalize.encodings import AUTO_DETECT_CHARMAPS, CHARMAPS

    found = detect_encoding_by_content(text, AUTO_DETECT_CHARMAPS)
    return CHARMAPS[found.encoding] if found.encoding else None


def viparse_cells(cells: list[str]) -> list[str]:
    """Each cell on its own: detected, then converted with the table found."""
    from viparse.normalize.tables import convert

    return [convert(cell, charmap) if (charmap := _viparse(cell)) else cell for cell in cells]


def viparse_file(cells: list[str]) -> list[str]:
    """The cells as one document, as viparse reads one: its encoding detected on the whole
    text, then every cell converted with that table."""
    from viparse.normalize.tables import convert

    charmap = _viparse("\n".join(cells))
    return [convert(cell, charmap) for cell in cells] if charmap else list(cells)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--books", type=int, default=3000)
    args = parser.parse_args()
    from viparse.normalize.encodings import CHARMAPS

    originals = texts(args.books)
    cases = {
        "Unicode, left alone": (lambda text: text),
        "TCVN3 by sobhxh's table": sobhxh_encoder(tcvn3_table()),
        "TCVN3 by viparse's table": viparse_encoder(CHARMAPS["tcvn3"]),
        "VNI by sobhxh's table": sobhxh_encoder(vni_table()),
        "VNI by viparse's table": viparse_encoder(CHARMAPS["vni"]),
        # A list pasted together from two sources: one cell in three typed in VNI.
        "1/3 VNI, 2/3 Unicode": "mixed",
    }
    converters = {
        "sobhxh, cell": sobhxh_cells,
        "viparse, cell": viparse_cells,
        "sobhxh, file": sobhxh_file,
        "viparse, file": viparse_file,
    }
    print(f"{len(originals):,} cells of {args.books:,} books (names, employers, jobs)")
    print(f"{'cells':<25} {'converter':<13} {'right':>7} {'µs/cell':>8}  first wrong")
    for case, encode in cases.items():
        if encode == "mixed":
            vni = sobhxh_encoder(vni_table())
            cells = [vni(text) if i % 3 == 0 else text for i, text in enumerate(originals)]
        else:
            cells = [encode(text) for text in originals]
        for name, convert in converters.items():
            started = time.perf_counter()
            results = convert(cells)
            per_cell = (time.perf_counter() - started) / len(cells) * 1e6
            wrong = [
                (cell, got)
                for cell, got, want in zip(cells, results, originals, strict=True)
                # What TCVN3 cannot hold (an upper-case toned vowel) is judged in lower case.
                if got != want and not (case.startswith("TCVN3") and got.lower() == want.lower())
            ]
            right = 1 - len(wrong) / len(cells)
            example = f"{wrong[0][0]!r} -> {wrong[0][1]!r}" if wrong else ""
            print(f"{case:<25} {name:<13} {right:>7.2%} {per_cell:>8.1f}  {example}")


if __name__ == "__main__":
    main()
