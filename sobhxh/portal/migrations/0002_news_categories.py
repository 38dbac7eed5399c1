"""The news categories every portal starts with (editors add more in the CMS)."""

from django.db import migrations

CATEGORIES = [
    ("hoat-dong-nganh", "Hoạt động ngành"),
    ("chinh-sach", "Chính sách"),
    ("ra-soat-ban-giao-so-bhxh", "Rà soát, bàn giao sổ BHXH"),
]


def seed(apps, schema_editor):
    NewsCategory = apps.get_model("portal", "NewsCategory")
    for slug, name in CATEGORIES:
        NewsCategory.objects.get_or_create(slug=slug, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
