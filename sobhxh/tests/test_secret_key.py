import stat
from concurrent.futures import ProcessPoolExecutor

from sobhxh import secret_key
from sobhxh.testing.processes import environment, manage

PRINT_KEY = "from django.conf import settings; print(settings.SECRET_KEY)"


def test_a_key_is_made_once_readable_by_its_owner_only_and_kept(tmp_path):
    path = tmp_path / "state" / "secret_key"

    key = secret_key.read_or_create(path)

    assert len(key) >= 50
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert secret_key.read_or_create(path) == key
    assert [p.name for p in path.parent.iterdir()] == ["secret_key"]


def test_processes_starting_together_all_sign_with_the_same_key(tmp_path):
    path = tmp_path / "secret_key"
    with ProcessPoolExecutor(max_workers=6) as pool:
        keys = set(pool.map(secret_key.read_or_create, [path] * 24))
    assert keys == {path.read_text().strip()}
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]


def test_the_state_folder_is_outside_the_repository_unless_told(tmp_path):
    assert secret_key.state_dir({"SOBHXH_STATE_DIR": str(tmp_path)}) == tmp_path
    assert secret_key.state_dir({"STATE_DIRECTORY": "/var/lib/sobhxh:/x"}).as_posix() == (
        "/var/lib/sobhxh"
    )
    assert secret_key.state_dir({"XDG_STATE_HOME": "/home/u/.st"}).as_posix() == (
        "/home/u/.st/sobhxh"
    )


def test_without_secret_key_the_site_makes_one_and_keeps_it(tmp_path):
    env = environment(SOBHXH_STATE_DIR=str(tmp_path / "a"))

    first = manage("shell", "-v0", "-c", PRINT_KEY, env=env).stdout.strip()

    assert first == (tmp_path / "a" / "secret_key").read_text().strip()
    assert manage("shell", "-v0", "-c", PRINT_KEY, env=env).stdout.strip() == first
    # Another site (another state folder) gets a key of its own: none is built in.
    other = manage(
        "shell", "-v0", "-c", PRINT_KEY, env=environment(SOBHXH_STATE_DIR=str(tmp_path / "b"))
    )
    assert other.stdout.strip() not in {"", first}


def test_a_given_secret_key_is_used_and_nothing_is_written(tmp_path):
    env = environment(SECRET_KEY="k" * 60, SOBHXH_STATE_DIR=str(tmp_path / "state"))
    assert manage("shell", "-v0", "-c", PRINT_KEY, env=env).stdout.strip() == "k" * 60
    assert not (tmp_path / "state").exists()


def test_an_unwritable_state_folder_is_a_clear_error(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("")
    done = manage("check", env=environment(SOBHXH_STATE_DIR=str(blocked / "x")), check=False)
    assert done.returncode != 0
    assert "set SECRET_KEY, or SOBHXH_STATE_DIR" in done.stderr
