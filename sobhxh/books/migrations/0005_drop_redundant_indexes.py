"""Drop the single-column indexes that a wider index starting with the same column already
serves: every write of a book, period or event kept each of them up to date for nothing
(an import of a million books wrote five b-trees more than it needed).

- books_book.employer_id and .unit_id: served by (employer, state) and (unit, state);
- books_book.search_name: served by (search_name, number), which migration 0004 made in
  raw SQL and which now lives in Book.Meta.indexes;
- books_period.book_id: served by the unique (book, fund, from month);
- books_bookevent.book_id: served by (book, id).

DROP INDEX by name rather than AlterField: on SQLite, AlterField copies the whole table.
"""

import django.db.models.deletion
from django.db import migrations, models

# (index, table, column) as Django named them; PostgreSQL also has a `_like` index for the
# text column.
DROPPED = [
    ("books_book_employer_id_c1dfcd93", "books_book", "employer_id"),
    ("books_book_unit_id_04d5930c", "books_book", "unit_id"),
    ("books_book_search_name_6126a862", "books_book", "search_name"),
    ("books_period_book_id_a6245d30", "books_period", "book_id"),
    ("books_bookevent_book_id_121ff581", "books_bookevent", "book_id"),
]


def drop_indexes(apps, schema_editor):
    names = [name for name, _table, _column in DROPPED]
    if schema_editor.connection.vendor == "postgresql":
        names.append("books_book_search_name_6126a862_like")
    for name in names:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def create_indexes(apps, schema_editor):
    for name, table, column in DROPPED:
        schema_editor.execute(f"CREATE INDEX {name} ON {table} ({column})")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX books_book_search_name_6126a862_like "
            "ON books_book (search_name varchar_pattern_ops)"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("books", "0004_book_search_name_number"),
        ("units", "0002_load_offices_2017"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(drop_indexes, create_indexes)],
            state_operations=[
                migrations.AlterField(
                    model_name="book",
                    name="employer",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="books",
                        to="units.employer",
                        verbose_name="employer",
                    ),
                ),
                migrations.AlterField(
                    model_name="book",
                    name="search_name",
                    field=models.CharField(editable=False, max_length=200),
                ),
                migrations.AlterField(
                    model_name="book",
                    name="unit",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="books",
                        to="units.unit",
                        verbose_name="managing office",
                    ),
                ),
                migrations.AlterField(
                    model_name="bookevent",
                    name="book",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="events",
                        to="books.book",
                        verbose_name="book",
                    ),
                ),
                migrations.AlterField(
                    model_name="period",
                    name="book",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="periods",
                        to="books.book",
                        verbose_name="book",
                    ),
                ),
                migrations.AddIndex(
                    model_name="book",
                    index=models.Index(
                        fields=["search_name", "number"], name="book_search_name_number"
                    ),
                ),
            ],
        ),
    ]
