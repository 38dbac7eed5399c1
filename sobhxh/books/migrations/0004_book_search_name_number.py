"""An index on (search_name, number) for the books search: a name prefix is a range on
search_name, and the page is ordered by search_name then number, so one index serves the
filter, the order and the keyset page without a sort.

Raw SQL (the same on SQLite and PostgreSQL) so that models.py stays as it is; the demo
loader drops and rebuilds it like any other secondary index, since it reads them from the
database.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("books", "0003_number_validators"),
    ]

    operations = [
        migrations.RunSQL(
            sql="CREATE INDEX book_search_name_number ON books_book (search_name, number)",
            reverse_sql="DROP INDEX book_search_name_number",
        ),
    ]
