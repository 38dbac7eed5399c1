"""Read one sheet of an .xlsx workbook, every row, with sobhxh's reader
(`sobhxh/intake/xlsx.py`), python-calamine and openpyxl in read-only mode: time to the
first row, total time and peak memory of each, each in a fresh process (the peak is the
process's maximum resident set, less what it held after importing the reader). openpyxl
comes with the `bench` extra (`.venv/bin/pip install -e '.[bench]'`).

    python bench/intake_files.py bench/out/xlsx --books 100000 --xlsx
    python bench/xlsx_readers.py bench/out/xlsx/books.xlsx [--sheet Sổ] [--runs 3]
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READERS = ("sobhxh", "calamine", "openpyxl")


def rows_of(reader: str, path: str, sheet: str):
    if reader == "sobhxh":
        from sobhxh.intake.xlsx import iter_rows

        return iter_rows(path, sheet)
    if reader == "calamine":
        from python_calamine import CalamineWorkbook

        return CalamineWorkbook.from_path(path).get_sheet_by_name(sheet).iter_rows()
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    return workbook[sheet].iter_rows(values_only=True)


def one(reader: str, path: str, sheet: str) -> None:
    """In the child: read every row, print rows, cells, seconds to the first row and in all,
    and the resident set after the imports (kB)."""
    sys.path.insert(0, str(ROOT))
    if reader == "sobhxh":
        import sobhxh.intake.xlsx  # noqa: F401
    elif reader == "calamine":
        import python_calamine  # noqa: F401
    else:
        import openpyxl  # noqa: F401
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    first = None
    count = cells = 0
    for row in rows_of(reader, path, sheet):
        if first is None:
            first = time.perf_counter() - started
        count += 1
        cells += sum(1 for cell in row if cell not in (None, ""))
    print(count, cells, first, time.perf_counter() - started, baseline)


def measure(reader: str, path: Path, sheet: str) -> tuple[int, int, float, float, int]:
    child = subprocess.Popen(
        [sys.executable, __file__, "--one", reader, str(path), "--sheet", sheet],
        stdout=subprocess.PIPE,
        text=True,
    )
    out = child.stdout.read()
    _pid, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        sys.exit(f"{reader} failed ({child.returncode})")
    count, cells, first, total, baseline = out.split()
    peak_mb = (usage.ru_maxrss - int(baseline)) / 1024  # Linux: kB
    return int(count), int(cells), float(first), float(total), peak_mb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--sheet", default="Sổ")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--one", choices=READERS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        one(args.one, str(args.path), args.sheet)
        return
    size = args.path.stat().st_size / 1e6
    print(f"{args.path} ({size:.1f} MB), sheet {args.sheet!r}, median of {args.runs} runs")
    print("reader          rows      cells first row s   all s  peak MB")
    for reader in READERS:
        results = [measure(reader, args.path, args.sheet) for _ in range(args.runs)]
        count, cells = results[0][:2]
        first = statistics.median(r[2] for r in results)
        total = statistics.median(r[3] for r in results)
        peak = statistics.median(r[4] for r in results)
        print(f"{reader:<10} {count:>9,} {cells:>10,} {first:>11.2f} {total:>7.2f} {peak:>8.1f}")


if __name__ == "__main__":
    main()
