"""Django's deployment checklist passes in the production environment (deploy/sobhxh.env), and
the systemd units run commands that exist."""

import re
from pathlib import Path

from django.core.management import get_commands

from sobhxh.testing.processes import environment, manage, production_environment

CHECK = ("check", "--deploy", "--fail-level", "WARNING")
DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def test_check_deploy_is_clean_in_the_production_environment(tmp_path):
    # Only the folder of what the site keeps differs from a server (systemd's StateDirectory);
    # the secret key is the one the site makes for itself there.
    env = production_environment(SOBHXH_STATE_DIR=str(tmp_path))
    assert "SECRET_KEY" not in env

    done = manage(*CHECK, env=env, check=False)

    assert done.returncode == 0, done.stderr
    assert "System check identified no issues (0 silenced)." in done.stdout
    assert (tmp_path / "secret_key").exists()


def test_without_the_production_environment_check_deploy_says_what_is_missing(tmp_path):
    done = manage(*CHECK, env=environment(SOBHXH_STATE_DIR=str(tmp_path)), check=False)

    assert done.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in done.stderr


def test_every_command_the_systemd_units_run_exists():
    run = {
        match.group(1)
        for unit in DEPLOY.glob("*.service")
        for match in re.finditer(r"manage\.py (\w+)", unit.read_text())
    }
    assert {"escalate_problems", "backup", "db_worker", "settle_uploads"} <= run
    assert run <= set(get_commands())


def test_every_timer_starts_a_service_that_exists():
    timers = {timer.stem for timer in DEPLOY.glob("*.timer")}
    assert {"sobhxh-backup", "sobhxh-escalate"} <= timers
    assert all((DEPLOY / f"{stem}.service").exists() for stem in timers)
