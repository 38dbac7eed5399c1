"""The background worker in a test (a pytest plugin, loaded by the root conftest.py): the
`worker_in_this_test` fixture runs `db_worker` once over the queued jobs, inside the test's
own database transaction."""

import signal

import pytest
from django.core.management import call_command
from django_tasks_db.management.commands import db_worker


@pytest.fixture
def worker_in_this_test(monkeypatch):
    # The worker closes "old" connections between jobs; inside the test's transaction that
    # would throw the transaction away. Its signal handlers are put back afterwards.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield lambda: call_command(
        "db_worker",
        "--batch",
        "--no-startup-delay",
        "--no-reload",
        "--interval",
        "0",
        verbosity=0,
    )
    for sig, handler in saved.items():
        signal.signal(sig, handler)
