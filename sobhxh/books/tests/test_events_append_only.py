import pytest
from django.db import DatabaseError, connection, transaction

from sobhxh.books.lifecycle import Action, State
from sobhxh.books.models import BookEvent
from sobhxh.books.services import transition
from sobhxh.testing.factories import make_book, put_in_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    book = put_in_state(make_book(), State.IN_REVIEW)
    return book.events.order_by("id").last()


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE books_bookevent SET to_state = 'handed_over' WHERE id = %s",
        "UPDATE books_bookevent SET details = '{}' WHERE id = %s",
        "DELETE FROM books_bookevent WHERE id = %s",
    ],
)
def test_the_database_refuses_to_change_or_delete_an_event_in_raw_sql(event, sql):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [event.pk])
    event.refresh_from_db()
    assert event.to_state == State.IN_REVIEW


def test_the_database_refuses_orm_updates_and_deletes_of_events(event):
    with pytest.raises(DatabaseError), transaction.atomic():
        BookEvent.objects.filter(pk=event.pk).update(happened_on=event.happened_on)
    with pytest.raises(DatabaseError), transaction.atomic():
        BookEvent.objects.filter(pk=event.pk).delete()
    assert BookEvent.objects.filter(pk=event.pk).exists()


def test_new_events_are_still_appended(event):
    transition(book=event.book, action=Action.CONFIRM, on=event.happened_on)
    assert list(event.book.events.values_list("action", flat=True)) == [
        "register",
        "start_review",
        "confirm",
    ]
