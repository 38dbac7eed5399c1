"""The categories loaded by migration, the admin that edits them, and the history that no
one can change."""

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.urls import reverse

from sobhxh.organisation.models import Function
from sobhxh.problems.models import Category, ProblemEvent
from sobhxh.problems.selectors import categories
from sobhxh.testing.factories import category, make_problem, make_user

pytestmark = pytest.mark.django_db

TOP = ["procedure", "software", "money", "revenue", "benefits", "other"]


def test_the_tree_is_loaded_two_levels_deep_with_vietnamese_names():
    tree = categories()
    assert [top.code for top, _children in tree] == TOP
    for top, children in tree:
        assert children, top.code
        assert all(child.children.count() == 0 for child in children)
    assert category("money-settlement").name == "Thanh quyết toán kinh phí"
    assert category("software-fault").function == Function.IT
    assert {c.function for c in Category.objects.all()} == set(Function.values)


def test_a_category_cannot_go_three_levels_deep():
    third = Category(
        parent=category("software-fault"), code="x", name="X", function="it", deadline_days=1
    )
    with pytest.raises(ValidationError):
        third.full_clean()
    top = category("software")
    top.parent = category("money")
    with pytest.raises(ValidationError):
        top.full_clean()


def test_the_routing_table_is_data_a_new_function_routes_new_problems(world):
    rates = category("money-rates")
    rates.function = Function.BOOK_CARD
    rates.save()
    problem = make_problem(world.users.district, category_code="money-rates")
    assert problem.department.function == Function.BOOK_CARD


def test_an_inactive_category_is_not_offered_nor_accepted(world):
    from sobhxh.problems.errors import ProblemRefused

    other = category("other-general")
    other.active = False
    other.save()
    assert "other-general" not in {c.code for _top, children in categories() for c in children}
    with pytest.raises(ProblemRefused):
        make_problem(world.users.district, category_code="other-general")


def test_history_entries_can_be_neither_changed_nor_deleted(world):
    event = make_problem(world.users.district).events.get()
    with pytest.raises(DatabaseError), transaction.atomic():
        ProblemEvent.objects.filter(pk=event.pk).update(note="sửa")
    with pytest.raises(DatabaseError), transaction.atomic():
        ProblemEvent.objects.filter(pk=event.pk).delete()


def test_the_admin_edits_categories_and_shows_problems_with_their_history(client, world):
    admin = make_user("quan-tri", is_superuser=True)
    client.force_login(admin)
    problem = make_problem(world.users.district)
    for url in [
        reverse("admin:problems_category_changelist"),
        reverse("admin:problems_category_change", args=[category().pk]),
        reverse("admin:problems_problem_changelist"),
        reverse("admin:problems_problem_change", args=[problem.pk]),
    ]:
        assert client.get(url).status_code == 200, url
    page = client.get(reverse("admin:problems_problem_change", args=[problem.pk])).content
    assert problem.title.encode() in page
    assert client.get(reverse("admin:problems_problem_add")).status_code == 403
