"""Plan the demo's chunks in a second process while this one writes them.

Planning is Python (random draws, names, dates) and writing is the database's work (COPY on
PostgreSQL): done in turn, each waits for the other, and at 15 million books that is an
hour of one core idle. A forked child runs the very same `Planner` and hands each chunk
over a bounded queue, so the two overlap and memory holds at most `AHEAD` chunks.

The child touches no database: it is forked after the offices were read, and it only
plans. `tests/test_demo_ahead.py` compares its chunks with the plain in-process plan.
"""

import multiprocessing
import pickle
from collections.abc import Iterator

from .generator import Chunk, Ids, Planner

# Chunks planned ahead of the writer: enough to keep both busy, few enough to bound memory
# (a chunk of 20,000 books is about 30 MB of Python objects).
AHEAD = 2
_DONE = "done"
_FAILED = "failed"


def chunks_planned_ahead(planner: Planner) -> Iterator[Chunk]:
    """The chunks of `planner`, planned by a child process; `planner.ids` is advanced as if
    it had planned them itself. Falls back to planning here where `fork` is unavailable."""
    if "fork" not in multiprocessing.get_all_start_methods():
        yield from planner.chunks()
        return
    context = multiprocessing.get_context("fork")
    queue = context.Queue(maxsize=AHEAD)
    child = context.Process(target=_plan, args=(planner, queue), daemon=True)
    child.start()
    try:
        while True:
            kind, payload = queue.get()
            if kind == _DONE:
                planner.ids = payload
                return
            if kind == _FAILED:
                raise RuntimeError(f"the demo planner failed: {payload}")
            yield pickle.loads(payload)
    finally:
        if child.is_alive():
            child.kill()
        child.join()


def _plan(planner: Planner, queue) -> None:
    try:
        for chunk in planner.chunks():
            # Pickled here, in the child, so that the parent only unpickles.
            queue.put(("chunk", pickle.dumps(chunk, protocol=pickle.HIGHEST_PROTOCOL)))
        ids: Ids = planner.ids
        queue.put((_DONE, ids))
    except Exception as error:  # reported to the parent, which raises it
        queue.put((_FAILED, repr(error)))
