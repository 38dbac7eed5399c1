"""Workbooks that calamine reads (.xls, .ods), opened in a child process that cannot take
more than `limits.MEMORY_BUDGET` of memory nor `limits.CPU_SECONDS` of CPU.

calamine holds a whole sheet in memory before giving its first row, sized by what the
file declares. `preflight` refuses an .ods that declares too much; an .xls cannot declare
much (65,536 × 256 cells at most) but even that is over a gigabyte in calamine. In a child
process the operating system enforces the budget: past it, calamine's allocation fails,
the child ends, and the file is refused. The rows come back over a pipe in batches, so
the process that imports holds one batch at a time.
"""

import datetime
import pickle
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from . import limits
from .limits import Exceeded

CHILD = Path(__file__).with_name("calamine_child.py")


class Unreadable(Exception):
    """calamine could not read the file or the sheet."""


def sheet_names(path: Path) -> list[str]:
    for message in _messages(path, None):
        if message[0] == "names":
            return message[1]
    raise Unreadable(path)


def sheet_rows(path: Path, sheet: str) -> Iterator[list]:
    """The rows of one sheet, as calamine gives them; the child ends when the caller stops
    reading (the generator is closed)."""
    for message in _messages(path, sheet):
        if message[0] == "rows":
            yield from message[1]


def _messages(path: Path, sheet: str | None) -> Iterator[tuple]:
    command = [
        sys.executable,
        "-I",
        str(CHILD),
        str(limits.MEMORY_BUDGET),
        str(limits.CPU_SECONDS),
        str(path),
    ]
    if sheet is not None:
        command.append(sheet)
    with tempfile.TemporaryFile() as errors:
        child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors, stdin=None)
        try:
            while True:
                try:
                    message = CellUnpickler(child.stdout).load()
                except EOFError:
                    break
                if message[0] == "end":
                    return
                if message[0] == "error":
                    _raise(message[1], errors)
                yield message
        finally:
            child.kill()
            child.stdout.close()
            child.wait()
        # The child ended without saying so: killed by the limits, or crashed.
        _raise(_why(child.returncode, errors), errors)


def _why(returncode: int, errors) -> str:
    errors.seek(0)
    said = errors.read(4096)
    if returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        return "time" if returncode == -signal.SIGXCPU else "memory"
    if returncode == -signal.SIGABRT or b"memory allocation" in said or b"MemoryError" in said:
        return "memory"
    return "unreadable"


def _raise(what: str, errors) -> None:
    if what == "memory":
        raise Exceeded("memory", limits.MEMORY_BUDGET + 1, limits.MEMORY_BUDGET)
    if what == "time":
        raise Exceeded("time", limits.CPU_SECONDS + 1, limits.CPU_SECONDS)
    raise Unreadable(what)


class CellUnpickler(pickle.Unpickler):
    """Cell values only: what calamine gives (text, numbers, booleans, dates and times),
    in lists and tuples. Nothing else is rebuilt, whatever the child sent."""

    ALLOWED = {
        ("datetime", "date"): datetime.date,
        ("datetime", "datetime"): datetime.datetime,
        ("datetime", "time"): datetime.time,
        ("datetime", "timedelta"): datetime.timedelta,
    }

    def find_class(self, module, name):
        found = self.ALLOWED.get((module, name))
        if found is None:
            raise pickle.UnpicklingError(f"{module}.{name} is not a cell value")
        return found
