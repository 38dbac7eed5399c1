"""The demo's money: budgets for every province and year, most of 2017 settled, each
approved settlement's figures those of its counted work."""

import random
from datetime import date

import pytest

from sobhxh.books.lifecycle import Action
from sobhxh.books.services import transition_many
from sobhxh.money import demo, selectors
from sobhxh.money.models import ApprovedSettlement, Budget, Settlement
from sobhxh.testing.factories import ids, make_books
from sobhxh.units.models import Office

pytestmark = pytest.mark.django_db


def test_the_demo_budgets_every_province_and_settles_most_of_2017(world):
    books = make_books(world.employers.q1, 4)
    transition_many(book_ids=ids(books), action=Action.START_REVIEW, on=date(2017, 3, 10))
    transition_many(book_ids=ids(books[:2]), action=Action.CONFIRM, on=date(2017, 9, 1))

    made = demo.write(random.Random("112-money"))

    provinces = Office.objects.filter(level=Office.Level.PROVINCE).count()
    assert made["budgets"] == Budget.objects.count() == 2 * provinces
    assert Settlement.objects.count() == made["settlements"] > provinces // 2
    assert ApprovedSettlement.objects.count() == made["approved_settlements"] > provinces // 2
    for approved in ApprovedSettlement.objects.select_related("settlement__province"):
        province = approved.settlement.province
        counted = selectors.counted_lines(province, 2017)
        assert approved.allowed == sum(line.amount for line in counted)
        assert approved.allowed == sum(approved.lines.values_list("amount", flat=True))
    hcm = selectors.settlement_figures(world.offices.hcm, 2017)
    assert hcm.allowed == 4 * 5_000 + 2 * 12_000
