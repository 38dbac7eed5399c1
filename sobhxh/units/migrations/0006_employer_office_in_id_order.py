"""An office's employers in id order, with their codes, in place of the plain index of the
employer's office: the employers sorted by a figure (`progress.employer_order`) merge
them with their counters, which come in employer order (district 765 at 15 M books, by %
handed over as of 31/12/2017: 53 ms of SQL with a hash join, 45 merged). The new index
serves the foreign key as the old one did."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("units", "0005_employer_office_code_covers_id")]

    operations = [
        migrations.AddIndex(
            model_name="employer",
            index=models.Index(fields=["office", "id"], include=("code",), name="employer_office_id"),
        ),
        migrations.AlterField(
            model_name="employer",
            name="office",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="employers",
                to="units.office",
                verbose_name="managing office",
            ),
        ),
    ]
