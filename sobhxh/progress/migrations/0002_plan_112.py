import datetime

from django.db import migrations


def create_plan_112(apps, schema_editor):
    Campaign = apps.get_model("progress", "Campaign")
    Milestone = apps.get_model("progress", "Milestone")
    campaign, _ = Campaign.objects.get_or_create(
        code="112/KH-BHXH",
        defaults={
            "name": "Rà soát, bàn giao sổ BHXH cho người lao động (Kế hoạch 112/KH-BHXH ngày 10/01/2017)",
            "starts_on": datetime.date(2017, 1, 10),
            "is_default": True,
        },
    )
    for due_on, percent in ((datetime.date(2017, 12, 31), 60), (datetime.date(2018, 12, 31), 100)):
        Milestone.objects.get_or_create(
            campaign=campaign, province=None, due_on=due_on, defaults={"target_percent": percent}
        )


class Migration(migrations.Migration):
    dependencies = [("progress", "0001_initial")]

    operations = [migrations.RunPython(create_plan_112, migrations.RunPython.noop)]
