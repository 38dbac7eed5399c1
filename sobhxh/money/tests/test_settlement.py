"""A settlement of a province's year: counted, entered, submitted, approved and frozen."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction

from sobhxh.books.lifecycle import Action
from sobhxh.books.services import transition_many
from sobhxh.money import selectors, services
from sobhxh.money.models import ApprovedLine, ApprovedSettlement, Settlement, UnitCost
from sobhxh.testing.factories import ids, make_books

pytestmark = pytest.mark.django_db
TODAY = date(2018, 3, 1)


def reviewed(employer, count, on):
    books = make_books(employer, count)
    transition_many(book_ids=ids(books), action=Action.START_REVIEW, on=on)
    return books


def approved_2017(world, finance):
    hcm = world.offices.hcm
    services.save_spent(province=hcm, year=2017, spent=40_000, actor=finance.hcm, today=TODAY)
    services.submit_settlement(province=hcm, year=2017, actor=finance.hcm, today=TODAY)
    settlement = Settlement.objects.get(province=hcm, year=2017)
    return services.approve_settlement(settlement=settlement, actor=finance.centre)


def test_the_allowed_amount_is_the_count_times_the_rate_and_the_difference_what_is_left(
    world, finance
):
    reviewed(world.employers.q1, 4, date(2017, 3, 10))  # 4 × 5.000 (example rate)
    reviewed(world.employers.q12, 2, date(2017, 8, 1))  # 2 × 5.500 (from 01/07/2017)
    approved = approved_2017(world, finance)
    assert (approved.allowed, approved.spent, approved.difference) == (31_000, 40_000, -9_000)
    lines = list(approved.lines.values_list("activity", "rate", "count", "amount"))
    assert lines == [("review", 5_000, 4, 20_000), ("review", 5_500, 2, 11_000)]


def test_a_back_dated_event_changes_the_month_it_falls_in_but_not_the_approved_settlement(
    world, finance
):
    reviewed(world.employers.q1, 2, date(2017, 3, 10))
    march = selectors.office_year(world.offices.hcm, 2017, TODAY).rows[2]
    assert march.cost == 10_000
    approved = approved_2017(world, finance)

    reviewed(world.employers.q12, 3, date(2017, 3, 20))  # recorded now, dated last March

    march = selectors.office_year(world.offices.hcm, 2017, TODAY).rows[2]
    assert march.cost == 25_000
    figures = selectors.settlement_figures(world.offices.hcm, 2017)
    assert (figures.allowed, figures.recounted, figures.changed_since) == (10_000, 25_000, 15_000)
    approved.refresh_from_db()
    assert approved.allowed == 10_000
    assert [line.count for line in figures.lines] == [2]


def test_the_database_refuses_to_change_an_approved_settlement(world, finance):
    reviewed(world.employers.q1, 1, date(2017, 3, 10))
    approved = approved_2017(world, finance)
    refused = [
        lambda: ApprovedSettlement.objects.filter(pk=approved.pk).update(allowed=1),
        lambda: ApprovedSettlement.objects.filter(pk=approved.pk).delete(),
        lambda: ApprovedLine.objects.filter(approved=approved).update(count=99),
        lambda: Settlement.objects.filter(pk=approved.settlement_id).update(spent=1),
        lambda: Settlement.objects.filter(pk=approved.settlement_id).update(state="draft"),
        lambda: UnitCost.objects.update(amount=1),
        lambda: UnitCost.objects.all().delete(),
    ]
    for change in refused:
        with pytest.raises(DatabaseError), transaction.atomic():
            change()
    assert ApprovedSettlement.objects.get(pk=approved.pk).allowed == 5_000


def test_a_settlement_not_yet_approved_may_still_change(world, finance):
    hcm = world.offices.hcm
    services.save_spent(province=hcm, year=2017, spent=1, actor=finance.hcm, today=TODAY)
    Settlement.objects.filter(province=hcm).update(spent=2)  # no trigger stops a draft
    assert Settlement.objects.get(province=hcm).spent == 2


def test_a_year_is_settled_only_once_it_has_ended(world, finance):
    with pytest.raises(ValidationError):
        services.save_spent(
            province=world.offices.hcm, year=2017, spent=1, actor=finance.hcm,
            today=date(2017, 12, 31),
        )  # fmt: skip


def test_only_the_provinces_finance_department_prepares_and_only_the_centres_approves(
    world, finance
):
    hcm = world.offices.hcm
    for outsider in (finance.hanoi, finance.centre, world.users.province, world.users.central):
        with pytest.raises(PermissionDenied):
            services.save_spent(province=hcm, year=2017, spent=1, actor=outsider, today=TODAY)
    services.submit_settlement(province=hcm, year=2017, actor=finance.hcm, today=TODAY)
    settlement = Settlement.objects.get(province=hcm, year=2017)
    for outsider in (finance.hcm, world.users.central, world.users.province):
        with pytest.raises(PermissionDenied):
            services.approve_settlement(settlement=settlement, actor=outsider)


def test_a_returned_settlement_is_corrected_and_submitted_again(world, finance):
    hcm = world.offices.hcm
    services.save_spent(province=hcm, year=2017, spent=9, actor=finance.hcm, today=TODAY)
    services.submit_settlement(province=hcm, year=2017, actor=finance.hcm, today=TODAY)
    with pytest.raises(ValidationError):
        services.save_spent(province=hcm, year=2017, spent=8, actor=finance.hcm, today=TODAY)
    settlement = Settlement.objects.get(province=hcm, year=2017)
    services.return_settlement(
        settlement=settlement, comment="Thiếu chứng từ", actor=finance.centre
    )
    services.save_spent(province=hcm, year=2017, spent=8, actor=finance.hcm, today=TODAY)
    services.submit_settlement(province=hcm, year=2017, actor=finance.hcm, today=TODAY)
    approved = services.approve_settlement(settlement=settlement, actor=finance.centre)
    assert approved.spent == 8
    with pytest.raises(ValidationError):
        services.approve_settlement(settlement=settlement, actor=finance.centre)


def test_only_central_finance_sets_rates_and_budgets(world, finance):
    from sobhxh.testing.factories import make_budget, make_unit_cost

    for outsider in (world.users.central, finance.hcm, world.users.province):
        with pytest.raises(PermissionDenied):
            make_unit_cost("review", 1, date(2019, 1, 1), actor=outsider)
        with pytest.raises(PermissionDenied):
            make_budget("79", 2017, 1, actor=outsider)
    make_unit_cost("review", 7_000, date(2019, 1, 1), actor=finance.centre)
    with pytest.raises(ValidationError):
        make_unit_cost("review", 8_000, date(2019, 1, 1), actor=finance.centre)
    make_budget("79", 2017, 1_000, actor=finance.centre)
    assert make_budget("79", 2017, 2_000, actor=finance.centre).amount == 2_000
