from django.db import migrations


def load(apps, schema_editor):
    from sobhxh.problems.categories import load_categories

    load_categories(apps.get_model("problems", "Category"))


class Migration(migrations.Migration):
    dependencies = [("problems", "0002_events_append_only")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
