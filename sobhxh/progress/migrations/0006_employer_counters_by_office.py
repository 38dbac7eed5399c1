"""Each employer counter and daily delta carries the office that manages the employer, so
that an office's employers sorted by a figure read one range of a covering index; the
employer foreign keys lose their own indexes, which the unique constraints serve."""

import django.db.models.deletion
from django.db import migrations, models

COUNTER_TABLES = ("progress_employercount", "progress_employerdelta")


def fill_offices(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for table in COUNTER_TABLES:
            if connection.vendor == "postgresql":
                cursor.execute(
                    f"UPDATE {table} c SET office_id = e.office_id "
                    "FROM units_employer e WHERE e.id = c.employer_id"
                )
            else:
                cursor.execute(
                    f"UPDATE {table} SET office_id = (SELECT e.office_id FROM units_employer e "
                    f"WHERE e.id = {table}.employer_id)"
                )


def office_field(*, filled: bool):
    # Filled before it is constrained: on PostgreSQL an UPDATE of a deferred foreign key
    # queues a check per row (16 million at national scale) and forbids the ALTER after it.
    return models.ForeignKey(
        db_index=False,
        db_constraint=filled,
        null=not filled,
        on_delete=django.db.models.deletion.CASCADE,
        related_name="+",
        to="units.office",
    )


def employer_field():
    # No index of its own: the unique constraint, which starts with it, serves it.
    return models.ForeignKey(
        db_index=False,
        on_delete=django.db.models.deletion.CASCADE,
        related_name="+",
        to="units.employer",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("progress", "0005_office_month_delta"),
        ("units", "0004_employer_office_code"),
    ]

    operations = [
        migrations.AddField("employercount", "office", office_field(filled=False)),
        migrations.AddField("employerdelta", "office", office_field(filled=False)),
        migrations.RunPython(fill_offices, migrations.RunPython.noop, elidable=True),
        migrations.AlterField("employercount", "office", office_field(filled=True)),
        migrations.AlterField("employerdelta", "office", office_field(filled=True)),
        migrations.AlterField("employercount", "employer", employer_field()),
        migrations.AlterField("employerdelta", "employer", employer_field()),
    ]
