from datetime import date

import pytest
from django.utils import translation

from sobhxh.books.models import Period
from sobhxh.handover.selectors import (
    handover_document,
    office_heading,
    statement_pages,
)
from sobhxh.handover.services import Receipt, create_handover_batch, record_receipts
from sobhxh.testing.factories import (
    HANDOVER_DAY,
    confirmed,
    ids,
    make_books,
    make_employer,
    make_worker,
    office_with_code,
)

pytestmark = pytest.mark.django_db


def test_a_statement_page_reads_as_printed_birth_at_its_precision_wage_in_dong():
    employer = make_employer("760", name="Công ty TNHH Hưng Thịnh")
    by_year = make_worker(
        employer,
        "Nguyễn Thị Ánh Tuyết",
        birth_date=date(1975, 1, 1),
        precision="year",
        identity_number="079175000123",
    )
    by_month = make_worker(
        employer, "Đặng Quốc Hưng", birth_date=date(1975, 3, 1), precision="month", sex="male"
    )
    Period.objects.create(
        book=by_year,
        fund="BHTNLD-BNN",
        from_month=date(2016, 1, 1),
        to_month=date(2016, 12, 1),
        job="Thợ hàn",
        wage=12_345_678,
        rate="10.50",
    )
    Period.objects.create(
        book=by_year,
        fund="BHXH",
        from_month=date(2010, 3, 1),
        to_month=date(2015, 12, 1),
        job="Công nhân may",
        wage=4_500_000,
        rate="8.00",
    )

    with translation.override("en"):
        first, second = statement_pages([by_year.pk, by_month.pk])

    assert (first.full_name, first.birth_date, first.sex) == ("Nguyễn Thị Ánh Tuyết", "1975", "Nữ")
    assert (second.birth_date, second.sex) == ("03/1975", "Nam")
    assert (first.identity_number, first.employer_name) == ("079175000123", employer.name)
    assert [(p.fund, p.from_month, p.to_month, p.wage, p.rate) for p in first.periods] == [
        ("BHTNLĐ-BNN", "01/2016", "12/2016", "12.345.678", "10,5"),
        ("BHXH", "03/2010", "12/2015", "4.500.000", "8"),
    ]
    assert second.periods == ()


def test_statement_pages_keep_the_order_asked_and_read_two_queries_per_2000_books(
    django_assert_num_queries,
):
    books = make_books(make_employer("760"), 2100)
    wanted = ids(books)[::-1]

    with django_assert_num_queries(4):
        pages = statement_pages(wanted)

    assert [page.number for page in pages] == [book.number for book in books[::-1]]


def test_the_handover_document_names_office_employer_and_receivers_in_two_queries(
    django_assert_num_queries,
):
    employer = make_employer("760", name="Công ty Cổ phần Bến Thành")
    employer.address = "12 Nguyễn Huệ, Quận 1"
    employer.save()
    worker = make_worker(
        employer, "Đặng Quốc Hưng", birth_date=date(1975, 1, 1), precision="year", sex="male"
    )
    others = make_books(employer, 2)
    batch, _ = create_handover_batch(
        employer=employer, book_ids=confirmed([worker, *others]), on=HANDOVER_DAY
    )
    record_receipts(
        batch=batch,
        receipts=[
            Receipt(book_id=others[0].pk, receiver="authorised", receiver_name="Lê Văn Tám"),
            Receipt(book_id=worker.pk),
        ],
        on=HANDOVER_DAY,
    )

    with django_assert_num_queries(2):
        doc = handover_document(batch)

    assert (doc.number, doc.count, doc.employer_address) == ("1/BB-BHXH", 3, employer.address)
    assert doc.place_and_date == "TP. Hồ Chí Minh, ngày 05 tháng 06 năm 2017"
    assert (doc.office.parent, doc.office.name) == ("BHXH Thành phố Hồ Chí Minh", "BHXH Quận 1")
    first = doc.rows[0]
    assert (first.order, first.full_name, first.birth_date, first.sex) == (
        1,
        "Đặng Quốc Hưng",
        "1975",
        "Nam",
    )
    assert [row.receiver for row in doc.rows] == [
        "Người lao động",
        "Lê Văn Tám (được ủy quyền)",
        "",
    ]
    assert doc.rows[0].received_on == "05/06/2017"


def test_the_heading_of_a_province_office_names_the_centre_and_its_own_city():
    heading = office_heading(office_with_code("48"))
    assert (heading.parent, heading.name, heading.place) == (
        "BHXH Việt Nam",
        "BHXH Thành phố Đà Nẵng",
        "TP. Đà Nẵng",
    )
    assert office_heading(office_with_code("026")).place == "Hà Giang"
