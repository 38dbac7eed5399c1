"""The statements printed for a review round (tờ rời): one worker per page, the worker's
identity and contribution periods, the QR code of the book's number, and the place where
the worker ticks "right" or "wrong", writes what is wrong and signs."""

from collections.abc import Sequence
from datetime import date

from django.utils import translation
from django.utils.translation import pgettext_lazy

from sobhxh import formatting
from sobhxh.formatting import DOCUMENT_LANGUAGE

from ..selectors import OfficeHeading, StatementPage
from .pdf import LINE, Column, Sheet, Table, fill_in, national_heading, qr_code, signature_blocks

QR_SIZE = 24  # mm
ANSWER_HEIGHT = 96  # mm: the answer boxes, the lines to write on and the signatures


def statements_pdf(
    pages: Sequence[StatementPage], *, office: OfficeHeading, printed_on: date
) -> bytes:
    with translation.override(DOCUMENT_LANGUAGE):
        state = {"page": None, "sheet": 0}

        def footer(pdf: Sheet) -> str:
            page = state["page"]
            return fill_in(
                pgettext_lazy(
                    "document",
                    "Printed on %(day)s – social insurance number %(number)s – page %(sheet)s",
                ),
                day=formatting.day(printed_on),
                number=page.number if page else "",
                sheet=state["sheet"],
            )

        pdf = Sheet(footer_text=footer)
        pdf.set_title(str(pgettext_lazy("document", "Statements of contribution periods")))
        for page in pages:
            pdf.add_page()  # closes the previous page: its footer names the previous worker
            state["page"], state["sheet"] = page, 1
            _first_page(pdf, page, office)
            table = Table(pdf, _columns(), on_new_page=lambda pdf: _continued(pdf, state))
            table.header()
            for number, period in enumerate(page.periods, start=1):
                values = [str(number), period.fund, period.from_month, period.to_month,
                          period.job, period.wage, period.rate]  # fmt: skip
                last = number == len(page.periods)
                table.row(values, keep_with=4 + ANSWER_HEIGHT if last else 0)
            if not page.periods:
                pdf.line_text(
                    str(
                        pgettext_lazy(
                            "document", "No contribution period is recorded in this book."
                        )
                    ),
                    size=9,
                )
            _answer(pdf, state)
        return bytes(pdf.output())


def _columns() -> list[Column]:
    return [
        Column(str(pgettext_lazy("document", "No.")), 9, "C"),
        Column(str(pgettext_lazy("document", "Fund")), 25, "C"),
        Column(str(pgettext_lazy("document", "From month")), 19, "C"),
        Column(str(pgettext_lazy("document", "To month")), 19, "C"),
        Column(str(pgettext_lazy("document", "Job and workplace")), 60),
        Column(str(pgettext_lazy("document", "Wage (đồng)")), 30, "R"),
        Column(str(pgettext_lazy("document", "Rate (%)")), 18, "C"),
    ]


def _first_page(pdf: Sheet, page: StatementPage, office: OfficeHeading) -> None:
    national_heading(pdf, office)
    pdf.line_text(
        str(
            pgettext_lazy(
                "document", "STATEMENT FOR CONFIRMING THE SOCIAL INSURANCE CONTRIBUTION HISTORY"
            )
        ),
        style="B",
        size=12.5,
        align="C",
        h=6.5,
    )
    pdf.line_text(
        str(
            pgettext_lazy("document", "(for the worker to check, sign and return to the employer)")
        ),
        size=9,
        align="C",
    )
    pdf.ln(5)  # the QR code needs a quiet zone of 4 modules (~4.6 mm) around it
    top = pdf.get_y()
    text_w = pdf.width - QR_SIZE - 6
    for label, value in (
        (pgettext_lazy("document", "Full name"), page.full_name),
        (pgettext_lazy("document", "Social insurance number"), page.number),
        (
            pgettext_lazy("document", "Date of birth"),
            f"{page.birth_date}        {pgettext_lazy('document', 'Sex')}: {page.sex}",
        ),
        (pgettext_lazy("document", "Identity card number"), page.identity_number or "…………………………"),
        (
            pgettext_lazy("document", "Employer"),
            f"{page.employer_name} ({pgettext_lazy('document', 'code')} {page.employer_code})",
        ),
    ):
        _field(pdf, str(label), value, width=text_w)
    qr_code(pdf, page.number, x=pdf.l_margin + pdf.width - QR_SIZE, y=top, size=QR_SIZE)
    pdf.set_y(max(pdf.get_y(), top + QR_SIZE + 2) + 3)
    pdf.line_text(str(pgettext_lazy("document", "Contribution history")), style="B", size=10)
    pdf.ln(1)


def _field(pdf: Sheet, label: str, value: str, *, width: float) -> None:
    pdf.set_x(pdf.l_margin)
    pdf.font("", 10)
    label = f"{label}: "
    label_w = pdf.get_string_width(label) + 1
    pdf.put(label_w, LINE + 0.6, label)
    pdf.fit_cell(width - label_w, LINE + 0.6, value, style="B", size=10, align="L")
    pdf.ln(LINE + 0.6)


def _continued(pdf: Sheet, state: dict) -> None:
    page = state["page"]
    state["sheet"] += 1
    pdf.line_text(
        str(pgettext_lazy("document", "%(name)s – social insurance number %(number)s (continued)"))
        % {"name": page.full_name, "number": page.number},
        style="B",
        size=10,
    )
    pdf.ln(1)


def _answer(pdf: Sheet, state: dict) -> None:
    if pdf.get_y() + 4 + ANSWER_HEIGHT > pdf.bottom:
        pdf.add_page()
        _continued(pdf, state)
    pdf.ln(4)
    pdf.font("B", 10)
    pdf.put(62, LINE + 1, str(pgettext_lazy("document", "The worker's answer:")))
    for label in (pgettext_lazy("document", "Right"), pgettext_lazy("document", "Wrong")):
        x, y = pdf.get_x(), pdf.get_y()
        pdf.rect(x, y + 0.8, 4.4, 4.4)
        pdf.set_x(x + 6)
        pdf.put(30, LINE + 1, str(label))
    pdf.ln(LINE + 3)
    pdf.line_text(
        str(
            pgettext_lazy(
                "document",
                "If wrong, write what is wrong (name, date of birth, sex, number; a missing "
                "period; the wage; the employer or job; other):",
            )
        ),
        size=9,
    )
    for _line in range(4):
        pdf.ln(6.5)
        y = pdf.get_y()
        pdf.set_draw_color(150)
        pdf.set_dash_pattern(dash=0.8, gap=0.8)
        pdf.line(pdf.l_margin, y, pdf.l_margin + pdf.width, y)
        pdf.set_dash_pattern()
        pdf.set_draw_color(0)
    pdf.ln(4)
    pdf.set_x(pdf.l_margin + pdf.width / 2)
    pdf.font("", 10)
    pdf.put(
        pdf.width / 2,
        LINE,
        str(pgettext_lazy("document", "…………, day …… month …… year ……")),
        align="C",
    )
    pdf.ln(LINE + 1)
    signature_blocks(
        pdf,
        [
            (
                str(pgettext_lazy("document", "Employer's confirmation")),
                str(pgettext_lazy("document", "(sign, full name and seal)")),
            ),
            (
                str(pgettext_lazy("document", "The worker")),
                str(pgettext_lazy("document", "(sign and write full name)")),
            ),
        ],
    )
