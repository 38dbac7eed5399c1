"""Run by `isolated` as a script, in a process of its own: open one workbook with calamine
under a memory and CPU limit, and send its sheet names or one sheet's rows to stdout.

    python -I calamine_child.py BUDGET_BYTES CPU_SECONDS PATH [SHEET]

Messages are pickled tuples: ("names", [...]), ("rows", [[...], ...]) batches, then
("end",); or ("error", what) where what is "memory" or "unreadable". Imports nothing of
sobhxh (and no Django): this file is started as a script, not as part of the package.
"""

import pickle
import resource
import sys

BATCH_ROWS = 1_000


def _limit_memory(budget: int, cpu_seconds: int) -> None:
    with open("/proc/self/status") as status:
        size = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize:"))
    resource.setrlimit(resource.RLIMIT_AS, (size + budget, size + budget))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))


def main() -> int:
    budget, cpu_seconds, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    sheet = sys.argv[4] if len(sys.argv) > 4 else None
    from python_calamine import CalamineWorkbook

    _limit_memory(budget, cpu_seconds)
    out = sys.stdout.buffer
    try:
        workbook = CalamineWorkbook.from_path(path)
        if sheet is None:
            pickle.dump(("names", list(workbook.sheet_names)), out)
        else:
            batch = []
            for row in workbook.get_sheet_by_name(sheet).iter_rows():
                batch.append(row)
                if len(batch) == BATCH_ROWS:
                    pickle.dump(("rows", batch), out)
                    batch = []
            pickle.dump(("rows", batch), out)
        pickle.dump(("end",), out)
    except MemoryError:
        pickle.dump(("error", "memory"), out)
    except Exception as error:  # calamine raises a different error for each broken container
        print(f"{type(error).__name__}: {error}", file=sys.stderr)
        pickle.dump(("error", "unreadable"), out)
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
