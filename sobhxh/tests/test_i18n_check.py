"""The translations check (`python -m sobhxh.i18n --check`): what it finds the code using,
and which catalogue entries make it fail."""

import textwrap

from sobhxh.i18n import Message, check, problems, used_messages

HEADER = """\
msgid ""
msgstr ""
"Language: {language}\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

"""


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def catalogue(folder, language, entries):
    path = folder / "locale" / language / "LC_MESSAGES" / "django.po"
    return write(path, HEADER.format(language=language) + textwrap.dedent(entries))


def an_app(tmp_path):
    write(
        tmp_path / "app" / "views.py",
        """\
        from django.utils.translation import gettext as _, ngettext, pgettext_lazy

        TITLE = _("Books")
        LABEL = pgettext_lazy("dashboard", "Code")
        COUNT = ngettext("%(n)s book", "%(n)s books", 2)
        NAME = _(some_variable)
        """,
    )
    write(tmp_path / "app" / "tests" / "test_views.py", '_("Only a test says this")\n')
    return tmp_path


def test_strings_used_in_python_and_templates_are_found_as_django_looks_them_up(tmp_path):
    an_app(tmp_path)
    write(
        tmp_path / "app" / "templates" / "app" / "page.html",
        """\
        {% load i18n %}
        <div class="a">
          <th>{% translate "Target (%)" context "dashboard" %}</th>
        </div>
        {% blocktranslate with name=employer.name %}Managed by {{ name }}{% endblocktranslate %}
        """,
    )

    found = {(m.context, m.msgid, m.plural) for m in used_messages(tmp_path)}

    assert found == {
        (None, "Books", None),
        ("dashboard", "Code", None),
        (None, "%(n)s book", "%(n)s books"),
        ("dashboard", "Target (%%)", None),
        (None, "Managed by %(name)s", None),
    }


def test_a_clean_catalogue_passes(tmp_path, capsys):
    an_app(tmp_path)
    catalogue(
        tmp_path / "app",
        "vi",
        """\
        msgid "Books"
        msgstr "Sổ BHXH"

        msgctxt "dashboard"
        msgid "Code"
        msgstr "Mã"

        msgid "%(n)s book"
        msgid_plural "%(n)s books"
        msgstr[0] "%(n)s sổ"

        #, fuzzy
        msgid "A string no code uses any more"
        msgstr ""
        """,
    )
    # English is the source language: its msgstr may stay empty.
    catalogue(tmp_path / "app", "en", 'msgid "Books"\nmsgstr ""\n')

    assert check(tmp_path, sorted(tmp_path.rglob("*.po"))) == 0
    assert "Every string the code uses is translated." in capsys.readouterr().out


def test_a_fuzzy_entry_fails_with_its_msgid_and_file(tmp_path, capsys):
    an_app(tmp_path)
    vi = catalogue(
        tmp_path / "app",
        "vi",
        """\
        #, fuzzy
        msgid "Books"
        msgstr "Sổ"

        msgctxt "dashboard"
        msgid "Code"
        msgstr "Mã"

        msgid "%(n)s book"
        msgid_plural "%(n)s books"
        msgstr[0] "%(n)s sổ"
        """,
    )

    assert check(tmp_path, [vi]) == 1

    out = capsys.readouterr().out
    assert f"{vi}: fuzzy: 'Books' (used at {tmp_path}/app/views.py:3)" in out
    assert "1 strings the code uses are not translated" in out


def test_untranslated_and_missing_vietnamese_fail_but_english_msgids_need_no_msgstr(tmp_path):
    an_app(tmp_path)
    vi = catalogue(
        tmp_path / "app",
        "vi",
        """\
        msgid "Books"
        msgstr ""

        #~ msgctxt "dashboard"
        #~ msgid "Code"
        #~ msgstr "Mã"
        """,
    )
    en = catalogue(tmp_path / "app", "en", 'msgid "Books"\nmsgstr ""\n')

    found = problems(used_messages(tmp_path), [vi, en])

    assert [(p.catalogue, p.message.context, p.message.msgid, p.what) for p in found] == [
        (vi, None, "Books", "untranslated"),
        (vi, "dashboard", "Code", "missing"),  # an obsolete entry translates nothing
        (vi, None, "%(n)s book", "missing"),
    ]


def test_a_fuzzy_english_entry_fails(tmp_path):
    en = catalogue(tmp_path, "en", '#, fuzzy\nmsgid "Books"\nmsgstr "Registers"\n')

    found = problems([Message("Books")], [en])

    assert [(p.catalogue, p.what) for p in found] == [(en, "fuzzy")]


def test_a_string_only_django_translates_is_not_missing(tmp_path):
    vi = catalogue(tmp_path, "vi", "")

    found = problems(
        [Message("Log in"), Message("Books")],
        [vi],
        translated_elsewhere=lambda language, message: message.msgid == "Log in",
    )

    assert [p.message.msgid for p in found] == ["Books"]
