"""The printed documents of the review and handover: pure functions from the selectors'
plain values to the bytes of a PDF or an XLSX file."""

from .fonts import FontMissing
from .handover import handover_list_pdf, handover_minutes_pdf
from .sheets import handover_list_xlsx, handover_minutes_xlsx
from .statements import statements_pdf

__all__ = [
    "FontMissing",
    "handover_list_pdf",
    "handover_list_xlsx",
    "handover_minutes_pdf",
    "handover_minutes_xlsx",
    "statements_pdf",
]
