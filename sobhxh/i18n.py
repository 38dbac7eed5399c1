"""The translation catalogues: compile them (.po -> .mo) with polib, so that no machine needs
GNU gettext installed to run sobhxh, and check that they translate every string the code
uses.

`python -m sobhxh.i18n` compiles; `make install` runs it, and so does the test suite.
`python -m sobhxh.i18n --check` (`make check-translations`, run by CI) lists each string
the code or a template uses that a Vietnamese catalogue leaves untranslated, fuzzy or
missing, or that an English catalogue marks fuzzy, and exits 1 if there is any.

Besides the project catalogue (`sobhxh/locale`), each app may keep its own in
`sobhxh/<app>/locale`, which Django finds by itself for an installed app.

English is the source language: every msgid is the English text, so an English catalogue
may leave msgstr empty (gettext then shows the msgid) and a string need not be in it at all.
"""

import argparse
import ast
import io
import os
import sys
import tokenize
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import polib

PACKAGE_DIR = Path(__file__).resolve().parent
LOCALE_DIR = PACKAGE_DIR / "locale"
SOURCE_LANGUAGE = "en"

# The gettext functions and what their leading string arguments are, as makemessages
# tells xgettext.
KEYWORDS = {
    **dict.fromkeys(["_", "gettext", "gettext_lazy", "gettext_noop"], ("msgid",)),
    **dict.fromkeys(["ngettext", "ngettext_lazy"], ("msgid", "plural")),
    **dict.fromkeys(["pgettext", "pgettext_lazy"], ("context", "msgid")),
    **dict.fromkeys(["npgettext", "npgettext_lazy"], ("context", "msgid", "plural")),
}


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


@dataclass(frozen=True)
class Message:
    """A string the code translates, and where it does so first."""

    msgid: str
    context: str | None = None
    plural: str | None = None
    path: Path | None = None
    line: int = 0

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.context, self.msgid)

    @property
    def where(self) -> str:
        return f"{_relative(self.path)}:{self.line}" if self.path else "?"


@dataclass(frozen=True)
class Problem:
    catalogue: Path
    message: Message
    what: str  # "untranslated", "fuzzy" or "missing"

    def __str__(self) -> str:
        context = f"[{self.message.context}] " if self.message.context else ""
        return (
            f"{_relative(self.catalogue)}: {self.what}: {context}{self.message.msgid!r}"
            f" (used at {self.message.where})"
        )


def _relative(path: Path) -> Path:
    try:
        return path.relative_to(PACKAGE_DIR.parent)
    except ValueError:
        return path


def _message(name: str, strings: list[str | None], path: Path, line: int) -> Message | None:
    fields = dict(zip(KEYWORDS[name], strings, strict=False))
    if len(strings) < len(KEYWORDS[name]) or None in fields.values():
        return None  # not a literal: nothing to look up
    return Message(**fields, path=path, line=line)


