"""Hostile spreadsheets: small files that declare far more than they hold.

Each builder writes one file and returns its path. Sizes are parameters: the tests build
them just past each limit, `bench/bombs.py` at the sizes of the report (a 920-byte .ods of
20,000 × 1,000 cells, a 643 kB .xlsx of 315 MB of sheet XML).
"""

import csv
import zipfile
from collections.abc import Iterable
from pathlib import Path

HEADER = ["STT", "Mã số BHXH", "Họ và tên", "Ngày sinh", "Giới tính", "Mã đơn vị"]

# -- .xlsx --------------------------------------------------------------------------------

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def xlsx(path: Path, sheets: dict[str, Iterable[bytes]], shared_strings: Iterable[bytes] = ()):
    """A minimal workbook: each sheet's XML given in parts (streamed into the zip, so that
    hundreds of megabytes cost no memory here), and an optional sharedStrings.xml."""
    path = Path(path)
    shared_strings = iter(shared_strings)
    first = next(shared_strings, None)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.'
            'org/package/2006/content-types"><Default Extension="xml" ContentType="application/'
            'xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{_RELS}"><Relationship Id="rId1" Type="{_DOC}/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        entries = "".join(
            f'<sheet name="{name}" sheetId="{index}" r:id="rId{index}"/>'
            for index, name in enumerate(sheets, start=1)
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_DOC}"><sheets>{entries}</sheets></workbook>',
        )
        relations = "".join(
            f'<Relationship Id="rId{index}" Type="{_DOC}/worksheet" '
            f'Target="worksheets/sheet{index}.xml"/>'
            for index in range(1, len(sheets) + 1)
        )
        if first is not None:
            relations += (
                f'<Relationship Id="rIdS" Type="{_DOC}/sharedStrings" Target="sharedStrings.xml"/>'
            )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{_RELS}">{relations}</Relationships>',
        )
        for index, parts in enumerate(sheets.values(), start=1):
            with archive.open(f"xl/worksheets/sheet{index}.xml", "w", force_zip64=True) as out:
                out.write(f'<worksheet xmlns="{_MAIN}"><sheetData>'.encode())
                for part in parts:
                    out.write(part)
                out.write(b"</sheetData></worksheet>")
        if first is not None:
            with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as out:
                out.write(f'<sst xmlns="{_MAIN}">'.encode())
                out.write(first)
                for part in shared_strings:
                    out.write(part)
                out.write(b"</sst>")
    return path


def _inline_row(number: int, values: list[str]) -> bytes:
    cells = "".join(
        f'<c r="{chr(65 + column)}{number}" t="inlineStr"><is><t>{value}</t></is></c>'
        for column, value in enumerate(values)
    )
    return f'<row r="{number}">{cells}</row>'.encode()


