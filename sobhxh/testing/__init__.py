"""The one home of the test helpers that more than one app's tests use.

    factories   make_user (of any role, or none; a supervisor), make_employer, make_books,
                make_book, make_worker (a chosen identity), add_periods, put_in_state,
                confirmed, ids, the handover days (ROUND_DAY, ...), office(code), PASSWORD
    world       the `world` fixture: the usual offices, employers and a user of each role
    csp         the Content Security Policy and `check`, which asserts a response keeps it
    files       files of the import format (CSV in any encoding, XLS, ODS, XLSX)
    bombs       hostile spreadsheets (the intake and handover tests, and bench/bombs.py)
    processes   manage.py and gunicorn in a process of their own, in a clean environment

A test imports from here, and from its own app's `tests/helpers.py` for what only that app's
tests share; never from another app's tests package. The root conftest.py loads `world` as
a pytest plugin and has pytest rewrite these modules' asserts. The browser tests' fixtures
are a plugin of their own, `sobhxh/browser.py`. See the end of docs/decisions.md.
"""
