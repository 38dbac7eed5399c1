from datetime import date

from sobhxh.books.lifecycle import Action, Via
from sobhxh.books.models import Book, Period
from sobhxh.books.services import NewBook, register_books, transition_many
from sobhxh.handover.models import ReturnedListUpload

ROUND_DAY = date(2017, 5, 2)
ANSWER_DAY = date(2017, 5, 15)
HANDOVER_DAY = date(2017, 6, 5)

_serial = iter(range(9_000_000, 10_000_000))


def make_worker(
    employer,
    full_name: str,
    *,
    birth_date: date = date(1985, 7, 14),
    precision: str = "day",
    sex: str = "female",
    identity_number: str = "",
    periods: int = 0,
) -> Book:
    """One registered book with a chosen identity and `periods` contribution periods."""
    number = f"{next(_serial):010d}"
    register_books(
        [
            NewBook(
                number=number,
                full_name=full_name,
                birth_date=birth_date,
                birth_precision=precision,
                sex=sex,
                identity_number=identity_number,
                employer_id=employer.pk,
                unit_id=employer.unit_id,
            )
        ],
        on=date(2016, 12, 31),
        via=Via.COMMAND,
    )
    book = Book.objects.get(number=number)
    add_periods(book, periods)
    return book


def add_periods(book: Book, count: int) -> None:
    Period.objects.bulk_create(
        Period(
            book=book,
            fund="BHXH",
            from_month=date(2000 + year, 1, 1),
            to_month=date(2000 + year, 12, 1),
            job=f"Công nhân may, tổ {year}",
            wage=4_500_000 + 100_000 * year,
            rate="8.00",
        )
        for year in range(count)
    )


def ids(books) -> list[int]:
    return [book.pk for book in books]


def confirmed(books, on: date = ANSWER_DAY) -> list[int]:
    """Put fresh books through review and confirmation; return their ids."""
    book_ids = ids(books)
    transition_many(book_ids=book_ids, action=Action.START_REVIEW, on=ROUND_DAY)
    transition_many(book_ids=book_ids, action=Action.CONFIRM, on=on)
    return book_ids


def make_returned_list(employer, user, **fields) -> ReturnedListUpload:
    """A returned list as the job leaves it once read: two books confirmed, no problem."""
    values = {
        "on": ANSWER_DAY,
        "file_name": "tra-ve.xlsx",
        "file": "returned-lists/tra-ve.xlsx",
        "language": "vi",
        "status": ReturnedListUpload.Status.DONE,
        "outcome": {"sheet": "Kết quả", "confirmed": 2, "disputed": 0, "problems": [],
                    "unanswered": []},
    }  # fmt: skip
    return ReturnedListUpload.objects.create(employer=employer, user=user, **{**values, **fields})
