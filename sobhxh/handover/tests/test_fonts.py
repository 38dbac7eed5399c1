from pathlib import Path

import pytest

from sobhxh.handover.documents import FontMissing, fonts, handover_minutes_pdf

from .documents import handover_document


def test_a_missing_font_is_a_clear_error_that_says_which_package_to_install(monkeypatch):
    missing = Path("/nowhere/DejaVuSans.ttf")
    monkeypatch.setitem(fonts.FONT_FILES, "", missing)

    with pytest.raises(FontMissing) as error:
        handover_minutes_pdf(handover_document(1))

    assert error.value.path == missing
    assert "Không tìm thấy tệp phông chữ /nowhere/DejaVuSans.ttf" in error.value.message_vi
    assert "fonts-dejavu-core" in error.value.message_vi
    assert "was not found" in error.value.message_en


def test_the_font_is_embedded_in_the_pdf():
    data = handover_minutes_pdf(handover_document(1))
    assert b"/FontFile2" in data and b"DejaVuSans" in data
