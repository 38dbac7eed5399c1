"""The handover list and minutes as XLSX write a name or an office that starts like a
formula as plain text: opening the file runs nothing."""

import dataclasses
import io
import zipfile

from sobhxh.handover.documents import handover_list_xlsx, handover_minutes_xlsx

from .documents import OFFICE, handover_document, sheet_rows

LINK = '=HYPERLINK("http://x","y")'


def _odd_document():
    doc = handover_document(2)
    rows = (dataclasses.replace(doc.rows[0], full_name=LINK), doc.rows[1])
    return dataclasses.replace(
        doc,
        rows=rows,
        employer_name="=1+1",
        office=dataclasses.replace(OFFICE, name="=2+2"),
    )


def _parts(xlsx: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        return "".join(archive.read(name).decode() for name in archive.namelist())


def test_the_list_writes_a_formula_like_name_as_text():
    xlsx = handover_list_xlsx(_odd_document())
    assert "<f>" not in _parts(xlsx)
    cells = [cell for row in sheet_rows(xlsx) for cell in row]
    assert LINK in cells and "=2+2" in cells


def test_the_minutes_write_a_formula_like_office_as_text():
    xlsx = handover_minutes_xlsx(_odd_document())
    assert "<f>" not in _parts(xlsx)
    assert "=2+2" in [cell for row in sheet_rows(xlsx) for cell in row]
