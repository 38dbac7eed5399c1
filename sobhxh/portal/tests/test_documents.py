from datetime import date

import pytest

from sobhxh.portal.models import DocumentKind

from .conftest import document


@pytest.fixture
def documents(portal):
    document(portal.documents)
    document(
        portal.documents,
        "4027/BHXH-ST",
        "Công văn hướng dẫn quy trình rà soát",
        kind=DocumentKind.OFFICIAL_LETTER,
        on=date(2016, 10, 14),
    )
    document(
        portal.documents,
        "58/2014/QH13",
        "Luật Bảo hiểm xã hội",
        issuer="Quốc hội",
        kind=DocumentKind.LAW,
        on=date(2014, 11, 20),
    )
    document(
        portal.documents,
        "01/2010/TT-BLĐTBXH",
        "Thông tư đã hết hiệu lực",
        issuer="Bộ Lao động – Thương binh và Xã hội",
        kind=DocumentKind.CIRCULAR,
        on=date(2010, 1, 5),
        in_force=False,
    )
    return portal.documents


def numbers(index, **search):
    return [d.number for d in index.search(**search)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("112/KH-BHXH", ["112/KH-BHXH"]),
        ("4027", ["4027/BHXH-ST"]),
        ("quốc hội", ["58/2014/QH13"]),
        ("quoc hoi", ["58/2014/QH13"]),
        ("LUAT BAO HIEM", ["58/2014/QH13"]),
        ("công văn rà soát", ["4027/BHXH-ST"]),
        ("cong van ra soat", ["4027/BHXH-ST"]),
        ("lao dong thuong binh", ["01/2010/TT-BLĐTBXH"]),
        ("tt-bldtbxh", ["01/2010/TT-BLĐTBXH"]),
        ("không có văn bản này", []),
        ("", ["112/KH-BHXH", "4027/BHXH-ST", "58/2014/QH13", "01/2010/TT-BLĐTBXH"]),
    ],
)
def test_the_search_finds_by_number_issuer_and_words_with_or_without_diacritics(
    documents, query, expected
):
    assert numbers(documents, query=query) == expected


def test_the_search_filters_by_type_and_validity(documents):
    assert numbers(documents, kind="law") == ["58/2014/QH13"]
    assert numbers(documents, in_force="0") == ["01/2010/TT-BLĐTBXH"]
    assert len(numbers(documents, in_force="1")) == 3
    assert len(numbers(documents, kind="nonsense")) == 4


def test_the_search_page(client, documents):
    page = client.get(documents.url, {"q": "ke hoach"}).content.decode()
    assert "112/KH-BHXH" in page and "4027/BHXH-ST" not in page
    page = client.get(documents.url, {"q": "không có"}).content.decode()
    assert "Không có văn bản nào khớp" in page


def test_a_document_page_shows_its_facts(client, documents):
    page = documents.get_children().live().first().specific
    html = client.get(page.url).content.decode()
    assert "112/KH-BHXH" in html and "10/01/2017" in html and "BHXH Việt Nam" in html
