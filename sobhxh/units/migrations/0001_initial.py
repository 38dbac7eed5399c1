import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Unit",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.CharField(max_length=8, unique=True, verbose_name="code")),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                ("level", models.CharField(choices=[("centre", "Centre"), ("province", "Province"), ("district", "District")], max_length=10, verbose_name="level")),
                ("parent", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="children", to="units.unit", verbose_name="parent office")),
                ("province", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="units.unit", verbose_name="province")),
            ],
            options={
                "verbose_name": "office",
                "verbose_name_plural": "offices",
                "ordering": ["code"],
                "constraints": [models.CheckConstraint(condition=models.Q(("level__in", ["centre", "province", "district"])), name="unit_level_valid")],
            },
        ),
        migrations.CreateModel(
            name="Employer",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.CharField(max_length=20, unique=True, verbose_name="employer code")),
                ("name", models.CharField(max_length=300, verbose_name="name")),
                ("tax_code", models.CharField(blank=True, max_length=14, verbose_name="tax code")),
                ("address", models.CharField(blank=True, max_length=300, verbose_name="address")),
                ("unit", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="employers", to="units.unit", verbose_name="managing office")),
            ],
            options={"verbose_name": "employer", "verbose_name_plural": "employers", "ordering": ["code"]},
        ),
    ]
