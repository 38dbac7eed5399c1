"""The error of a file that is not a readable .xlsx workbook."""


class XlsxError(Exception):
    """The file is not a readable .xlsx workbook."""
