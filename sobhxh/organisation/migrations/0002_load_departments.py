from django.db import migrations


def load(apps, schema_editor):
    from sobhxh.organisation.services import create_departments

    offices = apps.get_model("units", "Office").objects.filter(level__in=["centre", "province"])
    create_departments(offices, apps.get_model("organisation", "Department"))


class Migration(migrations.Migration):
    dependencies = [("organisation", "0001_initial"), ("units", "0003_unit_becomes_office")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
