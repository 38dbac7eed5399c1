"""What an attachment may be: at most `MAX_BYTES`, and one of the kinds below, told by its
content and not by its name alone. A file whose content is not what its extension says
(a `.pdf` that is not a PDF) is refused, as is anything else, with a message in the
user's language.

The kind decides the content type stored with the file; the browser's claim is ignored.
"""

import math
import zipfile
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from sobhxh.intake.preflight import directory_fits

from .errors import ProblemRefused

MAX_BYTES = 10 * 1024 * 1024
# How much of a text file is looked at to tell it is text.
TEXT_SAMPLE = 64 * 1024

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
XLS = "application/vnd.ms-excel"
CSV = "text/csv"
TXT = "text/plain"

# extension -> the content type its content must show
EXTENSIONS = {
    "pdf": PDF,
    "png": PNG,
    "jpg": JPEG,
    "jpeg": JPEG,
    "xlsx": XLSX,
    "docx": DOCX,
    "ods": ODS,
    "xls": XLS,
    "csv": CSV,
    "txt": TXT,
}
ACCEPTED = ", ".join(f".{extension}" for extension in EXTENSIONS)

TOO_LARGE = _("The file “%(name)s” is %(size)s MB; an attachment may be at most %(limit)s MB.")
EMPTY = _("The file “%(name)s” is empty.")
WRONG_TYPE = _(
    "The file “%(name)s” is not accepted: attach a PDF, an image (PNG, JPEG), a spreadsheet "
    "or document (%(accepted)s) whose content is what its name says."
)

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of .xls (and .doc)


@dataclass(frozen=True)
class Checked:
    name: str
    size: int
    content_type: str


def check(uploaded: UploadedFile) -> Checked:
    """The file's name, size and content type, or ProblemRefused when it is too large,
    empty, or not one of the accepted kinds by its content."""
    name = (uploaded.name or "").replace("\\", "/").rsplit("/", 1)[-1][:255]
    size = uploaded.size or 0
    if size > MAX_BYTES:
        raise ProblemRefused(
            TOO_LARGE,
            code="too_large",
            name=name,
            size=_megabytes(size),
            limit=_megabytes(MAX_BYTES),
        )
    if size == 0:
        raise ProblemRefused(EMPTY, code="empty", name=name)
    wanted = EXTENSIONS.get(name.rsplit(".", 1)[-1].lower() if "." in name else "")
    if wanted is None or sniff(uploaded) != wanted:
        raise ProblemRefused(WRONG_TYPE, code="wrong_type", name=name, accepted=ACCEPTED)
    return Checked(name=name, size=size, content_type=wanted)


def sniff(uploaded: UploadedFile) -> str | None:
    """The content type the file's bytes show, or None."""
    uploaded.seek(0)
    head = uploaded.read(TEXT_SAMPLE)
    uploaded.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(OLE2):
        return XLS
    if head.startswith(b"PK\x03\x04"):
        return _office_document(uploaded)
    if _is_text(head):
        # CSV and plain text are both text; the extension tells which was meant.
        return CSV if _looks_like_csv(uploaded.name or "") else TXT
    return None


def _office_document(uploaded: UploadedFile) -> str | None:
    # Only the zip's directory and the few bytes of an .ods's "mimetype" member are read:
    # nothing is inflated that could be a bomb. The directory itself is measured first, as
    # the importer measures it: 10 MB of empty entries would be 130,000 ZipInfo in memory.
    if not directory_fits(uploaded):
        return None
    try:
        with zipfile.ZipFile(uploaded) as archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" in names:
                return XLSX
            if "word/document.xml" in names:
                return DOCX
            if "mimetype" in names and archive.getinfo("mimetype").file_size < 100:
                return ODS if archive.read("mimetype").strip() == ODS.encode() else None
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    finally:
        uploaded.seek(0)
    return None


def _is_text(head: bytes) -> bool:
    if not head or b"\x00" in head:
        return False
    try:
        # A sample may end inside a character; the end of the sample is not held against it.
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 3:
            return _is_single_byte_text(head)
    return True


def _is_single_byte_text(head: bytes) -> bool:
    # Windows-1258 (old Vietnamese files): no control characters but tab and line ends.
    controls = set(range(32)) - {9, 10, 12, 13}
    return not any(byte in controls for byte in head)


def _looks_like_csv(name: str) -> bool:
    return name.lower().endswith(".csv")


def _megabytes(size: int) -> str:
    # Rounded up, so that a file just over the limit does not read as the limit itself.
    tenths = math.ceil(size * 10 / (1024 * 1024))
    return number_format(tenths / 10, 0 if tenths % 10 == 0 else 1)
