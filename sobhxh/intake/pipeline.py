"""Chunks of parsed rows, each table in turn, parsed by a second process while the first
one writes.

Both import paths (see `importing`) take their rows from here. The parked path reads each
table whole, periods first, in chunks of ROWS_PER_CHUNK rows (`parsed_chunks`); the merged
path reads books and periods in step (`merging.merged`), through the same `in_turn`.
Parsing touches no database, so for an input of PARALLEL_FROM_BYTES or more a forked
process parses the chunks and sends them through a pipe while the importing process writes
the ones before: on a machine with two cores the import then takes about as long as the
longer of the two halves instead of their sum. A failure in the parsing process comes back
as the same `UnusableFile`, or as a RuntimeError with its trace.
"""

import contextlib
import itertools
import multiprocessing
import queue
import threading
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

try:
    import fcntl
except ImportError:  # not on Windows, where the pipe keeps its size (see _widen)
    fcntl = None

from .errors import UnusableFile
from .reading import Table
from .rows import Parsed, Parser

ROWS_PER_CHUNK = 5000  # rows of a table parsed, and sent to the importer, together
PIPE_BYTES = 1024 * 1024  # a chunk or more in the pipe at once (see _widen)
# Parsed chunks the parsing process may be ahead of the importer.
READ_AHEAD = 8
# Below this many bytes of input a second process costs more than it saves.
PARALLEL_FROM_BYTES = 4 * 1024 * 1024


def parsed_chunks(tables: list[Table], *, parallel: bool) -> Iterator[Parsed]:
    """The parsed chunks of each table in turn; with `parallel`, parsed by a second process
    (forked, so it reads on from where the tables were opened) while the caller writes."""
    return in_turn(_parse_all, tables, parallel=parallel)


def should_run_in_parallel(paths: list[Path]) -> bool:
    return sum(path.stat().st_size for path in paths) >= PARALLEL_FROM_BYTES


def in_turn(parse_all: Callable, tables: list[Table], *, parallel: bool) -> Iterator:
    """What `parse_all(tables)` yields; with `parallel`, made by a forked process that works
    up to READ_AHEAD chunks ahead of the caller."""
    if not parallel:
        yield from parse_all(tables)
        return
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    _widen(receiver)
    worker = context.Process(
        target=_parse_into, args=(parse_all, tables, sender, receiver), daemon=True
    )
    worker.start()
    sender.close()
    messages: queue.Queue = queue.Queue(maxsize=READ_AHEAD)
    stop = threading.Event()
    pump = threading.Thread(target=_pump, args=(receiver, messages, stop), daemon=True)
    pump.start()
    finished = False
    try:
        while (message := messages.get()) is not None:
            if isinstance(message, _Failure):
                message.raise_again()
            yield message
        finished = True
    finally:
        stop.set()
        if not finished:
            worker.terminate()  # its pipe closes, and the pump's wait with it
        worker.join(timeout=5)
        pump.join(timeout=5)
        receiver.close()


def _widen(pipe) -> None:
    """Let the pipe hold a whole chunk or more: at the default 64 KB, a chunk of 300 KB
    takes a handful of wake-ups of each process to cross."""
    with contextlib.suppress(OSError, AttributeError):  # Linux only; capped by the system
        fcntl.fcntl(pipe.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)  # type: ignore[union-attr]


def _pump(receiver, messages: queue.Queue, stop: threading.Event) -> None:
    """Move the parsing process's chunks from the pipe into `messages` as they come.

    A pipe holds a few kilobytes: without this, the parser would wait for every chunk to be
    taken while the importer writes, and the two processes would take turns instead of
    working together. The queue is bounded, so memory is too.
    """
    while not stop.is_set():
        try:
            message = receiver.recv()
        except (EOFError, OSError):
            message = _Failure(trace="the parsing process ended without finishing")
        while not stop.is_set():
            try:
                messages.put(message, timeout=0.5)
                break
            except queue.Full:
                continue
        if message is None or isinstance(message, _Failure):
            return


def _parse_all(tables: list[Table]) -> Iterator[Parsed]:
    parser = Parser()
    for table in tables:
        yield from chunks_of(parser, table)


def chunks_of(parser: Parser, table: Table) -> Iterator[Parsed]:
    rows = table.rows()
    while chunk := list(itertools.islice(rows, ROWS_PER_CHUNK)):
        yield parser.chunk(table, chunk)


@dataclass
class _Failure:
    """What stopped the parsing process, sent back to be raised in the importing one."""

    unusable: UnusableFile | None = None
    trace: str = ""

    def raise_again(self) -> None:
        if self.unusable is not None:
            raise self.unusable
        raise RuntimeError(f"the parsing process failed:\n{self.trace}")


def _parse_into(parse_all: Callable, tables: list[Table], sender, receiver) -> None:
    # The forked copy of the reading end would keep the pipe open after the importing
    # process dies (kill -9): close it, so that sending fails then and this process ends.
    receiver.close()
    try:
        for parsed in parse_all(tables):
            sender.send(parsed)
    except (BrokenPipeError, EOFError):
        return  # the importing process is gone: nobody to parse for
    except UnusableFile as unusable:
        sender.send(_Failure(unusable=unusable))
        return
    except Exception:
        sender.send(_Failure(trace=traceback.format_exc()))
        return
    sender.send(None)
