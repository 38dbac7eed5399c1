"""An office's monthly deltas of the book states from a covering index: the national
summary of a past month sums the books of 700 districts, which PostgreSQL read from the
whole table (at 15 M books, the 696 districts' books on 31/12/2017: 24-28 ms from the
table, 11-16 from the index). The office's own foreign-key index goes: the unique (office,
month, state) serves it."""

import django.db.models.deletion
from django.db import migrations, models

# The book states as they were when this migration was written.
STATES = ("not_reviewed", "in_review", "disputed", "confirmed", "handed_over", "excluded")


class Migration(migrations.Migration):
    dependencies = [("progress", "0008_employer_counters_in_employer_order")]

    operations = [
        migrations.AlterField(
            model_name="officemonthdelta",
            name="office",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="units.office",
            ),
        ),
        migrations.AddIndex(
            model_name="officemonthdelta",
            index=models.Index(
                fields=["office", "month"],
                include=("state", "change"),
                condition=models.Q(state__in=STATES),
                name="officemonthdelta_states",
            ),
        ),
    ]
