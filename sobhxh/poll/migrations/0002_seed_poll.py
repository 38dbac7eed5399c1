from django.db import migrations

QUESTION = "Bạn truy cập vào website BHXH với mục đích gì?"
OPTIONS = [
    "Tìm hiểu chính sách, pháp luật về BHXH, BHYT",
    "Tra cứu thông tin (sổ BHXH, quá trình đóng)",
    "Thực hiện thủ tục hành chính, giao dịch điện tử",
    "Mục đích khác",
]


def seed(apps, schema_editor):
    Poll = apps.get_model("poll", "Poll")
    Option = apps.get_model("poll", "Option")
    if Poll.objects.filter(active=True).exists():
        return
    poll = Poll.objects.create(question=QUESTION, active=True)
    Option.objects.bulk_create(
        Option(poll=poll, text=text, position=number) for number, text in enumerate(OPTIONS, 1)
    )


class Migration(migrations.Migration):
    dependencies = [("poll", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
