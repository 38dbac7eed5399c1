"""Fixtures for the browser tests (`pytest -m browser`, run by .ci/run).

They drive Debian's Chromium with Playwright against a real `runserver` and `db_worker`,
started on a demo database of their own, as a person would use the application. Nothing is
shared with the test database of the other tests, so Django's test flush (which the
append-only event triggers refuse on SQLite) is never needed.
"""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# As the machine's own probe starts Chromium: no sandbox as root, no network of its own.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEMO_BOOKS = 3000
PASSWORD = "demo-112"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answers(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory):
    """The address of a running sobhxh with demo data and the demo users."""
    folder = tmp_path_factory.mktemp("site")
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
        "DEBUG": "0",
    }

    def manage(*args, **options):
        command = [sys.executable, str(ROOT / "manage.py"), *args]
        return subprocess.Popen(command, cwd=ROOT, env=environment, **options)

    for args in (
        ("migrate", "-v0"),
        ("generate_demo", "--books", str(DEMO_BOOKS), "--seed", "7", "--quiet"),
        ("create_demo_user",),
    ):
        assert manage(*args, stdout=subprocess.DEVNULL).wait() == 0, args
    port = free_port()
    log = (folder / "server.log").open("w")
    server = manage("runserver", f"127.0.0.1:{port}", "--noreload", stdout=log, stderr=log)
    worker = manage(
        "db_worker",
        "--no-startup-delay",
        "--no-reload",
        "--interval",
        "0.5",
        stdout=log,
        stderr=log,
    )
    deadline = time.monotonic() + 60
    while not answers(port):
        assert server.poll() is None, (folder / "server.log").read_text()
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.2)
    yield f"http://127.0.0.1:{port}"
    for process in (server, worker):
        process.terminate()
        process.wait(timeout=10)
    log.close()


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium (.ci/run does)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, demo_site, tmp_path):
    """A fresh browser tab at a laptop's screen size, knowing the site's address. The test
    fails if anything on its pages breaks the Content Security Policy."""
    context = chromium.new_context(
        viewport={"width": 1366, "height": 768},
        base_url=demo_site,
        accept_downloads=True,
        locale="vi-VN",
    )
    violations = watch_csp(context)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()
    assert violations == [], "Content Security Policy violated"


def watch_csp(context) -> list[str]:
    """Every violation of the Content Security Policy in the context's pages, as it happens:
    the `securitypolicyviolation` events of each document, and Chromium's console reports
    (which also tell of what was blocked before any script of the page could listen)."""
    violations: list[str] = []
    context.expose_binding("sobhxhCspViolation", lambda _source, text: violations.append(text))
    context.add_init_script(
        "document.addEventListener('securitypolicyviolation', (e) => window.sobhxhCspViolation("
        "`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} in ${e.documentURI} "
        "(${e.sourceFile}:${e.lineNumber})`), true);"
    )
    context.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text
            and violations.append(f"console: {message.text}")
        ),
    )
    return violations


def log_in(page, username: str, password: str = PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


def solve_challenge(page, timeout: float = 30) -> None:
    """Have the page's ALTCHA widget solve its challenge, as a person does: click the box
    (its drawn tick covers the input itself), then wait for the payload in its input."""
    page.locator("altcha-widget input[type=checkbox]").click(force=True)
    hidden = page.locator("altcha-widget input[name=altcha]")
    deadline = time.monotonic() + timeout
    while not hidden.input_value():
        assert time.monotonic() < deadline, "the ALTCHA widget did not solve its challenge"
        page.wait_for_timeout(100)
