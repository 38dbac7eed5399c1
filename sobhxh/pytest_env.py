"""The environment of a test run, set before pytest-django reads the settings.

Loaded first through `-p sobhxh.pytest_env` (pyproject.toml), so that no test depends on
the developer's home: the secret key the settings make is kept in a folder of this run,
shared with the servers the browser tests start, and removed at the end.
"""

import atexit
import os
import shutil
import tempfile

_state = tempfile.mkdtemp(prefix="sobhxh-test-state-")
os.environ["SOBHXH_STATE_DIR"] = _state
atexit.register(shutil.rmtree, _state, True)
