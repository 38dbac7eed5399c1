"""Reading the list an employer sends back after a review round: for each social insurance
number, the worker's answer ("Đúng" or "Sai") and, when wrong, what is wrong.

The file is opened by the importer's `intake.reading.open_sheets`, so a returned list is
read as a book file is (CSV encodings and delimiters, workbooks row by row, the same limits
on hostile files). The columns are found by their header within the first rows of a sheet,
matched as the importer matches its own (`intake.headers.normalise`: any case, with or
without accents). A file that cannot be used raises `intake.errors.UnusableFile` with one
message in Vietnamese and English; a row that cannot be used is a `Problem` with its row
number, and the other rows stand.
"""

import itertools
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from sobhxh.books.lifecycle import DisputeReason
from sobhxh.books.text import fold
from sobhxh.intake.cells import book_number, is_blank, text
from sobhxh.intake.errors import CellError, UnusableFile
from sobhxh.intake.headers import BOOK_HEADERS, HEADER_SEARCH_ROWS, normalise
from sobhxh.intake.reading import open_sheets

# field -> accepted headers; the first one is the one the page asks for.
HEADERS: dict[str, tuple[str, ...]] = {
    "number": BOOK_HEADERS["number"],
    "answer": ("Kết quả", "Kết quả rà soát", "Kết quả đối chiếu", "Đúng/Sai", "Đúng / Sai"),
    "worker_words": (
        "Nội dung sai",
        "Nội dung sai lệch",
        "Ý kiến người lao động",
        "Lời người lao động",
    ),
    "reasons": ("Loại sai", "Sai về", "Lý do sai", "Loại sai lệch"),
}
_LOOKUP = {normalise(header): name for name, headers in HEADERS.items() for header in headers}

RIGHT = {"dung", "d", "1", "true"}
WRONG = {"sai", "s", "0", "false"}

# Words that name a reason, looked for in the folded text of a "Loại sai" cell.
REASON_WORDS: dict[str, tuple[str, ...]] = {
    DisputeReason.IDENTITY: ("nhan than", "ho ten", "ho va ten", "ngay sinh", "gioi tinh",
                             "identity", "name", "birth"),
    DisputeReason.MISSING_PERIOD: ("thieu", "qua trinh", "missing", "period"),
    DisputeReason.WRONG_WAGE: ("luong", "wage"),
    DisputeReason.WRONG_EMPLOYER: ("don vi", "chuc vu", "cong viec", "nghe", "employer", "job"),
    DisputeReason.OTHER: ("khac", "other"),
}  # fmt: skip


@dataclass(frozen=True)
class Answer:
    row: int
    number: str
    confirmed: bool
    worker_words: str = ""
    reasons: tuple[str, ...] = ()

    def details(self) -> dict:
        return {"reasons": list(self.reasons), "worker_words": self.worker_words}


@dataclass(frozen=True)
class Problem:
    row: int
    number: str  # as written in the file
    column: str  # the header of the column at fault, as written
    reason: str


@dataclass
class ReturnedList:
    sheet: str
    headers: dict[str, str]  # field -> header as written
    answers: list[Answer] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unanswered: list[tuple[int, str]] = field(default_factory=list)  # (row, number)
    seen: set[str] = field(default_factory=set, repr=False)

    def problem(self, row: int, number, column: str, reason) -> None:
        shown = "" if is_blank(number) else text(number)
        self.problems.append(Problem(row, shown, self.headers.get(column, ""), str(reason)))


def read_returned(path: Path, *, name: str) -> ReturnedList:
    """The answers of the first sheet of the file at `path` that has the header row; `name`
    is the file's name as the user knows it, which names a CSV file's only sheet. Raises
    UnusableFile, and records nothing, when the file cannot be read to its end."""
    path = Path(path)
    for sheet, rows in open_sheets(path):
        numbered = enumerate(rows, start=1)
        head = list(itertools.islice(numbered, HEADER_SEARCH_ROWS))
        found = _find_header(head)
        if found is None:
            continue
        index, columns, headers = found
        returned = ReturnedList(sheet=name if sheet == path.name else sheet, headers=headers)
        for row, cells in itertools.chain(head[index + 1 :], numbered):
            _read_row(returned, row, cells, columns)
        return returned
    raise UnusableFile(
        _(
            "No header row found: the first %(rows)s rows name no “Mã số BHXH” and "
            "“Kết quả” columns."
        ),
        rows=HEADER_SEARCH_ROWS,
    )


def _find_header(head: list[tuple[int, list]]) -> tuple[int, dict[str, int], dict] | None:
    """(index in `head`, field -> column, field -> header as written) of the first row
    naming both the number and the answer columns."""
    for index, (_row, cells) in enumerate(head):
        columns: dict[str, int] = {}
        headers: dict[str, str] = {}
        for column, cell in enumerate(cells):
            name = _LOOKUP.get(normalise(cell))
            if name and name not in columns:
                columns[name] = column
                headers[name] = " ".join(str(cell).split())
        if "number" in columns and "answer" in columns:
            return index, columns, headers
    return None


def _read_row(returned: ReturnedList, row: int, cells: list, columns: dict[str, int]) -> None:
    def cell(name: str):
        column = columns.get(name)
        return cells[column] if column is not None and column < len(cells) else None

    raw_number, raw_answer = cell("number"), cell("answer")
    if all(is_blank(value) for value in cells):
        return
    if is_blank(raw_number):
        if not is_blank(raw_answer):
            returned.problem(row, "", "number", _("The social insurance number is missing."))
        return  # a note or the signatures under the list
    try:
        number = book_number(raw_number)
    except CellError as error:
        if is_blank(raw_answer) and not any(ch.isdigit() for ch in text(raw_number)):
            return  # "Tổng cộng", "Người lập biểu"…
        returned.problem(row, raw_number, "number", error.message)
        return
    if is_blank(raw_answer):
        returned.unanswered.append((row, number))
        return
    answer = fold(text(raw_answer))
    if answer not in RIGHT | WRONG:
        returned.problem(
            row,
            number,
            "answer",
            _("“%(value)s” is not an answer: write Đúng or Sai (also Đ/S, 1/0).")
            % {"value": text(raw_answer)},
        )
        return
    if number in returned.seen:
        returned.problem(
            row, number, "number", _("This number is answered on an earlier row already.")
        )
        return
    returned.seen.add(number)
    if answer in RIGHT:
        returned.answers.append(Answer(row, number, confirmed=True))
        return
    returned.answers.append(
        Answer(
            row,
            number,
            confirmed=False,
            worker_words=text(cell("worker_words")),
            reasons=reasons_in(cell("reasons")),
        )
    )


def reasons_in(value) -> tuple[str, ...]:
    """The dispute reasons a cell names (codes, labels or telling words); "other" when it
    names none."""
    folded = fold(text(value))
    if not folded:
        return (DisputeReason.OTHER.value,)
    found = [
        reason.value
        for reason in DisputeReason
        if reason.value in folded or any(word in folded for word in REASON_WORDS[reason])
    ]
    return tuple(found) or (DisputeReason.OTHER.value,)
