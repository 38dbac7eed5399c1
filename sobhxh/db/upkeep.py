"""How PostgreSQL keeps up the tables that the busiest pages read from their indexes alone.

An index-only scan reads a table page only where the visibility map does not say that
every row on it is visible to everyone; a write clears that, and only a vacuum sets it
again. Autovacuum's defaults wait for a fifth of a table to change: 3 million of the 16
million employer deltas, which an import of a million books does not reach. Until then a
district's employers sorted by a figure read 40,000 rows from the table (16 M books after
such an import: 165.8 ms p50, and 72.2 ms after a vacuum). A hundredth of a table is
still a large change for these tables, and a vacuum skips the pages already all visible.

Migrations call `vacuum_often` for their own tables, so this must stay as it is.
"""

from django.db import migrations

SCALE = 0.01
SETTINGS = (
    "autovacuum_vacuum_scale_factor",
    "autovacuum_vacuum_insert_scale_factor",
    "autovacuum_analyze_scale_factor",
)


def vacuum_often(*tables: str) -> migrations.RunPython:
    """A migration operation: autovacuum (and its analyze) of `tables` after a hundredth
    of their rows changed, on PostgreSQL; SQLite has no autovacuum of this kind."""

    def often(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            settings = ", ".join(f"{setting} = {SCALE}" for setting in SETTINGS)
            for table in tables:
                schema_editor.execute(f"ALTER TABLE {table} SET ({settings})")

    def as_by_default(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for table in tables:
                schema_editor.execute(f"ALTER TABLE {table} RESET ({', '.join(SETTINGS)})")

    return migrations.RunPython(often, as_by_default)
