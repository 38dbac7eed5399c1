"""Tables in book-number order are merged (each book's periods come with it) instead of
the periods being parked first: both paths must end the same, say the same, and hold only
a bounded part of the file at once."""

import json

import pytest
from django.db import transaction

from sobhxh.books.models import Book, BookEvent
from sobhxh.intake import importing, merging, pipeline
from sobhxh.intake.importing import Importer
from sobhxh.intake.reading import open_tables
from sobhxh.progress.verify import verify
from sobhxh.testing.files import (
    BOOK_HEADER,
    FOOTER,
    PERIOD_HEADER,
    TITLE,
    book,
    books_file,
    period,
    periods_file,
    write_xlsx,
)

from .test_importing import snapshot

pytestmark = pytest.mark.django_db


def _number(n: int) -> str:
    return f"01{n:08d}"


@pytest.fixture
def stored(tmp_path):
    """Books 2, 4 and 9 stored before, with a period each."""
    rows = [book(_number(n), f"Đã Có {n}") for n in (2, 4, 9)]
    periods = [period(_number(n)) for n in (2, 4, 9)]
    Importer(
        [
            books_file(tmp_path, *rows, name="old-b.csv"),
            periods_file(tmp_path, *periods, name="old-p.csv"),
        ]
    ).run()


@pytest.fixture
def sorted_rows():
    books = [
        book(_number(1), "Lê Văn Một"),
        book(_number(2), "Đã Có 2 Đổi Tên"),  # stored: renamed
        book(_number(3), "Lê Văn Ba", employer="KHONGCO"),  # unknown employer: refused
        book(_number(5), "Lê Văn Năm"),
        book(_number(5), "Lặp Lại"),  # repeated number: refused
        book(_number(6), "Lê Văn Sáu", birth="31/02/1990"),  # bad date: refused
        book(_number(7), "Lê Văn Bảy"),
    ]
    books[2][7] = ""  # no employer name to create KHONGCO with
    periods = [
        period(_number(1)),
        period(_number(1), start="06/2012", end="03/2014"),  # overlaps the one above
        period(_number(1)),  # repeated key: refused
        period(_number(2), wage="9.000.000"),  # stored period changed
        period(_number(3)),  # its book was refused, and none is stored: refused
        period(_number(4), start="01/2013", end="12/2013"),  # a stored book not in the file
        period(_number(5), fund="BHTN"),
        period(_number(7)),
        period(_number(8)),  # no book anywhere: refused
        period(_number(9), wage="bad"),  # unreadable wage: refused
        period(_number(9), start="01/2014", end="12/2014"),
    ]
    return books, periods


@pytest.fixture(params=["csv", "xlsx"])
def sorted_files(request, tmp_path, sorted_rows):
    books, periods = sorted_rows
    if request.param == "csv":
        return books_file(tmp_path, *books), periods_file(tmp_path, *periods)
    sheets = {"Sổ": [*TITLE, BOOK_HEADER, *books, *FOOTER], "Quá trình": [PERIOD_HEADER, *periods]}
    return (write_xlsx(tmp_path / "sorted.xlsx", sheets),)


def _outcome(paths, tmp_path, name, **options):
    """Import, note what the database and the report hold, and roll it all back."""
    with transaction.atomic():
        summary = Importer(paths, report_path=tmp_path / name, **options).run()
        events = sorted(
            (number, action, json.dumps(details, sort_keys=True))
            for number, action, details in BookEvent.objects.values_list(
                "book__number", "action", "details"
            )
        )
        state = (snapshot(), events, verify())
        transaction.set_rollback(True)
    report = (tmp_path / f"{name}.csv").read_text(encoding="utf-8-sig").splitlines()
    return summary.as_dict() | {"report": None}, state, sorted(report)


@pytest.mark.parametrize("parallel", [False, True], ids=["in-process", "parsing process"])
def test_tables_in_number_order_end_as_the_parked_path_ends(
    tmp_path, monkeypatch, stored, sorted_files, parallel
):
    monkeypatch.setattr(pipeline, "ROWS_PER_CHUNK", 2)
    monkeypatch.setattr(merging, "AHEAD_AT_MOST", 3)
    monkeypatch.setattr(importing, "COMMIT_EVERY", 2)
    # A workbook's number column is looked at without reading the rest of its cells.
    assert all(table.numbers_never_go_down() for table in open_tables(sorted_files))

    merged = _outcome(sorted_files, tmp_path, "merged", parallel=parallel, in_number_order=True)
    parked = _outcome(sorted_files, tmp_path, "parked", parallel=parallel, in_number_order=False)

    assert merged == parked
    summary, (_snapshot, _events, problems), report = merged
    assert summary["books"] == {
        "read": 7,
        "created": 3,
        "updated": 1,
        "unchanged": 0,
        "rejected": 3,
    }
    assert summary["periods"] == {
        "read": 11,
        "created": 6,
        "updated": 1,
        "unchanged": 0,
        "rejected": 4,
    }
    assert summary["warnings"] == 1 and problems == []
    assert len(report) == 1 + 3 + 4 + 1  # the header, the books, the periods, the warning


def test_periods_of_books_not_in_the_file_are_sent_in_bounded_parts(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "ROWS_PER_CHUNK", 2)
    monkeypatch.setattr(merging, "AHEAD_AT_MOST", 4)
    books = books_file(tmp_path, book(_number(1)), book(_number(99)))
    periods = periods_file(tmp_path, *[period(_number(n)) for n in range(1, 100)])
    segments = list(merging.merged(open_tables([books, periods]), parallel=False))

    assert max(len(segment.periods.accepted) for segment in segments) <= 4 + 2
    with_books = [s for s in segments if s.books]
    assert [p[0] for s in with_books for p in s.periods.accepted] == [_number(1), _number(99)]
    assert sum(len(segment.periods.accepted) for segment in segments) == 99


def test_tables_said_to_be_in_order_but_not_are_refused_before_anything_is_written(tmp_path):
    books = books_file(tmp_path, book(_number(2)), book(_number(1)))
    with pytest.raises(RuntimeError, match="not in number order"):
        Importer([books], in_number_order=True).run()
    assert not Book.objects.exists()


def _late_no(tables, *, parallel, known=None):
    """A look at the order that answers only when waited for, and then says no."""
    return lambda wait: False if wait else None


@pytest.mark.parametrize("dry_run", [False, True], ids=["import", "dry run"])
def test_a_late_no_to_the_order_rolls_back_and_imports_on_the_parked_path(
    tmp_path, monkeypatch, stored, sorted_files, dry_run
):
    monkeypatch.setattr(pipeline, "ROWS_PER_CHUNK", 2)
    parked = _outcome(sorted_files, tmp_path, "parked", in_number_order=False, dry_run=dry_run)
    monkeypatch.setattr(importing, "in_number_order", _late_no)
    late = _outcome(sorted_files, tmp_path, "late", dry_run=dry_run)
    assert late == parked


def test_tables_out_of_order_import_alike_whether_their_order_is_looked_at_aside_or_not(
    tmp_path, stored
):
    books = books_file(tmp_path, *[book(_number(n), f"Lê Văn {n}") for n in (7, 1, 5, 3)])
    periods = periods_file(tmp_path, *[period(_number(n)) for n in (3, 1, 7, 5, 8)])
    aside = _outcome([books, periods], tmp_path, "aside", parallel=True)
    alone = _outcome([books, periods], tmp_path, "alone", parallel=False)
    assert aside == alone
    assert aside[0]["books"]["created"] == 4 and aside[0]["periods"]["rejected"] == 1
