"""Compile the translation catalogues (.po -> .mo) with polib, so that no machine needs
GNU gettext installed to run sobhxh. `make install` runs it; so does the test suite when a
catalogue is newer than its compiled file.

Besides the project catalogue (`sobhxh/locale`), each app may keep its own in
`sobhxh/<app>/locale`, which Django finds by itself for an installed app."""

from pathlib import Path

import polib

PACKAGE_DIR = Path(__file__).resolve().parent
LOCALE_DIR = PACKAGE_DIR / "locale"


def catalogues() -> list[Path]:
    project = LOCALE_DIR.glob("*/LC_MESSAGES/*.po")
    apps = PACKAGE_DIR.glob("*/locale/*/LC_MESSAGES/*.po")
    return sorted({*project, *apps})


def compile_all(*, only_stale: bool = False) -> list[Path]:
    compiled = []
    for po_path in catalogues():
        mo_path = po_path.with_suffix(".mo")
        if only_stale and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        compiled.append(mo_path)
    return compiled


def main() -> None:
    for path in compile_all():
        print(f"compiled {path.relative_to(PACKAGE_DIR.parent)}")


if __name__ == "__main__":
    main()
