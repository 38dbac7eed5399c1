"""Django's deployment checklist passes in the production environment (deploy/sobhxh.env)."""

from sobhxh.testing.processes import environment, manage, production_environment

CHECK = ("check", "--deploy", "--fail-level", "WARNING")


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
