from django.db import migrations


def install(apps, schema_editor):
    from sobhxh.problems import triggers

    triggers.install(schema_editor.connection)


def remove(apps, schema_editor):
    from sobhxh.problems import triggers

    triggers.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("problems", "0001_initial")]

    operations = [migrations.RunPython(install, remove)]