def xlsx_ratio(path: Path, megabytes: int = 315) -> Path:
    """One sheet of the same row again and again: its XML `megabytes` large, compressed
    several hundred times (the report's 643 kB file held 315 MB)."""
    row = _inline_row(2, ["1", "0123456789", "Nguyễn Văn An", "01/01/1980", "Nam", "TA0001A"])

    def parts():
        yield _inline_row(1, HEADER)
        block = row * (1024 * 1024 // len(row))
        for _ in range(megabytes):
            yield block

    return xlsx(path, {"Sổ": parts()})


def xlsx_shared_strings(path: Path, megabytes: int) -> Path:
    """A sharedStrings.xml of `megabytes` of distinct short texts (every one held in
    memory by the reader), with a sheet of one row."""
    count = megabytes * 1024 * 1024 // 20

    def strings():
        for start in range(0, count, 10_000):
            yield b"".join(
                b"<si><t>%d</t></si>" % number for number in range(start, start + 10_000)
            )

    sheet = [b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>']
    return xlsx(path, {"Sổ": sheet}, strings())


def xlsx_deep(path: Path, depth: int) -> Path:
    """A sheet whose first cell nests `depth` elements (expat keeps each open one)."""
    nested = [b"<is>", b"<x>" * depth, b"</x>" * depth, b"</is>"]
    parts = [b'<row r="1"><c r="A1" t="inlineStr">', *nested, b"</c></row>"]
    return xlsx(path, {"Sổ": parts})


def xlsx_many_sheets(path: Path, sheets: int) -> Path:
    return xlsx(path, {f"S{index}": [_inline_row(1, ["x"])] for index in range(sheets)})


def xlsx_long_row(path: Path, megabytes: int, *, compressible: bool = True) -> Path:
    """One row that never ends: `megabytes` of cells in the same column, of the same text
    (compressed hundreds of times) or of random digits (compressed a few times)."""
    import random

    draw = random.Random(megabytes)

    def cells() -> bytes:
        text = b"0123456789" * 4 if compressible else b"%040d" % draw.getrandbits(128)
        return b'<c r="A1" t="inlineStr"><is><t>' + text + b"</t></is></c>"

    def parts():
        yield b'<row r="1">'
        for _ in range(megabytes):
            yield b"".join(cells() for _ in range(1024 * 1024 // 70))
        yield b"</row>"

    return xlsx(path, {"Sổ": parts()})


def zip_many_members(path: Path, members: int) -> Path:
    """An .xlsx-named zip of `members` empty files: its directory alone is the bomb."""
    with zipfile.ZipFile(path, "w") as archive:
        for index in range(members):
            archive.writestr(f"{index}", b"")
    return Path(path)


# -- .ods -----------------------------------------------------------------------------------

_ODS_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"'
)


def ods(path: Path, tables: dict[str, str]) -> Path:
    """A minimal OpenDocument spreadsheet; `tables`: name -> the XML inside <table:table>."""
    body = "".join(
        f'<table:table table:name="{name}">{xml}</table:table>' for name, xml in tables.items()
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODS_NAMESPACES}>'
        f"<office:body><office:spreadsheet>{body}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:'
        'names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry '
        'manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.'
        'spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-'
        'type="text/xml"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"),
            "application/vnd.oasis.opendocument.spreadsheet",
            compress_type=zipfile.ZIP_STORED,
        )
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", content)
    return Path(path)


def ods_cell(value: str, columns: int = 1) -> str:
    repeated = f' table:number-columns-repeated="{columns}"' if columns > 1 else ""
    return (
        f'<table:table-cell office:value-type="string"{repeated}><text:p>{value}</text:p>'
        "</table:table-cell>"
    )


def ods_repeated(path: Path, rows: int = 20_000, columns: int = 1_000) -> Path:
    """The report's 920-byte file: one row of `columns` cells, repeated `rows` times."""
    row = f'<table:table-row table:number-rows-repeated="{rows}">{ods_cell("x", columns)}'
    return ods(path, {"Sổ": row + "</table:table-row>"})


def ods_far_cell(path: Path, row: int = 1_000_000, column: int = 1_000) -> Path:
    """A header, then empty rows and cells up to one cell far away: calamine holds the
    whole rectangle."""
    header = "<table:table-row>" + "".join(ods_cell(h) for h in HEADER) + "</table:table-row>"
    gap = f'<table:table-row table:number-rows-repeated="{row - 2}"><table:table-cell/>'
    far = (
        f'<table:table-row><table:table-cell table:number-columns-repeated="{column - 1}"/>'
        f"{ods_cell('x')}</table:table-row>"
    )
    return ods(path, {"Sổ": header + gap + "</table:table-row>" + far})


def ods_deep(path: Path, depth: int) -> Path:
    cell = "<table:table-cell><text:p>" + "<text:span>" * depth + "</text:span>" * depth
    return ods(
        path, {"Sổ": f"<table:table-row>{cell}</text:p></table:table-cell></table:table-row>"}
    )


def ods_plain(path: Path, rows: list[list[str]], name: str = "Sổ") -> Path:
    xml = "".join(
        "<table:table-row>" + "".join(ods_cell(value) for value in row) + "</table:table-row>"
        for row in rows
    )
    return ods(path, {name: xml})


# -- .xls and CSV ---------------------------------------------------------------------------


def xls_far_cell(path: Path) -> Path:
    """A legacy workbook with one cell at its last row and column: calamine holds the
    whole 65,536 × 256 rectangle."""
    import xlwt

    workbook = xlwt.Workbook()
    sheet = workbook.add_sheet("So")
    for column, header in enumerate(HEADER):
        sheet.write(0, column, header)
    sheet.write(65_535, 255, "x")
    workbook.save(str(path))
    return Path(path)


def csv_long_line(path: Path, megabytes: int) -> Path:
    """A CSV file whose second line is `megabytes` of empty fields."""
    with Path(path).open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerow(HEADER)
        block = "," * (1024 * 1024)
        for _ in range(megabytes):
            out.write(block)
        out.write("\n")
    return Path(path)


# -- measuring a process that opens one -------------------------------------------------------

PROBE = r"""
import json, os, resource, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sobhxh.settings")
import django
django.setup()
from sobhxh.intake import reading
from sobhxh.intake.errors import UnusableFile

def status(field):
    with open("/proc/self/status") as lines:
        for line in lines:
            if line.startswith(field + ":"):
                return int(line.split()[1])

path = sys.argv[1]
start, started = status("VmRSS"), time.monotonic()
outcome, message, rows = "read", "", 0
try:
    reading.estimate_rows([path])
    for table in reading.open_tables([path]):
        for _row in table.rows():
            rows += 1
except UnusableFile as refused:
    outcome, message = "refused", refused.message_vi
except MemoryError:
    outcome = "MemoryError"
print(json.dumps({
    "outcome": outcome, "message": message, "rows": rows,
    "seconds": round(time.monotonic() - started, 2),
    "peak_mb": round((status("VmHWM") - start) / 1024, 1),
    "child_peak_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
}))
"""


def measure(path: Path, *, code: Path | None = None, timeout: int = 600) -> dict:
    """Open `path` as the import worker does (the row estimate, then every row of every
    table) in a new process; its outcome, seconds, and peak memory above its start in MB
    (`child_peak_mb`: the largest of the processes it started, whole). `code`: another
    checkout of sobhxh to run instead of this one."""
    import json
    import os
    import subprocess
    import sys

    environment = dict(os.environ)
    if code is not None:
        environment["PYTHONPATH"] = str(code)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(path)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=environment,
        cwd=code,  # `python -c` looks in its folder first
        check=False,
    )
    lines = done.stdout.strip().splitlines()
    if done.returncode or not lines:
        return {"outcome": f"died ({done.returncode})", "message": done.stderr[-500:]}
    return json.loads(lines[-1])
