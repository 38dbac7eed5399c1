"""What the importer says about a file: a problem with one cell, or a file it cannot use."""

from dataclasses import dataclass

from sobhxh.bilingual import in_both_languages

ERROR = "error"  # the row is skipped
WARNING = "warning"  # the row is kept


class CellError(ValueError):
    """A value that does not follow IMPORT-FORMAT.md. `message` is translatable."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class UnusableFile(Exception):
    """A file refused as a whole: one message, exit status 2, nothing written."""

    def __init__(self, message, **params):
        self.message_vi, self.message_en = in_both_languages(message, params)
        super().__init__(f"{self.message_vi} ({self.message_en})")

    def __reduce__(self):
        # Raised in the parsing process, raised again in the importing one.
        return _unusable_file, (self.message_vi, self.message_en)


def _unusable_file(message_vi: str, message_en: str) -> UnusableFile:
    refused = UnusableFile.__new__(UnusableFile)
    refused.message_vi, refused.message_en = message_vi, message_en
    Exception.__init__(refused, f"{message_vi} ({message_en})")
    return refused


@dataclass(frozen=True)
class Issue:
    sheet: str
    row: int  # as the user sees it in Excel (1-based, header rows included)
    header: str
    value: str
    reason_vi: str
    reason_en: str
    severity: str = ERROR

    @classmethod
    def of(cls, sheet, row, header, value, message, severity=ERROR, **params) -> "Issue":
        vietnamese, english = in_both_languages(message, params)
        shown = "" if value is None else str(value)
        return cls(sheet, row, header, shown, vietnamese, english, severity)
