from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial"), ("units", "0003_unit_becomes_office")]

    operations = [
        migrations.RemoveConstraint("profile", "profile_role_matches_place"),
        migrations.RenameField("profile", "unit", "office"),
        migrations.AddConstraint(
            "profile",
            models.CheckConstraint(
                condition=(
                    models.Q(role="central", office__isnull=True, employer__isnull=True)
                    | models.Q(
                        role__in=["province", "district"],
                        office__isnull=False,
                        employer__isnull=True,
                    )
                    | models.Q(role="employer", office__isnull=True, employer__isnull=False)
                ),
                name="profile_role_matches_place",
            ),
        ),
    ]
