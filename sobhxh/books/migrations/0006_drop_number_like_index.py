"""Drop the `_like` index PostgreSQL got for the unique book number: it serves only
`LIKE 'prefix%'`, and nothing looks a number up by prefix (equality uses the unique index).
Every book written kept it up to date for nothing. SQLite never had one."""

from django.db import migrations

NAME = "books_book_number_036ca53c_like"


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {NAME}")


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX {NAME} ON books_book (number varchar_pattern_ops)")


class Migration(migrations.Migration):
    dependencies = [("books", "0005_drop_redundant_indexes")]

    operations = [migrations.RunPython(drop_index, create_index)]
