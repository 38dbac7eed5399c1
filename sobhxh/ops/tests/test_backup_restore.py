"""A backup restored into another database is the same registry: `verify` agrees, and
`progress --json` gives the same figures. On SQLite always; on PostgreSQL too when the
suite runs there (DATABASE_URL=postgres://…)."""

import json
import os
import re
import stat
import uuid

import dj_database_url
import psycopg
import pytest

from sobhxh.testing.processes import environment, manage

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.skipif(
    not ON_POSTGRES, reason="the suite runs on SQLite"))])  # fmt: skip
def databases(request, tmp_path):
    """A factory of new, empty databases of one kind, as DATABASE_URL values."""
    made = []

    def new(name: str) -> str:
        if request.param == "sqlite":
            return f"sqlite:///{tmp_path / name}.sqlite3"
        server = dj_database_url.parse(os.environ["DATABASE_URL"])
        database = f"sobhxh_backup_{name}_{uuid.uuid4().hex[:8]}"
        with _maintenance(server) as connection:
            connection.execute(f'CREATE DATABASE "{database}"')
        made.append(database)
        host, port = server["HOST"] or "localhost", server["PORT"] or 5432
        return f"postgres://{server['USER']}@{host}:{port}/{database}"

    yield new
    if made:
        with _maintenance(dj_database_url.parse(os.environ["DATABASE_URL"])) as connection:
            for database in made:
                connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def _maintenance(server):
    return psycopg.connect(
        dbname="postgres",
        user=server["USER"],
        password=server["PASSWORD"] or None,
        host=server["HOST"] or None,
        port=server["PORT"] or None,
        autocommit=True,
    )


def on(url: str, tmp_path) -> dict[str, str]:
    return environment(DATABASE_URL=url, MEDIA_ROOT=str(tmp_path / "media"))


def figures(env) -> dict:
    return json.loads(manage("progress", "--json", env=env).stdout)


def test_a_restored_copy_passes_verify_with_the_same_figures(databases, tmp_path):
    original = on(databases("original"), tmp_path)
    manage("migrate", "-v0", env=original)
    manage("generate_demo", "--books", "300", "--seed", "5", "--quiet", env=original)
    manage("create_demo_user", env=original)
    before = figures(original)
    path = tmp_path / "backup"

    manage("backup", str(path), env=original)
    copy = on(databases("copy"), tmp_path)
    restored = manage("restore", str(path), env=copy)

    assert "Đã phục hồi" in restored.stdout
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert manage("verify", env=copy).returncode == 0
    assert figures(copy) == before
    assert "demo-tinh" in manage("create_demo_user", env=copy).stdout


def test_restore_refuses_a_database_that_is_not_empty_unless_forced(databases, tmp_path):
    original = on(databases("original"), tmp_path)
    manage("migrate", "-v0", env=original)
    manage("generate_demo", "--books", "50", "--seed", "1", "--quiet", env=original)
    manage("backup", str(tmp_path / "backup"), env=original)
    other = on(databases("other"), tmp_path)
    manage("migrate", "-v0", env=other)
    manage("generate_demo", "--books", "80", "--seed", "2", "--quiet", env=other)

    refused = manage("restore", str(tmp_path / "backup"), env=other, check=False)

    assert refused.returncode == 1
    assert "Cơ sở dữ liệu không trống" in refused.stderr and "--force" in refused.stderr
    assert figures(other)["books"] == 80
    manage("restore", "--force", str(tmp_path / "backup"), env=other)
    assert figures(other)["books"] == 50
    assert manage("verify", env=other).returncode == 0


def test_restore_refuses_a_file_that_is_not_a_backup(databases, tmp_path):
    (tmp_path / "books.csv").write_text("so_bhxh,ho_ten\n0123456789,Nguyễn Văn An\n")
    refused = manage(
        "restore", str(tmp_path / "books.csv"), env=on(databases("x"), tmp_path), check=False
    )
    assert refused.returncode == 2
    assert "không phải là bản sao lưu của sobhxh" in refused.stderr


def test_backups_into_a_folder_are_dated_and_only_the_newest_are_kept(databases, tmp_path):
    env = on(databases("original"), tmp_path)
    manage("migrate", "-v0", env=env)
    folder = tmp_path / "backups"
    folder.mkdir()
    suffix = ".sqlite3" if "sqlite" in env["DATABASE_URL"] else ".dump"
    for old in ("20170101-020000", "20170102-020000", "20170103-020000"):
        (folder / f"sobhxh-{old}{suffix}").write_text("")
    (folder / "notes.txt").write_text("kept")

    manage("backup", str(folder), "--keep", "2", env=env)

    notes, kept, new = sorted(p.name for p in folder.iterdir())
    assert (notes, kept) == ("notes.txt", f"sobhxh-20170103-020000{suffix}")
    assert re.fullmatch(rf"sobhxh-\d{{8}}-\d{{6}}{suffix}", new)
