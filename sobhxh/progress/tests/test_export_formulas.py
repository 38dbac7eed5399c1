"""An employer whose name starts like a formula is exported to Excel as plain text."""

import io
import zipfile

import pytest

from sobhxh.accounts.models import Role
from sobhxh.testing.factories import make_employer

from .helpers import login, sheet_of

pytestmark = pytest.mark.django_db


def test_a_formula_like_employer_name_is_exported_as_text(client):
    make_employer("760", code="EQ1", name='=HYPERLINK("http://x","y")')
    login(client, Role.DISTRICT, office="760")
    response = client.get("/dashboard/760/xlsx/")
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        sheets = [archive.read(n).decode() for n in archive.namelist() if "worksheets/" in n]
    assert not any("<f>" in sheet for sheet in sheets)
    assert sheet_of(response)[4][1] == '=HYPERLINK("http://x","y")'