def python_messages(path: Path) -> Iterator[Message]:
    """The literal strings a Python module passes to a gettext function."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if name not in KEYWORDS:
            continue
        strings = [
            arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else None
            for arg in node.args
        ]
        message = _message(name, strings, path, node.lineno)
        if message:
            yield message


def template_messages(path: Path) -> Iterator[Message]:
    """The strings a template translates, as Django looks them up (makemessages' way: the
    template as gettext calls, `%` doubled)."""
    from django.utils.translation.template import templatize

    text = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    # Only the gettext calls are Python: indentation means nothing here.
    lines = (line.lstrip() for line in text.splitlines(keepends=True))
    tokens = list(tokenize.generate_tokens(io.StringIO("".join(lines)).readline))
    for i, token in enumerate(tokens[:-1]):
        if token.type != tokenize.NAME or token.string not in KEYWORDS:
            continue
        if tokens[i + 1].string != "(":
            continue
        strings, current, depth = [], None, 0
        for tok in tokens[i + 1 :]:
            if tok.string in "([{" and tok.type == tokenize.OP:
                depth += 1
            elif tok.string in ")]}" and tok.type == tokenize.OP:
                depth -= 1
                if depth == 0:
                    strings.append(current)
                    break
            elif tok.string == "," and depth == 1:
                strings.append(current)
                current = None
            elif tok.type == tokenize.STRING and depth == 1:
                current = (current or "") + ast.literal_eval(tok.string)
        message = _message(token.string, strings, path, token.start[0])
        if message:
            yield message


def _is_test_code(path: Path) -> bool:
    return bool({"tests", "migrations"} & set(path.parts)) or path.name.startswith("test_")


def used_messages(root: Path = PACKAGE_DIR) -> list[Message]:
    """Every literal string the code under `root` translates (tests and migrations aside),
    once, with the first place that uses it."""
    found: dict[tuple, Message] = {}
    for path in sorted(root.rglob("*.py")):
        if not _is_test_code(path.relative_to(root)):
            for message in python_messages(path):
                found.setdefault((message.key, message.plural), message)
    for path in sorted(root.rglob("templates/**/*")):
        if path.is_file() and not _is_test_code(path.relative_to(root)):
            for message in template_messages(path):
                found.setdefault((message.key, message.plural), message)
    return list(found.values())


def language_of(catalogue: Path) -> str:
    return catalogue.parent.parent.name  # <locale>/<language>/LC_MESSAGES/<domain>.po


def problems(
    messages: Iterable[Message],
    catalogue_paths: Iterable[Path],
    *,
    translated_elsewhere: Callable[[str, Message], bool] = lambda language, message: False,
) -> list[Problem]:
    """What each language's catalogues lack for the messages the code uses.

    In a translation's catalogues a used message must have a translated entry that is not
    fuzzy; an empty or fuzzy entry is reported where it is, and a message in none of them
    (nor in a catalogue outside sobhxh that Django also reads: `translated_elsewhere`) is
    reported missing from the catalogue of the app that uses it. In the source language
    (English) only a fuzzy entry is a problem. Obsolete (`#~`) entries are never looked at.
    """
    messages = list(messages)  # looked up once per language
    by_language: dict[str, list[tuple[Path, polib.POFile]]] = {}
    for path in catalogue_paths:
        by_language.setdefault(language_of(path), []).append((path, polib.pofile(str(path))))
    found = []
    for language, files in sorted(by_language.items()):
        entries: dict[tuple, list[tuple[Path, polib.POEntry]]] = {}
        for path, po in files:
            for entry in po:
                if not entry.obsolete and entry.msgid:
                    entries.setdefault((entry.msgctxt, entry.msgid), []).append((path, entry))
        for message in messages:
            matches = entries.get(message.key, [])
            for path, entry in matches:
                if entry.fuzzy:
                    found.append(Problem(path, message, "fuzzy"))
                elif not entry.translated() and language != SOURCE_LANGUAGE:
                    found.append(Problem(path, message, "untranslated"))
            if (
                language != SOURCE_LANGUAGE
                and not matches
                and not translated_elsewhere(language, message)
            ):
                found.append(Problem(_home(message, [p for p, _ in files]), message, "missing"))
    return found


def _home(message: Message, paths: list[Path]) -> Path:
    """The catalogue a missing message belongs in: its app's, else the project's."""

    def folder(catalogue: Path) -> Path:
        return catalogue.parents[3]  # <folder>/locale/<language>/LC_MESSAGES/<domain>.po

    holding = [p for p in paths if message.path and message.path.is_relative_to(folder(p))]
    return max(holding or paths, key=lambda p: len(folder(p).parts))


def _django_catalogues(language: str) -> list[polib.MOFile]:
    """The compiled catalogues outside sobhxh that Django reads too (its own, its apps',
    the other installed apps')."""
    import django
    from django.apps import apps

    if not apps.ready:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sobhxh.settings")
        django.setup()
    dirs = [Path(django.__file__).parent / "conf" / "locale"]
    dirs += [Path(app.path) / "locale" for app in apps.get_app_configs()]
    files = []
    for directory in dirs:
        mo = directory / language / "LC_MESSAGES" / "django.mo"
        if mo.exists() and not mo.is_relative_to(PACKAGE_DIR):
            files.append(polib.mofile(str(mo)))
    return files


@cache
def _django_keys(language: str) -> frozenset[tuple[str | None, str]]:
    return frozenset(
        (entry.msgctxt, entry.msgid) for mo in _django_catalogues(language) for entry in mo
    )


def translated_by_django(language: str, message: Message) -> bool:
    return message.key in _django_keys(language)


def check(root: Path = PACKAGE_DIR, catalogue_paths: Iterable[Path] | None = None) -> int:
    """Print each problem of the catalogues (by default sobhxh's) with the code under `root`;
    1 if there is any, else 0."""
    if catalogue_paths is None:
        catalogue_paths = catalogues()
    found = problems(
        used_messages(root), catalogue_paths, translated_elsewhere=translated_by_django
    )
    for problem in found:
        print(problem)
    if found:
        print(f"{len(found)} strings the code uses are not translated (see above).")
        return 1
    print("Every string the code uses is translated.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sobhxh.i18n", description=__doc__)
    parser.add_argument(
        "--check",
        action="store_true",
        help="check the catalogues against the strings the code uses instead of compiling",
    )
    if parser.parse_args(argv).check:
        return check()
    for path in compile_all():
        print(f"compiled {path.relative_to(PACKAGE_DIR.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
