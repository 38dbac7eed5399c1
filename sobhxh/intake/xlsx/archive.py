"""The workbook around the sheets: the zip, the workbook part and its relationships, the
styles (which cell formats show a date) and the shared strings.

Every part is read as its size and nesting allow (`limits`): the small ones built as a tree
after a look at their depth, styles and shared strings streamed with expat. An .xlsx has no
DTD, and every parser here refuses one.
"""

import os
import posixpath
import re
import weakref
import zipfile
import zlib
from pathlib import Path
from xml.etree import ElementTree
from xml.parsers import expat

from .. import limits
from ..limits import Exceeded
from .cells import unescape
from .errors import XlsxError

CHUNK_BYTES = 128 * 1024  # what the readers decompress and parse at a time
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Built-in number formats that show a date (ids 18-21 and 45-47 are times only: numbers).
DATE_FORMAT_IDS = frozenset([14, 15, 16, 17, 22, *range(27, 37), *range(50, 59)])

_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"[A-Z]*\d*:?[A-Z]+(\d+)\"")
_FORMAT_NOISE = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.')


def sheet_names(path: str | os.PathLike) -> list[str]:
    """Every sheet's name in workbook order, hidden ones included."""
    with open_zip(path) as archive:
        return [name for name, _part in workbook(archive).sheets]


def sheet_heights(path: str | os.PathLike) -> dict[str, int | None]:
    """Each sheet's last row as its `<dimension>` says, read from the start of its part
    only (for a progress bar: nothing is parsed); None where a sheet does not say."""
    heights: dict[str, int | None] = {}
    with open_zip(path) as archive:
        for name, part in workbook(archive).sheets:
            member = member_of(archive, part)
            head = b""
            if member is not None:
                with archive.open(member) as handle:
                    head = handle.read(4096)
            found = _DIMENSION.search(head)
            heights[name] = int(found.group(1)) if found else None
    return heights


# -- shared strings ---------------------------------------------------------------------------


class _Strings(list):
    """A list that can be weakly referenced, so that the sheets of one file read together
    (the intake reads every sheet's first rows before the rest) share one table."""


_loaded_strings: "weakref.WeakValueDictionary[tuple, _Strings]" = weakref.WeakValueDictionary()


def parse_member(parser, archive: zipfile.ZipFile, member: zipfile.ZipInfo, broken: str) -> None:
    """Feed a member of the zip to an expat parser in chunks, to its end; XlsxError saying
    `broken` for XML that breaks, or that the file is damaged."""
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(CHUNK_BYTES):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except expat.ExpatError as error:
        raise XlsxError(f"{broken}: {error}.") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
        raise XlsxError(f"The file is damaged: {error}.") from None


def shared_strings(path, archive: zipfile.ZipFile, part: str | None) -> list:
    member = member_of(archive, part) if part else None
    if member is None:
        return []
    stat = Path(path).stat()
    key = (str(Path(path).resolve()), stat.st_mtime_ns, stat.st_size, member.filename)
    strings = _loaded_strings.get(key)
    if strings is None:
        strings = _Strings()
        _read_strings(archive, member, strings)
        _loaded_strings[key] = strings
    return strings


def _read_strings(archive: zipfile.ZipFile, member: zipfile.ZipInfo, strings: list) -> None:
    parser = expat_parser()
    add = strings.append
    parts: list[str] = []
    SI = T = RPH = ""
    collecting = in_phonetic = False
    depth = 0

    def start(name, attrs):
        nonlocal collecting, in_phonetic, SI, T, RPH, depth
        depth += 1
        if depth > limits.MAX_XML_DEPTH:
            raise Exceeded("depth", depth, limits.MAX_XML_DEPTH)
        if name == T:
            collecting = not in_phonetic
        elif name == SI:
            parts.clear()
        elif name == RPH:
            in_phonetic = True
        elif not SI:
            prefix = name[: name.index(":") + 1] if ":" in name else ""
            SI, T, RPH = prefix + "si", prefix + "t", prefix + "rPh"

    def end(name):
        nonlocal collecting, in_phonetic, depth
        depth -= 1
        if name == T:
            collecting = False
        elif name == SI:
            add(unescape(parts[0] if len(parts) == 1 else "".join(parts)))
        elif name == RPH:
            in_phonetic = False

    def characters(data):
        if collecting:
            parts.append(data)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    parse_member(parser, archive, member, "The shared strings are broken")


# -- workbook, relationships, styles ----------------------------------------------------------


class Workbook:
    """What the workbook part says: its sheets and their parts, its date system, and where
    the shared strings and the styles are."""

    def __init__(self, sheets, date1904, strings_part, styles_part):
        self.sheets: list[tuple[str, str]] = sheets  # (name, part), workbook order
        self.date1904: bool = date1904
        self.strings_part: str | None = strings_part
        self.styles_part: str | None = styles_part


def open_zip(path) -> zipfile.ZipFile:
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(OLE_MAGIC))
        if head == OLE_MAGIC:
            raise XlsxError("The file is password-protected, or an old .xls saved as .xlsx.")
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as error:
        raise XlsxError(f"The file is not an .xlsx workbook: {error}.") from None


