"""Backups of the whole database and restores of them, on SQLite and on PostgreSQL.

SQLite: the online backup API of `sqlite3` copies a consistent snapshot while the site
keeps working (in WAL mode writers are not held up), into one self-contained file.
PostgreSQL: `pg_dump` in its custom format (compressed, restorable table by table) and
`pg_restore` in one transaction, with the connection of DATABASE_URL. The client programs
must be at least as new as the server (Debian: postgresql-client-<major version>).
"""

import os
import re
import shutil
import sqlite3
import subprocess
from datetime import datetime
from pathlib import Path

from django.db import connection
from django.utils.translation import gettext as _

SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_HEADER = b"PGDMP"
SUFFIX = {"sqlite": ".sqlite3", "postgresql": ".dump"}


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""

    def __init__(self, message: str, *, unusable_file: bool = False):
        super().__init__(message)
        self.unusable_file = unusable_file


def backup(destination: Path, *, keep: int | None = None) -> Path:
    """Write a consistent copy of the database to `destination`, a file or a folder (then a
    dated file in it, of which only the newest `keep` are kept). Returns the file written."""
    vendor = connection.vendor
    if destination.is_dir():
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        destination = destination / f"sobhxh-{stamp}{SUFFIX[vendor]}"
    partial = destination.with_name(f".{destination.name}.part")
    partial.unlink(missing_ok=True)  # left by a backup that was killed
    # Readable by its owner only, like the database: it holds password hashes and people.
    os.close(os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    try:
        if vendor == "sqlite":
            _sqlite_backup(partial)
        else:
            _pg_dump(partial)
        os.replace(partial, destination)
    finally:
        partial.unlink(missing_ok=True)
    if keep is not None:
        _prune(destination.parent, SUFFIX[vendor], keep)
    return destination


def restore(source: Path, *, force: bool = False) -> None:
    """Replace the (empty, unless `force`) database with the backup in `source`."""
    vendor = connection.vendor
    kind = backup_kind(source)
    if kind is None:
        raise BackupError(
            _("%(path)s is not a backup of sobhxh (neither an SQLite file nor a pg_dump file).")
            % {"path": source},
            unusable_file=True,
        )
    if kind != vendor:
        raise BackupError(
            _(
                "%(path)s is a backup of a %(kind)s database, but DATABASE_URL names a "
                "%(vendor)s one: restore it into the same kind of database."
            )
            % {"path": source, "kind": _name(kind), "vendor": _name(vendor)},
            unusable_file=True,
        )
    tables = connection.introspection.table_names()
    if tables and not force:
        raise BackupError(
            _(
                "The database is not empty (%(count)s tables): restore into a new, empty "
                "database, or add --force to replace this one with the backup."
            )
            % {"count": len(tables)}
        )
    if vendor == "sqlite":
        _sqlite_restore(source)
    else:
        _pg_restore(source, replace=bool(tables))


def backup_kind(path: Path) -> str | None:
    try:
        with path.open("rb") as file:
            head = file.read(len(SQLITE_HEADER))
    except (FileNotFoundError, IsADirectoryError) as error:
        raise BackupError(
            _("%(path)s cannot be read: %(reason)s.") % {"path": path, "reason": error.strerror},
            unusable_file=True,
        ) from error
    if head == SQLITE_HEADER:
        return "sqlite"
    if head.startswith(PG_DUMP_HEADER):
        return "postgresql"
    return None


def _sqlite_backup(target: Path) -> None:
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        # One step: a consistent snapshot (WAL readers do not hold up writers meanwhile).
        connection.connection.backup(copy)
        # A backup is one file: no write-ahead log beside it.
        copy.execute("PRAGMA journal_mode=DELETE")
    finally:
        copy.close()


def _sqlite_restore(source: Path) -> None:
    backup_copy = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        backup_copy.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as error:
        backup_copy.close()
        raise BackupError(
            _("%(path)s cannot be read as an SQLite database: %(reason)s.")
            % {"path": source, "reason": error},
            unusable_file=True,
        ) from error
    connection.ensure_connection()
    try:
        backup_copy.backup(connection.connection)
    finally:
        backup_copy.close()
        connection.close()


def _pg_dump(target: Path) -> None:
    _check_client("pg_dump")
    _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"])


def _pg_restore(source: Path, *, replace: bool) -> None:
    _check_client("pg_restore")
    command = [
        "pg_restore",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        f"--dbname={connection.settings_dict['NAME']}",
    ]
    if replace:
        command += ["--clean", "--if-exists"]
    connection.close()
    _run([*command, str(source)])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # pg_restore leaves the planner without statistics


def _check_client(program: str) -> None:
    if shutil.which(program) is None:
        raise BackupError(
            _(
                "%(program)s is not installed: install PostgreSQL's client programs of the "
                "server's version (Debian: postgresql-client)."
            )
            % {"program": program}
        )
    output = subprocess.run([program, "--version"], capture_output=True, text=True).stdout
    client = int(re.search(r"(\d+)(?:\.\d+)*", output)[1])
    server = connection.cursor().connection.info.server_version // 10000
    if client < server:
        raise BackupError(
            _(
                "%(program)s %(client)s is older than the PostgreSQL %(server)s server: install "
                "PostgreSQL %(server)s's client programs (Debian: postgresql-client-%(server)s)."
            )
            % {"program": program, "client": client, "server": server}
        )


def _run(command: list[str]) -> None:
    done = subprocess.run(command, env=_pg_environment(), capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(
            _("%(program)s failed: %(error)s")
            % {"program": command[0], "error": done.stderr.strip()}
        )


def _pg_environment() -> dict[str, str]:
    """libpq's variables for DATABASE_URL's connection (no password on a command line)."""
    settings = connection.settings_dict
    variables = {
        "PGHOST": settings.get("HOST"),
        "PGPORT": str(settings.get("PORT") or ""),
        "PGUSER": settings.get("USER"),
        "PGPASSWORD": settings.get("PASSWORD"),
        "PGDATABASE": settings.get("NAME"),
        "PGSSLMODE": settings.get("OPTIONS", {}).get("sslmode"),
    }
    return {**os.environ, **{name: value for name, value in variables.items() if value}}


def _prune(folder: Path, suffix: str, keep: int) -> None:
    dated = sorted(folder.glob(f"sobhxh-????????-??????{suffix}"))
    for old in dated[: max(len(dated) - keep, 0)]:
        old.unlink()


def _name(vendor: str) -> str:
    return {"sqlite": "SQLite", "postgresql": "PostgreSQL"}[vendor]
