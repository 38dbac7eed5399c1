from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("intake", "0002_upload_worker"), ("units", "0003_unit_becomes_office")]

    operations = [migrations.RenameField("upload", "unit", "office")]
