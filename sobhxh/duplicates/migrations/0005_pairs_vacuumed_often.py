"""The probable pairs, whose lists are read from their indexes alone, vacuumed after a
hundredth of them changed (`sobhxh.db.upkeep`): a finder run writes millions at once."""

from django.db import migrations

from sobhxh.db.upkeep import vacuum_often


class Migration(migrations.Migration):
    dependencies = [("duplicates", "0004_status_score_id")]

    operations = [vacuum_often("duplicates_duplicatepair")]
