"""How much each `# fmt: skip` saves: for every marker, the lines its statement would grow
by if ruff formatted it. A marker that saves little is noise; one that keeps a table in
its shape earns its place (docs/decisions.md, "`# fmt: skip` where it keeps a table a
table").

    .venv/bin/python scripts/fmt_skip_growth.py [PATH ...]   # default: sobhxh bench scripts
"""

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUFF = ROOT / ".venv" / "bin" / "ruff"
MARKER = re.compile(r"\s*# fmt: skip\s*$")


def formatted(text: str, path: Path) -> str | None:
    done = subprocess.run(
        [str(RUFF), "format", "--stdin-filename", str(path), "-"],
        input=text,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return None if done.returncode else done.stdout


def growths(path: Path):
    text = path.read_text("utf-8")
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if MARKER.search(line):
            trial = [*lines[:index], MARKER.sub("", line), *lines[index + 1 :]]
            out = formatted("\n".join(trial), path)
            yield index + 1, None if out is None else out.count("\n") - text.count("\n")


def main() -> None:
    roots = [Path(p) for p in sys.argv[1:]] or [ROOT / "sobhxh", ROOT / "bench", ROOT / "scripts"]
    files = sorted(f for r in roots for f in ([r] if r.is_file() else r.rglob("*.py")))
    histogram: Counter = Counter()
    for path in files:
        if "/migrations/" in str(path):
            continue
        for line, growth in growths(path):
            histogram[growth] += 1
            print(f"{growth if growth is not None else '?':>4}  {path.relative_to(ROOT)}:{line}")
    summary = ", ".join(f"+{g}: {n}" for g, n in sorted(histogram.items(), key=lambda i: i[0] or 0))
    print(f"{sum(histogram.values())} markers; lines saved each: {summary}", file=sys.stderr)


if __name__ == "__main__":
    main()