def workbook(archive: zipfile.ZipFile) -> Workbook:
    main = "xl/workbook.xml"
    for relation in _relations(archive, "_rels/.rels", ""):
        if relation[0].endswith("/officeDocument"):
            main = relation[1]
    root = _xml(archive, main)
    if root is None:
        raise XlsxError("The file is a zip archive but not an .xlsx workbook.")
    targets: dict[str, str] = {}
    strings_part = styles_part = None
    folder = posixpath.dirname(main)
    rels = posixpath.join(folder, "_rels", posixpath.basename(main) + ".rels")
    for kind, target, identifier in _relations(archive, rels, folder):
        targets[identifier] = target
        if kind.endswith("/sharedStrings"):
            strings_part = target
        elif kind.endswith("/styles"):
            styles_part = target
    sheets, date1904 = [], False
    for element in root.iter():
        tag = _local(element.tag)
        if tag == "sheet":
            identifier = next((v for k, v in element.attrib.items() if _local(k) == "id"), "")
            sheets.append((element.get("name", ""), targets.get(identifier, "")))
        elif tag == "workbookPr":
            date1904 = element.get("date1904", "").lower() in ("1", "true")
    return Workbook(
        sheets,
        date1904,
        strings_part or _existing(archive, folder, "sharedStrings.xml"),
        styles_part or _existing(archive, folder, "styles.xml"),
    )


def _relations(archive: zipfile.ZipFile, part: str, folder: str) -> list[tuple[str, str, str]]:
    """(type, target part, id) of each relationship, targets resolved inside the zip."""
    root = _xml(archive, part)
    if root is None:
        return []
    found = []
    for element in root.iter():
        if _local(element.tag) != "Relationship" or element.get("TargetMode") == "External":
            continue
        target = element.get("Target", "").replace("\\", "/")
        target = target[1:] if target.startswith("/") else posixpath.join(folder, target)
        found.append((element.get("Type", ""), posixpath.normpath(target), element.get("Id", "")))
    return found


def date_styles(archive: zipfile.ZipFile, part: str | None) -> frozenset:
    """The cell style indexes (as the text of s="N") whose number format shows a date.

    styles.xml is streamed, not built as a tree: a file can pad it with millions of
    elements, and only the number formats and the cell formats matter here."""
    member = member_of(archive, part) if part else None
    if member is None:
        return frozenset()
    custom: dict[str, str] = {}
    formats: list[list[str]] = []  # the numFmtId of each <xf> of each <cellXfs>
    depth, in_cell_formats = 0, 0  # the depth of the open <cellXfs>, 0 outside

    def start(name, attrs):
        nonlocal depth, in_cell_formats
        depth += 1
        if depth > limits.MAX_XML_DEPTH:
            raise Exceeded("depth", depth, limits.MAX_XML_DEPTH)
        local = name.rpartition(":")[2]
        if local == "numFmt":
            custom[attrs.get("numFmtId")] = attrs.get("formatCode", "")
        elif local == "cellXfs":
            in_cell_formats = depth
            formats.append([])
        elif local == "xf" and in_cell_formats and depth == in_cell_formats + 1:
            formats[-1].append(attrs.get("numFmtId", "0"))
        else:
            return
        if len(custom) + sum(map(len, formats[-1:])) > limits.MAX_STYLE_FORMATS:
            raise Exceeded("formats", limits.MAX_STYLE_FORMATS + 1, limits.MAX_STYLE_FORMATS)

    def end(name):
        nonlocal depth, in_cell_formats
        if depth == in_cell_formats:
            in_cell_formats = 0
        depth -= 1

    parser = expat_parser()
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parse_member(parser, archive, member, f"The part {part} is broken")
    dated = set()
    for cell_formats in formats:
        for index, format_id in enumerate(cell_formats):
            if format_id in custom:
                is_date = is_date_format(custom[format_id])
            else:
                is_date = format_id.isdigit() and int(format_id) in DATE_FORMAT_IDS
            if is_date:
                dated.add(str(index))
    return frozenset(dated)


def is_date_format(code: str) -> bool:
    """Whether a number format shows a date: it has a day, month or year outside quoted
    text, [brackets] and escapes. A time alone ("h:mm", where m is minutes) is no date."""
    bare = _FORMAT_NOISE.sub("", code).lower()
    if "d" in bare or "y" in bare:
        return True
    return "m" in bare and "h" not in bare and "s" not in bare


def _xml(archive: zipfile.ZipFile, part: str):
    """The parsed root of a small part, or None when the file has no such part."""
    member = member_of(archive, part)
    if member is None:
        return None
    if member.file_size > limits.MAX_PART_BYTES:
        raise Exceeded("member", member.file_size, limits.MAX_PART_BYTES, part)
    try:
        data = archive.read(member)
        if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
            raise XlsxError(f"The part {part} declares a DTD: refused.")
        _check_depth(data)
        return ElementTree.fromstring(data)
    except (
        ElementTree.ParseError,
        expat.ExpatError,
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
    ) as error:
        raise XlsxError(f"The part {part} is broken: {error}.") from None


def _check_depth(data: bytes) -> None:
    """Exceeded for a part nested deeper than any workbook's, before a tree is built of it."""
    depth = 0

    def start(_name, _attrs):
        nonlocal depth
        depth += 1
        if depth > limits.MAX_XML_DEPTH:
            raise Exceeded("depth", depth, limits.MAX_XML_DEPTH)

    def end(_name):
        nonlocal depth
        depth -= 1

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.Parse(data, True)


def member_of(archive: zipfile.ZipFile, part: str) -> zipfile.ZipInfo | None:
    """The zip entry of a part; Excel reads part names without regard to case."""
    try:
        return archive.getinfo(part)
    except KeyError:
        wanted = part.lower()
        return next((i for i in archive.infolist() if i.filename.lower() == wanted), None)


def _existing(archive: zipfile.ZipFile, folder: str, name: str) -> str | None:
    part = posixpath.join(folder, name)
    return part if member_of(archive, part) is not None else None


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def expat_parser():
    """An expat parser for a part read in chunks, which refuses a DTD."""
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.buffer_size = CHUNK_BYTES

    def refuse(*_args):
        # An .xlsx has no DTD; one here could only be an entity-expansion attack.
        raise XlsxError("The file declares a DTD: refused.")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    return parser
