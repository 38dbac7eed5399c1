"""Messages said in both languages.

A refusal is kept and shown in Vietnamese and in English (DESIGN.md invariant 7), whichever
app refuses: the book lifecycle (`books.errors`), the handover work, the importer's report
(`intake.errors`), the jobs that read files. `in_both_languages` is the one place such a
message is rendered from its translatable template and params.

It has a module of its own rather than a place in `books.errors` or `sobhxh.i18n`: the
importer and the jobs speak both languages about things that are not the book lifecycle,
and an app should not reach into the lifecycle to do so; `sobhxh.i18n` is the catalogues'
tool (compiling and checking them), which no request needs.
"""

from django.utils import translation

LANGUAGES = ("vi", "en")
# How many renderings `in_both_languages` remembers before it starts over.
REMEMBERED = 10_000
_rendered: dict[tuple, tuple[str, str]] = {}


def in_both_languages(message, params: dict | None = None) -> tuple[str, str]:
    """(Vietnamese, English) of a translatable message with its %(name)s params.

    A lazy message (`gettext_lazy`) keeps its msgid in `_args`: each rendering is
    remembered by msgid and params, since an import report may say the same thing about a
    million rows. Messages that name one book each fill the memory with renderings seen
    once, so when it is full it starts over rather than stop remembering.
    """
    msgid = getattr(message, "_args", None)
    key = (msgid, tuple(sorted((k, str(v)) for k, v in params.items())) if params else ())
    if msgid is not None and (found := _rendered.get(key)) is not None:
        return found
    rendered = []
    for language in LANGUAGES:
        with translation.override(language):
            text = str(message)
            rendered.append(text % {k: str(v) for k, v in params.items()} if params else text)
    pair = rendered[0], rendered[1]
    if msgid is not None:
        if len(_rendered) >= REMEMBERED:
            _rendered.clear()
        _rendered[key] = pair
    return pair


def in_active_language(message, params: dict | None = None) -> str:
    """The message as `in_both_languages` renders it, in the active language."""
    return of_active_language(*in_both_languages(message, params))


def of_active_language(vietnamese: str, english: str) -> str:
    """Of a message said in both languages, the one to show now: English when English is
    active, else Vietnamese (the default language)."""
    return english if (translation.get_language() or "").startswith("en") else vietnamese
