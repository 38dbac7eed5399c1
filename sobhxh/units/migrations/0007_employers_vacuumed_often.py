"""The employers, merged from their index with an office's counters, vacuumed after a
hundredth of them changed (`sobhxh.db.upkeep`)."""

from django.db import migrations

from sobhxh.db.upkeep import vacuum_often


class Migration(migrations.Migration):
    dependencies = [("units", "0006_employer_office_in_id_order")]

    operations = [vacuum_often("units_employer")]
