"""Running manage.py in a process of its own, with exactly the environment a test gives."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# What the settings read; a test starts from none of them, whatever the developer's shell has.
SETTINGS_VARIABLES = (
    "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "DATABASE_URL", "SQLITE_PATH", "HTTPS",
    "HSTS_SECONDS", "HSTS_INCLUDE_SUBDOMAINS", "HSTS_PRELOAD", "PROXY_COUNT", "SERVE_STATIC",
    "STATIC_ROOT", "STATIC_MANIFEST", "MEDIA_ROOT", "REDIS_URL", "LOG_LEVEL",
)  # fmt: skip


def environment(**variables: str) -> dict[str, str]:
    """The test run's environment without the settings' variables, plus `variables`."""
    kept = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    return {**kept, **variables}


def manage(*args: str, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess:
    command = [sys.executable, str(ROOT / "manage.py"), *args]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if check:
        assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done


def production_environment(**changes: str) -> dict[str, str]:
    """deploy/sobhxh.env, the environment README's "Running in production" prescribes."""
    variables = {}
    for line in (ROOT / "deploy" / "sobhxh.env").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            variables[name.strip()] = value.strip()
    return environment(**{**variables, **changes})
