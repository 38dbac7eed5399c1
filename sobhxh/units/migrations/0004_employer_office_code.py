"""An office's employers in code order, a page at a time, from an index (issue 16): the
dashboard of a district that manages 34,000 employers read all of them to sort by code.

`progress.selectors.managed_employers` orders by `code COLLATE "C"` on PostgreSQL (Python's
order whatever the database's collation), so the index carries that collation there; on
SQLite a text column's order is already byte order. Not a Meta index: Django has no way to
say "this collation on PostgreSQL only"."""

from django.db import migrations

NAME = "employer_office_code"


def create(apps, schema_editor):
    collated = ' COLLATE "C"' if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(f"CREATE INDEX {NAME} ON units_employer (office_id, code{collated})")


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX {NAME}")


class Migration(migrations.Migration):
    dependencies = [("units", "0003_unit_becomes_office")]

    operations = [migrations.RunPython(create, drop)]
