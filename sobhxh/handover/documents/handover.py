"""The handover list (danh sách bàn giao) and the handover minutes (biên bản bàn giao) of
a batch, as PDF."""

from django.utils import translation
from django.utils.translation import pgettext_lazy

from sobhxh import formatting
from sobhxh.formatting import DOCUMENT_LANGUAGE

from ..selectors import HandoverDocument
from .pdf import (
    LINE,
    Column,
    Sheet,
    Table,
    fill_in,
    national_heading,
    signature_blocks,
    signature_height,
)

ROW_HEIGHT = 8.5  # mm: room for a signature in the last column


def list_columns() -> list[Column]:
    return [
        Column(str(pgettext_lazy("document", "No.")), 11, "C"),
        Column(str(pgettext_lazy("document", "Social insurance number")), 26, "C"),
        Column(str(pgettext_lazy("document", "Full name")), 50),
        Column(str(pgettext_lazy("document", "Date of birth")), 21, "C"),
        Column(str(pgettext_lazy("document", "Sex")), 13, "C"),
        Column(str(pgettext_lazy("document", "Received by")), 33),
        Column(str(pgettext_lazy("document", "Signature")), 26),
    ]


def list_title(doc: HandoverDocument) -> tuple[str, str, str]:
    return (
        str(pgettext_lazy("document", "SOCIAL INSURANCE BOOK HANDOVER LIST")),
        str(
            pgettext_lazy(
                "document", "(attached to the handover minutes No. %(number)s of %(day)s)"
            )
        )
        % {"number": doc.number, "day": formatting.day(doc.handed_on)},
        str(pgettext_lazy("document", "Employer: %(name)s – employer code: %(code)s"))
        % {"name": doc.employer_name, "code": doc.employer_code},
    )


def list_signatures() -> list[tuple[str, str]]:
    return [
        (
            str(pgettext_lazy("document", "Employer's representative")),
            str(pgettext_lazy("document", "(sign, full name and seal)")),
        ),
        (
            str(pgettext_lazy("document", "Prepared by")),
            str(pgettext_lazy("document", "(sign and write full name)")),
        ),
        (
            str(pgettext_lazy("document", "Social insurance office's representative")),
            str(pgettext_lazy("document", "(sign, full name and seal)")),
        ),
    ]


def handover_list_pdf(doc: HandoverDocument) -> bytes:
    with translation.override(DOCUMENT_LANGUAGE):
        pdf = Sheet(footer_text=_page_of)
        pdf.set_margins(10, 12, 10)
        pdf.set_title(
            str(pgettext_lazy("document", "Social insurance book handover list")) + f" {doc.number}"
        )
        pdf.add_page()
        national_heading(pdf, doc.office, number=doc.number, place_and_date=doc.place_and_date)
        title, attached, employer = list_title(doc)
        pdf.line_text(title, style="B", size=13, align="C", h=7)
        pdf.line_text(attached, size=9.5, align="C")
        pdf.line_text(employer, size=10, align="C")
        pdf.ln(3)
        table = Table(pdf, list_columns(), size=9, min_height=ROW_HEIGHT)
        table.header()
        # the total and the signatures stay on the page of the last row
        closing = 3 + LINE + 4 + signature_height()
        for index, row in enumerate(doc.rows, start=1):
            values = [str(row.order), row.number, row.full_name, row.birth_date, row.sex,
                      row.receiver, ""]  # fmt: skip
            table.row(values, keep_with=closing if index == doc.count else 0)
        pdf.ln(3)
        pdf.line_text(
            str(pgettext_lazy("document", "Total: %(count)s books"))
            % {"count": formatting.number(doc.count)},
            style="B",
            size=10,
        )
        pdf.ln(4)
        signature_blocks(pdf, list_signatures())
        return bytes(pdf.output())


AGREED = pgettext_lazy(
    "document", "The two parties agree on the handover of social insurance books as follows:"
)
LISTED = pgettext_lazy(
    "document",
    "(listed in the social insurance book handover list No. %(number)s attached to these minutes)",
)
EMPLOYER_DUTY = pgettext_lazy(
    "document",
    "The employer hands each book to its worker, who signs the list; the signed list is "
    "returned to the social insurance office.",
)
COPIES = pgettext_lazy(
    "document", "These minutes are made in two copies of equal value; each party keeps one."
)


def minutes_paragraphs(doc: HandoverDocument) -> list[tuple[str, str]]:
    """The body of the minutes as (style, text) paragraphs, shared by the PDF and the XLSX."""
    dots = "……………………………………"
    representative = pgettext_lazy("document", "Represented by: %(dots)s  Position: %(dots)s")
    return [
        (
            "",
            fill_in(
                pgettext_lazy("document", "Today, %(date)s, we, the undersigned:"),
                date=formatting.long_date(doc.handed_on),
            ),
        ),
        (
            "B",
            fill_in(pgettext_lazy("document", "Handing over: %(office)s"), office=doc.office.name),
        ),
        ("", fill_in(representative, dots=dots)),
        (
            "B",
            fill_in(
                pgettext_lazy("document", "Receiving: %(employer)s"), employer=doc.employer_name
            ),
        ),
        ("", fill_in(pgettext_lazy("document", "Employer code: %(code)s"), code=doc.employer_code)),
        (
            "",
            fill_in(
                pgettext_lazy("document", "Address: %(address)s"),
                address=doc.employer_address or dots,
            ),
        ),
        ("", fill_in(representative, dots=dots)),
        ("", fill_in(AGREED)),
        (
            "B",
            fill_in(
                pgettext_lazy("document", "Quantity: %(count)s books"),
                count=formatting.number(doc.count),
            ),
        ),
        ("", fill_in(LISTED, number=doc.number)),
        ("", fill_in(EMPLOYER_DUTY)),
        ("", fill_in(COPIES)),
    ]


def minutes_signatures() -> list[tuple[str, str]]:
    return [
        (
            str(pgettext_lazy("document", "Employer's representative")),
            str(pgettext_lazy("document", "(sign, full name and seal)")),
        ),
        (
            str(pgettext_lazy("document", "Social insurance office's representative")),
            str(pgettext_lazy("document", "(sign, full name and seal)")),
        ),
    ]


def minutes_title() -> str:
    return str(pgettext_lazy("document", "MINUTES OF THE HANDOVER OF SOCIAL INSURANCE BOOKS"))


def handover_minutes_pdf(doc: HandoverDocument) -> bytes:
    with translation.override(DOCUMENT_LANGUAGE):
        pdf = Sheet(footer_text=_page_of)
        pdf.set_title(minutes_title().capitalize() + f" {doc.number}")
        pdf.add_page()
        national_heading(pdf, doc.office, number=doc.number, place_and_date=doc.place_and_date)
        pdf.ln(2)
        pdf.line_text(minutes_title(), style="B", size=13, align="C", h=7)
        pdf.ln(4)
        for style, text in minutes_paragraphs(doc):
            pdf.line_text(text, style=style, size=10.5, h=LINE + 1.2)
            pdf.ln(1)
        pdf.ln(6)
        signature_blocks(pdf, minutes_signatures(), space=35)
        return bytes(pdf.output())


def _page_of(pdf: Sheet) -> str:
    return str(pgettext_lazy("document", "Page %(page)s of %(pages)s")) % {
        "page": pdf.page_no(),
        "pages": pdf.str_alias_nb_pages,
    }
