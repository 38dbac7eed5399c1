from django.db import migrations


def install(apps, schema_editor):
    from sobhxh.reports import triggers

    triggers.install(schema_editor.connection)


def remove(apps, schema_editor):
    from sobhxh.reports import triggers

    triggers.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [migrations.RunPython(install, remove)]
