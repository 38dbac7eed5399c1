"""Which process runs a background job, and whether it still runs: for the jobs of every
app (an import, a returned answer list), so that one whose worker died (killed, or the
server restarted) is told apart from one still at work."""

import os
import socket
from pathlib import Path


def this_worker() -> str:
    """The running process as "host:process id:start time": the start time tells a later
    process given the same id apart (empty where the system does not say)."""
    return f"{socket.gethostname()}:{os.getpid()}:{_started(os.getpid())}"


def _started(pid: int) -> str:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    return stat.rsplit(")", 1)[1].split()[19]  # field 22, after the command's name


def worker_is_gone(worker: str) -> bool:
    """Whether the process `this_worker` described has ended; False when that cannot be
    told here (another host, or no process recorded)."""
    host, _sep, rest = worker.partition(":")
    pid, _sep, started = rest.partition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        pass  # alive, and another user's
    return bool(started) and _started(int(pid)) != started
