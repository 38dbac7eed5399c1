"""The blocked, streamed finder against the plain reference (every pair compared) on
generated books of every shape: none, one block, crowded blocks, neighbouring years and
months, names a letter apart, births without a day or a month, and fetch and write chunks
of any size."""

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sobhxh.books.lifecycle import Via
from sobhxh.books.services import NewBook, register_books
from sobhxh.duplicates import finder
from sobhxh.duplicates.models import DuplicatePair
from sobhxh.duplicates.rules import reference_pairs, score
from sobhxh.testing.factories import make_employer

NAMES = ["Nguyễn Văn An", "Nguyen Van An", "Nguyễn Văn Án", "Nguyễn Vn An", "Nguyễn Văn Anh",
         "Nguyễn Văn Na", "Ngyuễn Văn An", "Lê Thị Hoa", "Lê Thị Hòa", "Lê Thị Hao"]  # fmt: skip
BIRTHS = [date(1980, 1, 1), date(1980, 1, 31), date(1980, 2, 1), date(1980, 12, 31),
          date(1981, 1, 1), date(1979, 12, 31)]  # fmt: skip
book = st.tuples(
    st.sampled_from(NAMES),
    st.sampled_from(BIRTHS),
    st.sampled_from(["day", "day", "month", "year"]),
    st.sampled_from(["male", "female"]),
    st.integers(0, 3),  # employer: two in Hồ Chí Minh (two districts), one in Hà Nội, one more
    st.sampled_from(["", "", "", "012345678", "012345679", "987654321", "079085001234"]),
)
_serial = iter(range(10**6, 10**7))


@pytest.fixture
def employers(db):
    return [make_employer(code) for code in ("760", "761", "001", "760")]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    books=st.lists(book, max_size=30),
    fetch=st.integers(1, 7),
    write_chunk=st.integers(1, 5),
)
def test_the_finder_stores_exactly_the_pairs_the_plain_reference_finds(
    employers, monkeypatch, books, fetch, write_chunk
):
    new = []
    for name, birth, precision, sex, employer, identity in books:
        if precision != "day":
            birth = birth.replace(day=1) if precision == "month" else birth.replace(month=1, day=1)
        new.append(
            NewBook(
                f"{next(_serial):010d}", name, birth, sex, employers[employer].pk,
                employers[employer].office_id, precision, identity,
            )
        )  # fmt: skip
    register_books(new, on=date(2016, 12, 31), via=Via.COMMAND)
    monkeypatch.setattr(finder, "WRITE_CHUNK", write_chunk)
    finder.find(fetch=fetch)

    rows = list(finder._stream(f"SELECT {finder.FINDER_COLUMNS} {finder.FROM}", [], 100))
    expected = reference_pairs(rows)
    stored = {(p.book_low_id, p.book_high_id): p for p in DuplicatePair.objects.all()}
    assert {pair: p.reasons for pair, p in stored.items()} == expected
    assert all(p.score == score(p.reasons) for p in stored.values())
