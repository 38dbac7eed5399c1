"""Demo questions from the public: answered by the demo staff of the owning department,
most of them published, a few still waiting. Through the real services (a dozen rows)."""

import random
from datetime import UTC, datetime, timedelta

from django.contrib.auth import get_user_model

from . import services
from .models import Question

# (topic, asker, question, answer or "" when still waiting)
QUESTIONS = [
    (
        "book",
        "Nguyễn Thị Hoa",
        "Công ty cũ đã giải thể, tôi nhận lại sổ BHXH ở đâu?",
        "Khi đơn vị đã giải thể, bạn liên hệ BHXH huyện nơi đơn vị đóng BHXH để được "
        "hướng dẫn nhận sổ; mang theo căn cước công dân.",
    ),
    (
        "book",
        "Trần Văn Minh",
        "Phiếu đối chiếu quá trình đóng (Mẫu 03) ghi sai mức lương của tôi, tôi phải làm gì?",
        "Bạn ghi nội dung sai lệch bên cạnh dòng sai trên Mẫu 03, ký xác nhận và gửi kèm hợp "
        "đồng lao động hoặc quyết định nâng lương cho đơn vị để chuyển cơ quan BHXH điều chỉnh.",
    ),
    (
        "book",
        "Lê Thị Thu",
        "Tôi có hai sổ bảo hiểm xã hội ở hai công ty, có gộp được không?",
        "Được. Cơ quan BHXH gộp các sổ về một mã số BHXH; những tháng đóng trùng sẽ được hoàn "
        "trả. Bạn làm tờ khai theo mẫu và nộp cùng các sổ.",
    ),
    (
        "book",
        "Phạm Quốc Huy",
        "Sau khi nhận sổ BHXH, tôi có phải nộp lại cho công ty mới không?",
        "Không. Người lao động tự quản lý sổ BHXH của mình theo Luật BHXH 2014; đơn vị mới "
        "chỉ cần mã số BHXH để báo tăng lao động.",
    ),
    (
        "revenue",
        "Đỗ Thị Lan",
        "Công ty nợ đóng BHXH thì sổ của tôi được xác nhận đến tháng nào?",
        "Sổ được xác nhận đến tháng đơn vị đã đóng đủ; thời gian còn lại được xác nhận khi "
        "đơn vị đóng hết số nợ.",
    ),
    (
        "benefits",
        "Vũ Đức Anh",
        "Tôi nghỉ việc đã một năm, muốn hưởng BHXH một lần thì cần sổ BHXH không?",
        "Cần. Hồ sơ hưởng BHXH một lần gồm sổ BHXH và đơn đề nghị; bạn nộp tại BHXH huyện "
        "nơi cư trú.",
    ),
    (
        "online",
        "Hoàng Thị Mai",
        "Làm sao tra cứu quá trình đóng bảo hiểm xã hội trên mạng?",
        "Bạn vào mục Tra cứu sổ trên cổng thông tin, nhập mã số BHXH và số căn cước công dân "
        "hoặc ngày sinh.",
    ),
    (
        "money",
        "Ngô Văn Tùng",
        "Tôi có phải trả phí khi nhận sổ BHXH qua bưu điện không?",
        "Không. Chi phí chuyển phát sổ đến người lao động do cơ quan BHXH chi trả theo Kế "
        "hoạch 112/KH-BHXH.",
    ),
    (
        "book",
        "Bùi Thị Ngọc",
        "Sổ BHXH của tôi bị mất khi công ty chuyển trụ sở, có được cấp lại không?",
        "",
    ),
    (
        "revenue",
        "Đặng Văn Long",
        "Đơn vị chưa trả sổ vì còn nợ, tôi có thể tự đóng phần còn thiếu không?",
        "",
    ),
]
PUBLISHED = 7  # the first seven answered ones are published
START = datetime(2017, 3, 6, 2, 0, tzinfo=UTC)


def write(rng: random.Random) -> int:
    """Write the demo questions once; return how many were made."""
    if Question.objects.exists():
        return 0
    users = get_user_model().objects
    made = 0
    for number, (topic, name, text, answer) in enumerate(QUESTIONS):
        asked = START + timedelta(days=number * 17 + rng.randint(0, 9), minutes=rng.randint(0, 600))
        contact = f"09{rng.randint(10_000_000, 99_999_999)}"
        question = services.ask(name=name, contact=contact, topic=topic, text=text, now=asked)
        made += 1
        if not answer:
            continue
        function = services.TOPIC_FUNCTION[topic]
        staff = users.filter(username=f"demo.vn.{function}.1").first()
        answered = asked + timedelta(days=rng.randint(1, 6))
        services.answer(question, by=staff, answer=answer, public_text=text, now=answered)
        if number < PUBLISHED:
            services.publish(question, now=answered + timedelta(hours=2))
    return made
