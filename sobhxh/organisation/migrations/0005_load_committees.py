from django.db import migrations


def load(apps, schema_editor):
    from sobhxh.organisation.services import create_committees

    offices = apps.get_model("units", "Office").objects.filter(level__in=["centre", "province"])
    create_committees(offices, apps.get_model("organisation", "Committee"))


def unload(apps, schema_editor):
    # Only committees nobody has started to use: a member or a meeting keeps its committee.
    committee = apps.get_model("organisation", "Committee")
    committee.objects.filter(members__isnull=True, meetings__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("organisation", "0004_decision_history_append_only")]

    operations = [migrations.RunPython(load, unload)]
