from django.db import migrations


def load(apps, schema_editor):
    from sobhxh.units.offices import load_offices

    load_offices(apps.get_model("units", "Unit"), "2017")


class Migration(migrations.Migration):
    dependencies = [("units", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
