"""The covering indexes of an office's employer counters, of the book states only, in a
migration of their own: built in the transaction of 0006's UPDATE, which filled the
counters' office, they would also hold every row's old version (about twice the size at
national scale)."""

from django.db import migrations, models

# The book states as they were when this migration was written.
STATES = ("not_reviewed", "in_review", "disputed", "confirmed", "handed_over", "excluded")


class Migration(migrations.Migration):
    dependencies = [("progress", "0006_employer_counters_by_office")]

    operations = [
        migrations.AddIndex(
            model_name="employercount",
            index=models.Index(
                fields=["office", "state"],
                include=("employer", "total"),
                condition=models.Q(state__in=STATES),
                name="employercount_office",
            ),
        ),
        migrations.AddIndex(
            model_name="employerdelta",
            index=models.Index(
                fields=["office", "state", "day"],
                include=("employer", "change"),
                condition=models.Q(state__in=STATES),
                name="employerdelta_office",
            ),
        ),
    ]
