"""Running manage.py in a process of its own, with exactly the environment a test gives."""

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sobhxh.browser import answers, free_port

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


@contextmanager
def gunicorn(env: dict[str, str], log: Path) -> Iterator[str]:
    """gunicorn serving the site as deploy/sobhxh-web.service does (static files collected
    first) on a free loopback port; yields its address."""
    manage("collectstatic", "--no-input", "--verbosity", "0", env=env)
    port = free_port()
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "-c",
        "deploy/gunicorn.conf.py",
        "sobhxh.wsgi",
    ]
    env = {"WEB_CONCURRENCY": "2", "WEB_THREADS": "2", **env, "BIND": f"127.0.0.1:{port}"}
    with log.open("w") as output:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=output)
        try:
            deadline = time.monotonic() + 60
            while not answers(port):
                assert server.poll() is None, log.read_text()
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
            yield f"http://127.0.0.1:{port}"
        finally:
            server.terminate()
            server.wait(timeout=30)
