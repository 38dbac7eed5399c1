"""The pairs an office reviews, read by index from the places stored on each pair
(`pair_ids`), against the plain way that asks each pair's books where they are managed
(`pairs`): the same pairs in the same order for every role, whatever the scores (ties
included), statuses and places of the two books; and a pair whose book moved takes its new
place when the finder finds it again."""

from datetime import date

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sobhxh.accounts.models import Role
from sobhxh.duplicates import selectors, services
from sobhxh.duplicates.models import DuplicatePair, Reason, Status
from sobhxh.duplicates.rules import Row
from sobhxh.testing.factories import make_books, make_employer, make_user

pytestmark = pytest.mark.django_db

REASONS = [Reason.IDENTITY, Reason.NAME, Reason.BIRTH, Reason.SEX, Reason.EMPLOYER]
pair = st.tuples(
    st.integers(0, 7),
    st.integers(0, 7),
    st.lists(st.sampled_from(REASONS), min_size=1, max_size=3, unique=True),
    st.sampled_from(Status.values),
)


def row(book) -> Row:
    return Row(book.pk, book.search_name, book.birth_date, book.birth_precision, book.sex,
               book.office.province_id, book.office_id, book.employer_id, "")  # fmt: skip


@pytest.fixture
def pool(world):
    province_employer = make_employer("79", code="E-79")
    books = []
    for employer in (world.employers.q1, world.employers.q12, world.employers.ba_dinh):
        books += make_books(employer, 2)
    books += make_books(province_employer, 2)
    return books


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(pairs=st.lists(pair, max_size=20))
def test_an_office_s_pairs_by_index_are_the_pairs_its_books_are_in(world, pool, pairs):
    with transaction.atomic():
        writer = services.PairWriter(run=1, chunk=3)
        decided = {}
        for first, second, reasons, status in pairs:
            if first != second:
                writer.add(row(pool[first]), row(pool[second]), [str(r) for r in reasons])
                decided[frozenset((pool[first].pk, pool[second].pk))] = status
        writer.flush()
        for found in DuplicatePair.objects.all():
            found.status = decided[frozenset((found.book_low_id, found.book_high_id))]
            found.save(update_fields=["status"])
        users = [*vars(world.users).values(), make_user("hn", role=Role.PROVINCE, office="01")]
        for user in users:
            for status in Status.values:
                plain = [found.pk for found in selectors.pairs(user, status=status)]
                ids = selectors.pair_ids(user, status=status)
                assert ids[0 : len(plain) + 3] == plain
                assert ids.count_up_to(3) == min(3, len(plain))
                for start in range(0, len(plain) + 1, 2):
                    got = selectors.pairs_in_order(ids[start : start + 2])
                    assert [found.pk for found in got] == plain[start : start + 2]
        transaction.set_rollback(True)


def test_a_pair_whose_book_moved_is_listed_where_it_is_now(world, find):
    from sobhxh.testing.factories import make_person_book

    first = make_person_book(world.employers.q1, "Nguyễn Văn Hùng", date(1985, 4, 17))
    second = make_person_book(world.employers.q12, "Nguyen Van Hung", date(1985, 4, 17))
    find()
    district = world.users.district  # Quận 1 (760): the first book's office
    assert len(selectors.pair_ids(district)[0:10]) == 1
    type(first).objects.filter(pk=first.pk).update(
        employer=world.employers.q12, office=world.employers.q12.office
    )
    find()
    assert selectors.pair_ids(district)[0:10] == []
    assert second.office_id == world.employers.q12.office_id
