"""The index of an office's employers in code order carries their ids, so that an office's
employers sorted by a figure (`progress.employer_order`) are joined to their counters from
the index alone: 34,000 employers of a district are scattered over the table's pages.
PostgreSQL only; SQLite's indexes carry the row id already."""

from django.db import migrations

NAME = "employer_office_code"


def cover(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX {NAME}")
        schema_editor.execute(
            f'CREATE INDEX {NAME} ON units_employer (office_id, code COLLATE "C") INCLUDE (id)'
        )


def uncover(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX {NAME}")
        schema_editor.execute(
            f'CREATE INDEX {NAME} ON units_employer (office_id, code COLLATE "C")'
        )


class Migration(migrations.Migration):
    dependencies = [("units", "0004_employer_office_code")]

    operations = [migrations.RunPython(cover, uncover)]
