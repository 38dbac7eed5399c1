"""A book's and an event's managing office is their `office` (was `unit`).

The columns are renamed in place, and so is the index over (office, state): Django's own
RenameField would copy both tables on SQLite (a foreign key's column), and re-adding the
index would rebuild it over every book.
"""

from django.db import migrations, models

COLUMNS = [("books_book", "unit_id", "office_id"), ("books_bookevent", "unit_id", "office_id")]


def rename(apps, schema_editor, *, backwards=False):
    for table, old, new in COLUMNS:
        if backwards:
            old, new = new, old
        schema_editor.execute(f"ALTER TABLE {table} RENAME COLUMN {old} TO {new}")
    old_index, new_index, column = "book_unit_state", "book_office_state", "office_id"
    if backwards:
        old_index, new_index, column = new_index, old_index, "unit_id"
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER INDEX {old_index} RENAME TO {new_index}")
    else:
        # SQLite cannot rename an index.
        schema_editor.execute(f"DROP INDEX {old_index}")
        schema_editor.execute(f"CREATE INDEX {new_index} ON books_book ({column}, state)")


def rename_back(apps, schema_editor):
    rename(apps, schema_editor, backwards=True)


class Migration(migrations.Migration):
    dependencies = [("books", "0007_droppedindex"), ("units", "0003_unit_becomes_office")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(rename, rename_back)],
            state_operations=[
                migrations.RemoveIndex("book", "book_unit_state"),
                migrations.RenameField("book", "unit", "office"),
                migrations.RenameField("bookevent", "unit", "office"),
                migrations.AddIndex(
                    "book", models.Index(fields=["office", "state"], name="book_office_state")
                ),
            ],
        ),
    ]
