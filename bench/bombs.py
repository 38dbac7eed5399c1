"""Issue #11, point 2: the bombs at the sizes of the report, opened as the import worker
opens a file (the row estimate, then every row), each in a new process whose peak memory
above its start is measured; `--code` runs another checkout of sobhxh for a before/after.

    .venv/bin/python bench/bombs.py                      # this checkout
    git worktree add --detach /tmp/before <commit>
    .venv/bin/python bench/bombs.py --code /tmp/before   # that one, same bombs

The bombs are written once to bench/out/bombs/. A bomb that the old code cannot finish is
stopped after --timeout seconds (reported as such). Results are appended to
bench/out/bombs-results.txt.
"""

import argparse
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sobhxh.testing import bombs

OUT = Path(__file__).resolve().parent / "out"
BOMBS = {
    "ods-repeated.ods": lambda path: bombs.ods_repeated(path, rows=20_000, columns=1_000),
    "ods-far-cell.ods": lambda path: bombs.ods_far_cell(path),
    "ods-deep.ods": lambda path: bombs.ods_deep(path, depth=200),
    "xlsx-ratio.xlsx": lambda path: bombs.xlsx_ratio(path, megabytes=315),
    "xlsx-shared-strings.xlsx": lambda path: bombs.xlsx_shared_strings(path, megabytes=200),
    "xlsx-deep.xlsx": lambda path: bombs.xlsx_deep(path, depth=5_000_000),
    "xlsx-long-row.xlsx": lambda path: bombs.xlsx_long_row(path, megabytes=100, compressible=False),
    "xlsx-sheets.xlsx": lambda path: bombs.xlsx_many_sheets(path, sheets=5_000),
    "zip-members.xlsx": lambda path: bombs.zip_many_members(path, members=300_000),
    "xls-far-cell.xls": lambda path: bombs.xls_far_cell(path),
    "csv-long-line.csv": lambda path: bombs.csv_long_line(path, megabytes=200),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", type=Path, help="another checkout of sobhxh to measure")
    parser.add_argument("--timeout", type=int, default=300)
    parser.add_argument("names", nargs="*", help="only these bombs")
    options = parser.parse_args()
    folder = OUT / "bombs"
    folder.mkdir(parents=True, exist_ok=True)
    code = options.code or Path(__file__).resolve().parent.parent
    revision = subprocess.run(
        ["git", "-C", str(code), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    lines = [f"bombs, code {code} ({revision})"]
    print(lines[0])
    for name, build in BOMBS.items():
        if options.names and name not in options.names:
            continue
        path = folder / name
        if not path.exists():
            build(path)
        try:
            measured = bombs.measure(path, code=options.code, timeout=options.timeout)
        except subprocess.TimeoutExpired:
            measured = {"outcome": f"stopped after {options.timeout} s"}
        line = (
            f"{name:26} {path.stat().st_size:>11,} B  {measured['outcome']:10} "
            f"peak +{measured.get('peak_mb', '?')} MB, child {measured.get('child_peak_mb', '?')}"
            f" MB, {measured.get('seconds', '?')} s  {measured.get('message', '')[:90]}"
        )
        lines.append(line)
        print(line, flush=True)
    with (OUT / "bombs-results.txt").open("a") as results:
        results.write("\n".join(lines) + "\n\n")


if __name__ == "__main__":
    main()
