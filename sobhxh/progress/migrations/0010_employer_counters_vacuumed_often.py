"""The employer counters, read by an office's pages from their indexes alone, vacuumed
after a hundredth of them changed (`sobhxh.db.upkeep`)."""

from django.db import migrations

from sobhxh.db.upkeep import vacuum_often


class Migration(migrations.Migration):
    dependencies = [("progress", "0009_office_month_deltas_covered")]

    operations = [vacuum_often("progress_employercount", "progress_employerdelta")]
