"""The PDF and XLSX of a sent version and of the national summary: what was frozen, in the
official layout (`documents`), downloaded within scope only."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader
from python_calamine import CalamineWorkbook

from sobhxh.reports import services
from sobhxh.reports.views import document_of
from sobhxh.testing.factories import make_user

from .conftest import IN_JULY, JUNE

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(world, books):
    services.save_remarks(
        office=world.offices.q1, month=JUNE, actor=world.users.district,
        difficulties="Đơn vị nợ đóng", proposals="",
    )  # fmt: skip
    return services.submit(
        office=world.offices.q1, month=JUNE, actor=world.users.district, now=IN_JULY
    )


def test_a_version_downloads_as_pdf_and_xlsx(client, world, sent):
    client.force_login(world.users.province)
    pdf = client.get(reverse("reports:sent_document", args=[sent.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf"
    assert 'filename="bao-cao-760-2017-06-v1.pdf"' in pdf["Content-Disposition"]
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "06/2017-1/BC-760" in text
    xlsx = client.get(reverse("reports:sent_document", args=[sent.pk, "xlsx"]))
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(xlsx.content))
    sheets = [workbook.get_sheet_by_name(name).to_python() for name in workbook.sheet_names]
    cells = [str(cell) for rows in sheets for row in rows for cell in row]
    assert any("06/2017-1/BC-760" in c for c in cells)


def test_the_document_is_what_was_frozen(world, sent):
    document = document_of(sent)
    assert document["figures"] == sent.figures
    assert (document["form"], document["version"], document["month"]) == ("04", 1, "2017-06")
    assert document["parent_office"]["name"] == world.offices.hcm.office_name
    assert document["remarks"] == {"difficulties": "Đơn vị nợ đóng", "proposals": ""}


@pytest.mark.parametrize("kind", ["pdf", "xlsx"])
def test_another_offices_version_does_not_download(client, world, sent, kind):
    client.force_login(make_user(role="district", office="761"))
    assert client.get(reverse("reports:sent_document", args=[sent.pk, kind])).status_code == 404
    client.force_login(world.users.employer)
    assert client.get(reverse("reports:sent_document", args=[sent.pk, kind])).status_code == 404


@pytest.mark.parametrize("kind", ["pdf", "xlsx"])
def test_the_national_summary_downloads_for_the_centre_only(client, world, books, kind):
    address = reverse("reports:national_document", args=[kind]) + "?month=2017-06"
    client.force_login(world.users.province)
    assert client.get(address).status_code == 404
    client.force_login(world.users.central)
    response = client.get(address)
    assert response.status_code == 200
    assert f'filename="tong-hop-2017-06.{kind}"' in response["Content-Disposition"]
