"""The model says what the interface says: an office (was `Unit`), and an employer's
managing office is its `office`. The tables, columns and constraint follow the name.

It runs after every migration that refers to `units.Unit`, so that their models point at
the renamed one; each app then renames its own fields (its `0xxx_unit_becomes_office`).
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("units", "0002_load_offices_2017"),
        ("accounts", "0001_initial"),
        ("books", "0007_droppedindex"),
        ("handover", "0002_returned_list_upload"),
        ("intake", "0002_upload_worker"),
        ("progress", "0002_plan_112"),
    ]

    operations = [
        migrations.RenameModel("Unit", "Office"),
        migrations.RenameField("employer", "unit", "office"),
        migrations.RemoveConstraint("office", "unit_level_valid"),
        migrations.AddConstraint(
            "office",
            models.CheckConstraint(
                condition=models.Q(level__in=["centre", "province", "district"]),
                name="office_level_valid",
            ),
        ),
    ]
