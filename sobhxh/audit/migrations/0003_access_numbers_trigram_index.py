"""On PostgreSQL, a trigram index finds a book number among the rows' numbers (`LIKE
'%0123456789%'`) without reading the whole log: 2 ms instead of 200 ms at two million rows.
SQLite reads the log (see docs/decisions.md)."""

from django.db import migrations

INDEX = "audit_access_numbers_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # pg_trgm ships with PostgreSQL and is a trusted extension (13+): the database's owner
    # may create it. Without the right, ask a superuser to run the first statement once.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON audit_access USING gin (numbers gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_access_append_only")]

    operations = [migrations.RunPython(create, drop)]
