from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("progress", "0002_plan_112"), ("units", "0003_unit_becomes_office")]

    operations = [
        migrations.RemoveConstraint("unitcount", "unitcount_unique"),
        migrations.RemoveConstraint("unitdelta", "unitdelta_unique"),
        migrations.RenameModel("UnitCount", "OfficeCount"),
        migrations.RenameModel("UnitDelta", "OfficeDelta"),
        migrations.RenameField("officecount", "unit", "office"),
        migrations.RenameField("officedelta", "unit", "office"),
        migrations.AddConstraint(
            "officecount",
            models.UniqueConstraint(fields=["office", "state"], name="officecount_unique"),
        ),
        migrations.AddConstraint(
            "officedelta",
            models.UniqueConstraint(fields=["office", "day", "state"], name="officedelta_unique"),
        ),
    ]
