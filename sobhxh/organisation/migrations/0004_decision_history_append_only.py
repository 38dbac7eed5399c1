from django.db import migrations


def install(apps, schema_editor):
    from sobhxh.organisation import triggers

    triggers.install(schema_editor.connection)


def remove(apps, schema_editor):
    from sobhxh.organisation import triggers

    triggers.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("organisation", "0003_committees")]

    operations = [migrations.RunPython(install, remove)]
