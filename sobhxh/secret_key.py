"""The secret key when none is given: made once, kept in a file outside the repository.

Every process of a site (the web workers, the background worker, commands) must sign with
the same key, and several of them may start at the same moment on a fresh machine: the
first to finish writing wins, by a hard link that fails when the file already exists, and
every process reads the file that won. The file is never in a half-written state.
"""

import contextlib
import os
import tempfile
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key

FILE_NAME = "secret_key"


def state_dir(environ=os.environ) -> Path:
    """Where the site keeps what it makes for itself: SOBHXH_STATE_DIR, else the folder
    systemd gives a unit with StateDirectory=, else ~/.local/state/sobhxh (XDG)."""
    if environ.get("SOBHXH_STATE_DIR"):
        return Path(environ["SOBHXH_STATE_DIR"])
    if environ.get("STATE_DIRECTORY"):
        return Path(environ["STATE_DIRECTORY"].split(":")[0])
    xdg = environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    return Path(xdg) / "sobhxh"


def read_or_create(path: Path) -> str:
    """The key in `path`, which is created (mode 0600) with a new random key if missing."""
    try:
        try:
            return _read(path)
        except FileNotFoundError:
            pass
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # mkstemp makes the file readable by its owner only.
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{FILE_NAME}.")
    except OSError as error:
        raise ImproperlyConfigured(
            f"No SECRET_KEY is set and none can be kept in {path} ({error.strerror}): set "
            "SECRET_KEY, or SOBHXH_STATE_DIR to a folder this user may write."
        ) from error
    try:
        with os.fdopen(descriptor, "w") as file:
            file.write(get_random_secret_key() + "\n")
            file.flush()
            os.fsync(file.fileno())
        # Fails if another process made the file first: then theirs is the key.
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        os.unlink(temporary)
    return _read(path)


def _read(path: Path) -> str:
    key = path.read_text().strip()
    if not key:
        raise ImproperlyConfigured(f"The secret key file {path} is empty: delete it or fill it.")
    return key
