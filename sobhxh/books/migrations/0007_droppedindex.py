from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("books", "0006_drop_number_like_index")]

    operations = [
        migrations.CreateModel(
            name="DroppedIndex",
            fields=[
                ("name", models.CharField(max_length=200, primary_key=True, serialize=False)),
                ("definition", models.TextField()),
            ],
        ),
    ]
