"""Example unit costs, so that a new installation can count and price work at once. The
real rates are not public: every one of these is marked `is_example` and says so in its
legal basis, and every page and document that shows one says it is an example."""

from django.db import migrations

from sobhxh.money.rates import EXAMPLE_BASIS, EXAMPLE_RATES


def load(apps, schema_editor):
    UnitCost = apps.get_model("money", "UnitCost")
    UnitCost.objects.bulk_create(
        UnitCost(
            activity=activity,
            amount=amount,
            valid_from=valid_from,
            legal_basis=EXAMPLE_BASIS,
            is_example=True,
        )
        for activity, valid_from, amount in EXAMPLE_RATES
        if not UnitCost.objects.filter(activity=activity, valid_from=valid_from).exists()
    )


class Migration(migrations.Migration):
    dependencies = [("money", "0002_records_frozen")]

    # No reverse: unit costs are never deleted (their table refuses it).
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
