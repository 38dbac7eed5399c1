"""What every printed document shares: A4 pages in DejaVu Sans, the heading of an
official document (the issuing office on the left, the national heading on the right),
tables whose header is drawn again on each new page, and signature blocks.

Text is placed with `text()` beside drawn rectangles rather than with `cell()` (five times
slower) or the table API (which lays out every row twice), and the lines a text wraps to
and its width are worked out once per distinct text: at 5,000 rows or pages that is the
difference between seconds and tens of seconds.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.translation import pgettext_lazy
from fpdf import FPDF

from sobhxh.formatting import DOCUMENT_LANGUAGE

from ..selectors import OfficeHeading
from .fonts import FONT_FAMILY, add_fonts

LINE = 5.0  # mm, one line of 9-10 pt text
GREY = 230


def fill_in(template, **params) -> str:
    """A translated template with its values, in the active language."""
    return str(template) % params if params else str(template)


class Sheet(FPDF):
    """An A4 document in DejaVu Sans; `footer_text(pdf)` gives each page's footer."""

    def __init__(self, *, orientation: str = "P", footer_text: Callable | None = None):
        super().__init__(orientation=orientation, unit="mm", format="A4")
        add_fonts(self)
        self.set_margins(15, 12, 15)
        self.set_auto_page_break(True, margin=16)
        self.set_creator("sobhxh")
        self.set_lang(DOCUMENT_LANGUAGE)
        self.footer_text = footer_text
        # Lines and type sizes already worked out, by (width, text, style, size): headers,
        # titles and jobs repeat on every page, and fpdf2 measures a text char by char.
        self._wraps: dict[tuple, list[str]] = {}
        self._fits: dict[tuple, float] = {}
        self._widths: dict[tuple, float] = {}
        self.font("", 10)

    def font(self, style: str = "", size: float = 10) -> None:
        self.set_font(FONT_FAMILY, style, size)

    def footer(self) -> None:
        if self.footer_text is None:
            return
        self.set_y(-12)
        self.font("", 8)
        self.cell(0, 4, self.footer_text(self), align="C")

    @property
    def width(self) -> float:
        return self.w - self.l_margin - self.r_margin

    @property
    def bottom(self) -> float:
        return self.page_break_trigger

    def text_width(self, text: str) -> float:
        key = (text, self.font_style, self.font_size_pt)
        width = self._widths.get(key)
        if width is None:
            width = self._widths[key] = self.get_string_width(text)
        return width

    def put(
        self,
        w: float,
        h: float,
        text: str,
        *,
        align: str = "L",
        border: bool = False,
        fill: bool = False,
    ) -> None:
        """What `cell()` does for one line, at a fifth of its cost: the text in a `w` × `h`
        box at the current position, vertically centred; then move to the box's right."""
        x, y = self.x, self.y
        if border or fill:
            self.rect(x, y, w, h, style=("D" if border else "") + ("F" if fill else ""))
        if text:
            if align == "L":
                left = x + self.c_margin
            elif align == "R":
                left = x + w - self.c_margin - self.text_width(text)
            else:
                left = x + (w - self.text_width(text)) / 2
            self.text(left, y + h / 2 + 0.3 * self.font_size, text)
        self.set_xy(x + w, y)

    def wrap(self, w: float, text: str, style: str = "", size: float = 10) -> list[str]:
        """The lines `text` takes in a `w` mm wide cell."""
        key = (w, text, style, size)
        lines = self._wraps.get(key)
        if lines is None:
            self.font(style, size)
            if self.get_string_width(text) <= w - 2 * self.c_margin:
                lines = [text]
            else:
                lines = self.multi_cell(w, LINE, text, dry_run=True, output="LINES")
            self._wraps[key] = lines
        return lines

    def line_text(
        self,
        text: str,
        *,
        style: str = "",
        size: float = 10,
        align: str = "L",
        h: float = LINE,
        x: float | None = None,
        w: float = 0,
    ) -> None:
        """One paragraph across the page (or `w` mm from `x`), wrapped if needed."""
        w = w or self.width
        x = self.l_margin if x is None else x
        for line in self.wrap(w, text, style, size):
            self.font(style, size)
            self.set_x(x)
            self.put(w, h, line, align=align)
            self.ln(h)

    def fit_cell(
        self,
        w: float,
        h: float,
        text: str,
        *,
        style: str = "",
        size: float = 10,
        align: str = "C",
    ) -> None:
        """One line in a `w` mm box, the type made smaller when the text is too long."""
        key = (w, text, style, size)
        fitted = self._fits.get(key)
        if fitted is None:
            fitted = size
            self.font(style, fitted)
            while fitted > 6 and self.get_string_width(text) > w - 2 * self.c_margin:
                fitted -= 0.5
                self.font(style, fitted)
            self._fits[key] = fitted
        self.font(style, fitted)
        self.put(w, h, text, align=align)


