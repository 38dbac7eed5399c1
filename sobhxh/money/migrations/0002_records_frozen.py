from django.db import migrations


def install(apps, schema_editor):
    from sobhxh.money import triggers

    triggers.install(schema_editor.connection)


def remove(apps, schema_editor):
    from sobhxh.money import triggers

    triggers.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("money", "0001_initial")]

    operations = [migrations.RunPython(install, remove)]
