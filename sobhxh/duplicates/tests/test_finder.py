"""What `find_duplicates` proposes, and what it does not."""

from datetime import date

from django.core.management import call_command

from sobhxh.duplicates import services
from sobhxh.duplicates.models import DuplicatePair, Status
from sobhxh.testing.factories import make_employer, make_person_book, make_user, put_in_state

from .conftest import key

BIRTH = date(1985, 4, 17)


def test_same_identity_number_is_a_pair_whatever_the_names_and_places(world, find):
    a = make_person_book(world.employers.q1, "Nguyễn Văn An", BIRTH, identity="079085001234")
    b = make_person_book(
        world.employers.ba_dinh, "Trần Thị Bình", date(1970, 1, 2), sex="female",
        identity="079085001234",
    )  # fmt: skip
    pairs = find()
    assert pairs[key(a, b)].reasons == ["identity"]


def test_a_name_typed_with_a_letter_swapped_and_the_same_birth_is_a_pair(world, find):
    a = make_person_book(world.employers.q1, "Nguyễn Văn Hùng", BIRTH)
    b = make_person_book(world.employers.q1, "Nguyễn Văn Hnùg", BIRTH)
    pairs = find()
    assert pairs[key(a, b)].reasons == ["name_variant", "birth", "sex", "employer"]


def test_names_without_diacritics_or_a_missing_letter_are_pairs(world, find):
    a = make_person_book(world.employers.q1, "Lê Thị Hương", BIRTH, sex="female")
    b = make_person_book(world.employers.q1, "Le Thi Huong", BIRTH, sex="female")
    c = make_person_book(world.employers.q1, "Lê Thị Hưng", BIRTH, sex="female")
    pairs = find()
    assert pairs[key(a, b)].reasons[0] == "name"
    assert pairs[key(a, c)].reasons[0] == "name_variant"
    assert pairs[key(b, c)].reasons[0] == "name_variant"


def test_a_birth_without_its_day_fits_any_day_of_its_month(world, find):
    a = make_person_book(world.employers.q1, "Phạm Minh Tuấn", BIRTH)
    b = make_person_book(world.employers.q1, "Phạm Minh Tuấn", date(1985, 4, 1), precision="month")
    other_month = make_person_book(
        world.employers.q1, "Phạm Minh Tuấn", date(1985, 5, 1), precision="month"
    )
    pairs = find()
    assert pairs[key(a, b)].reasons == ["name", "birth_partial", "sex", "employer"]
    assert key(a, other_month) not in pairs


def test_another_employer_of_the_same_province_still_makes_a_pair(world, find):
    a = make_person_book(world.employers.q1, "Võ Thanh Tâm", BIRTH)
    b = make_person_book(world.employers.q12, "Võ Thanh Tââm", BIRTH)
    pairs = find()
    assert pairs[key(a, b)].reasons == ["name_variant", "birth", "sex", "province"]


def test_different_birth_sex_or_province_without_identity_is_no_pair(world, find):
    a = make_person_book(world.employers.q1, "Đỗ Văn Long", BIRTH)
    make_person_book(world.employers.q1, "Đỗ Văn Long", date(1985, 4, 18))
    make_person_book(world.employers.q1, "Đỗ Văn Long", BIRTH, sex="female")
    make_person_book(world.employers.ba_dinh, "Đỗ Văn Long", BIRTH)
    make_person_book(world.employers.q1, "Đỗ Văn Lâm", BIRTH)  # two letters apart
    make_person_book(world.employers.q1, "Đỗ Văn Long", date(1985, 1, 1), precision="year")
    assert find() == {}
    assert a.pk


def test_decided_pairs_are_never_proposed_again_and_a_rerun_changes_nothing(world, find):
    a = make_person_book(world.employers.q1, "Bùi Thị Mai", BIRTH, sex="female")
    b = make_person_book(world.employers.q1, "Bùi Thị Mai", BIRTH, sex="female")
    c = make_person_book(world.employers.q1, "Bùi Thị Mia", BIRTH, sex="female")
    first = find()
    assert set(first) == {key(a, b), key(a, c), key(b, c)}
    services.decide_different(pair=first[key(a, b)], actor=make_user())
    again = find()
    assert set(again) == set(first)
    assert again[key(a, b)].status == Status.DIFFERENT
    assert DuplicatePair.objects.filter(status=Status.OPEN).count() == 2
    assert [(p.pk, p.score, p.reasons) for p in again.values()] == [
        (p.pk, p.score, p.reasons) for p in first.values()
    ]


def test_an_open_pair_no_longer_found_is_withdrawn_and_excluded_books_are_skipped(world, find):
    a = make_person_book(world.employers.q1, "Hồ Văn Nam", BIRTH)
    b = make_person_book(world.employers.q1, "Hồ Văn Nam", BIRTH)
    assert set(find()) == {key(a, b)}
    put_in_state(b, "excluded")
    assert find() == {}


def test_the_command_says_what_it_found(world, capsys):
    make_person_book(world.employers.q1, "Lý Văn Phúc", BIRTH)
    make_person_book(world.employers.q1, "Lý Văn Phúc", BIRTH)
    call_command("find_duplicates", "--quiet")
    assert "1 cặp có thể trùng" in capsys.readouterr().out
    assert DuplicatePair.objects.count() == 1


def test_a_crowded_identity_number_is_no_evidence(world, find):
    employer = make_employer("760")
    for serial in range(22):
        make_person_book(
            employer, f"Người Số {serial}", date(1980, 1, 1 + serial), identity="000000000"
        )
    assert find() == {}


def test_identity_numbers_of_one_kind_that_differ_beyond_a_slip_are_two_people(world, find):
    a = make_person_book(world.employers.q1, "Mai Văn Sơn", BIRTH, identity="012345678")
    slip = make_person_book(world.employers.q1, "Mai Văn Sơn", BIRTH, identity="012345679")
    other = make_person_book(world.employers.q1, "Mai Văn Sơn", BIRTH, identity="987654321")
    new_card = make_person_book(world.employers.q1, "Mai Văn Sơn", BIRTH, identity="079085001234")
    pairs = find()
    assert key(a, slip) in pairs and key(a, new_card) in pairs
    assert key(a, other) not in pairs and key(slip, other) not in pairs
    assert key(other, new_card) in pairs