def national_heading(
    pdf: Sheet, office: OfficeHeading, *, number: str = "", place_and_date: str = ""
) -> None:
    """The two blocks at the top of an official document, and its number and date."""
    top = pdf.get_y()
    left_w, right_w = 0.42 * pdf.width, 0.58 * pdf.width
    left_x, right_x = pdf.l_margin, pdf.l_margin + left_w
    pdf.set_xy(left_x, top)
    pdf.fit_cell(left_w, LINE, office.parent.upper(), size=10)
    pdf.set_xy(left_x, top + LINE)
    pdf.fit_cell(left_w, LINE, office.name.upper(), style="B", size=10)
    pdf.set_xy(right_x, top)
    pdf.fit_cell(
        right_w,
        LINE,
        str(pgettext_lazy("document", "SOCIALIST REPUBLIC OF VIETNAM")),
        style="B",
        size=10,
    )
    pdf.set_xy(right_x, top + LINE)
    motto = str(pgettext_lazy("document", "Independence - Freedom - Happiness"))
    pdf.fit_cell(right_w, LINE, motto, style="B", size=10.5)
    rule = pdf.get_string_width(motto)
    y = top + 2 * LINE + 0.3
    pdf.line(right_x + (right_w - rule) / 2, y, right_x + (right_w + rule) / 2, y)
    pdf.line(left_x + left_w / 2 - 12, y, left_x + left_w / 2 + 12, y)
    if number:
        pdf.set_xy(left_x, y + 2)
        pdf.fit_cell(
            left_w,
            LINE,
            str(pgettext_lazy("document", "No.: %(number)s")) % {"number": number},
            size=10,
        )
    if place_and_date:
        pdf.set_xy(right_x, y + 2)
        pdf.fit_cell(right_w, LINE, place_and_date, size=10)
    pdf.set_xy(pdf.l_margin, y + 2 + LINE + 4)


@dataclass(frozen=True)
class Column:
    title: str
    width: float
    align: str = "L"


class Table:
    """Rows drawn one after another; a row that would cross the bottom margin starts a new
    page, on which `on_new_page(pdf)` draws whatever comes first and the header follows."""

    def __init__(
        self,
        pdf: Sheet,
        columns: Sequence[Column],
        *,
        size: float = 9,
        line: float = 4.6,
        min_height: float = 0,
        on_new_page: Callable | None = None,
    ):
        self.pdf = pdf
        self.columns = columns
        self.size = size
        self.line = line
        self.min_height = min_height
        self.on_new_page = on_new_page

    def header(self) -> None:
        pdf = self.pdf
        pdf.font("B", self.size)
        pdf.set_fill_color(GREY)
        titles = [column.title for column in self.columns]
        height = self._height(titles, style="B") + 1
        self._draw(titles, height, style="B", align="C", fill=True)

    def row(self, values: Sequence[str], *, keep_with: float = 0) -> None:
        """Draw a row; `keep_with` mm of what follows it must fit on the same page (so
        that signatures never stand alone on the last page)."""
        height = max(self._height(values), self.min_height)
        if self.pdf.get_y() + height + keep_with > self.pdf.bottom:
            self.pdf.add_page()
            if self.on_new_page:
                self.on_new_page(self.pdf)
            self.header()
        self._draw(values, height)

    def _height(self, values: Sequence[str], style: str = "") -> float:
        lines = max(
            len(self.pdf.wrap(column.width, text, style, self.size)) if text else 1
            for column, text in zip(self.columns, values, strict=True)
        )
        return lines * self.line + 1.4

    def _draw(self, values, height, *, style="", align=None, fill=False) -> None:
        pdf = self.pdf
        pdf.font(style, self.size)
        x, y = pdf.l_margin, pdf.get_y()
        for column, text in zip(self.columns, values, strict=True):
            lines = pdf.wrap(column.width, text, style, self.size) if text else [""]
            pdf.set_xy(x, y)
            if len(lines) == 1:
                pdf.put(
                    column.width, height, text, align=align or column.align, border=True, fill=fill
                )
            else:
                pdf.rect(x, y, column.width, height, style="DF" if fill else "D")
                for number, line in enumerate(lines):
                    pdf.set_xy(x, y + 0.7 + number * self.line)
                    pdf.put(column.width, self.line, line, align=align or column.align)
            x += column.width
        pdf.set_xy(pdf.l_margin, y + height)


def signature_height(space: float = 28) -> float:
    return 2 * LINE + space


def signature_blocks(pdf: Sheet, blocks: Sequence[tuple[str, str]], *, space: float = 28) -> None:
    """Side by side: each block's title in bold, the hint under it, room to sign."""
    needed = signature_height(space)
    if pdf.get_y() + needed > pdf.bottom:
        pdf.add_page()
    width = pdf.width / len(blocks)
    top = pdf.get_y()
    for index, (title, hint) in enumerate(blocks):
        x = pdf.l_margin + index * width
        pdf.set_xy(x, top)
        pdf.fit_cell(width, LINE, title.upper(), style="B", size=10)
        pdf.set_xy(x, top + LINE)
        pdf.fit_cell(width, LINE, hint, size=8.5)
    pdf.set_xy(pdf.l_margin, top + needed)


def qr_code(pdf: Sheet, text: str, *, x: float, y: float, size: float) -> None:
    """The QR code of `text` drawn as filled rectangles (one per run of dark modules in a
    row), so that no image library is involved and it prints sharp at any resolution."""
    import segno

    matrix = segno.make_qr(text, error="m").matrix
    module = size / len(matrix)
    pdf.set_fill_color(0)
    for row_index, row in enumerate(matrix):
        start = None
        for col_index, dark in enumerate([*row, 0]):
            if dark and start is None:
                start = col_index
            elif not dark and start is not None:
                pdf.rect(
                    x + start * module,
                    y + row_index * module,
                    (col_index - start) * module,
                    module,
                    style="F",
                )
                start = None
    pdf.set_fill_color(255)
