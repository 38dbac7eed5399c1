"""The portal's demo content: the site's pages (`services.ensure_site`), a few news items of
each category (some in a province's section) and the campaign's two documents.

The documents are described by their number, date, issuer and type with a neutral summary;
their file is a generated placeholder PDF that says so, never a made-up text passed off as
the real one. Every news item says it is a demo item. Cheap: a second or two.
"""

from datetime import date
from io import BytesIO
from pathlib import Path

from django.core.files.base import ContentFile
from django.utils.text import slugify
from wagtail.documents.models import Document

from .folding import fold
from .models import DocumentKind, DocumentPage, NewsCategory, NewsPage, ProvinceSectionPage
from .services import ensure_site

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
DEMO_NOTE = "Tin minh hoạ của bản chạy thử (demo), không phải tin thật."
ISSUER = "BHXH Việt Nam"

# (category slug, date, title, introduction)
NEWS = [
    ("hoat-dong-nganh", date(2017, 1, 16), "Hội nghị triển khai nhiệm vụ năm 2017",
     "Các đơn vị trong ngành triển khai kế hoạch công tác năm 2017."),
    ("hoat-dong-nganh", date(2017, 4, 3), "Tập huấn phần mềm rà soát sổ BHXH",
     "Cán bộ các phòng Cấp sổ, thẻ được hướng dẫn sử dụng phần mềm."),
    ("hoat-dong-nganh", date(2017, 9, 11), "Sơ kết 9 tháng thực hiện nhiệm vụ",
     "Các BHXH tỉnh báo cáo kết quả và những vướng mắc cần tháo gỡ."),
    ("chinh-sach", date(2017, 1, 5), "Người lao động được tự quản lý sổ BHXH",
     "Luật BHXH năm 2014 quy định người lao động được giữ sổ BHXH của mình."),
    ("chinh-sach", date(2017, 6, 20), "Hỏi đáp về quá trình đóng BHXH",
     "Những câu hỏi thường gặp khi đối chiếu quá trình đóng BHXH."),
    ("chinh-sach", date(2018, 2, 1), "Điều chỉnh thông tin trên sổ BHXH",
     "Thủ tục khi thông tin trên sổ BHXH có sai lệch."),
    ("ra-soat-ban-giao-so-bhxh", date(2017, 2, 8), "Bắt đầu bàn giao sổ BHXH cho người lao động",
     "Các đơn vị sử dụng lao động nhận phiếu đối chiếu để người lao động kiểm tra."),
    ("ra-soat-ban-giao-so-bhxh", date(2017, 12, 29), "Kết quả bàn giao sổ BHXH năm 2017",
     "Tiến độ bàn giao so với chỉ tiêu 60% số sổ phải giao trong năm 2017."),
    ("ra-soat-ban-giao-so-bhxh", date(2018, 6, 15), "Đẩy nhanh tiến độ bàn giao sổ BHXH",
     "Các địa phương chậm tiến độ cần hoàn thành trước ngày 31/12/2018."),
]  # fmt: skip
# News of a province's section: (office code, category slug, date, title, introduction)
SECTION_NEWS = [
    ("79", "ra-soat-ban-giao-so-bhxh", date(2017, 3, 14),
     "BHXH TP. Hồ Chí Minh bàn giao sổ tại các khu công nghiệp",
     "Tổ thẩm định làm việc với các đơn vị có đông người lao động."),
    ("79", "hoat-dong-nganh", date(2017, 8, 2), "Tổ Chỉ đạo họp sơ kết tháng 7",
     "Tổ Chỉ đạo của tỉnh rà soát tiến độ và giải quyết vướng mắc."),
]  # fmt: skip

# (slug, number, issued on, kind, title, summary)
DOCUMENTS = [
    ("ke-hoach-112-kh-bhxh", "112/KH-BHXH", date(2017, 1, 10), DocumentKind.PLAN,
     "Kế hoạch rà soát, bàn giao sổ BHXH cho người lao động",
     "Kế hoạch của BHXH Việt Nam tổ chức việc rà soát sổ BHXH và bàn giao sổ cho người "
     "lao động: bắt đầu từ tháng 01/2017, ít nhất 60% số sổ phải giao được bàn giao trong "
     "năm 2017 và toàn bộ trước ngày 31/12/2018."),
    ("cong-van-4027-bhxh-st", "4027/BHXH-ST", date(2016, 10, 14), DocumentKind.OFFICIAL_LETTER,
     "Công văn hướng dẫn quy trình rà soát, bàn giao sổ BHXH",
     "Công văn của BHXH Việt Nam hướng dẫn các cơ quan BHXH quy trình rà soát quá trình "
     "đóng BHXH và bàn giao sổ BHXH cho người lao động."),
]  # fmt: skip
DOCUMENT_NOTE = (
    "\n\nTrang mô tả văn bản theo số, ngày và cơ quan ban hành; tệp đính kèm là tệp minh "
    "hoạ của bản chạy thử (demo), không phải văn bản gốc."
)


def write(*, seed: int = 112) -> int:
    """The portal's pages and demo content; nothing when news already exist. Returns the
    number of pages made."""
    structure = ensure_site()
    if NewsPage.objects.exists():
        return 0
    categories = {category.slug: category for category in NewsCategory.objects.all()}
    made = 0
    for slug, day, title, intro in NEWS:
        _publish(structure.news, _news(categories[slug], day, title, intro))
        made += 1
    sections = {s.office.code: s for s in ProvinceSectionPage.objects.select_related("office")}
    for code, slug, day, title, intro in SECTION_NEWS:
        if code in sections:
            _publish(sections[code], _news(categories[slug], day, title, intro))
            made += 1
    plan = None
    for slug, number, day, kind, title, summary in DOCUMENTS:
        page = DocumentPage(
            title=title,
            slug=slug,
            number=number,
            issued_on=day,
            issuer=ISSUER,
            kind=kind,
            summary=summary + DOCUMENT_NOTE,
            in_force=True,
            document=_placeholder_file(number, title, day),
        )
        _publish(structure.documents, page)
        plan = plan or page
        made += 1
    campaign = structure.campaign
    campaign.plan = plan
    campaign.intro = (
        "<p>Theo Kế hoạch 112/KH-BHXH, cơ quan BHXH rà soát và bàn giao sổ BHXH cho từng "
        "người lao động. Số liệu dưới đây được tổng hợp từ kết quả các BHXH tỉnh cập nhật.</p>"
    )
    campaign.save_revision().publish()
    return made


def _news(category, day, title, intro) -> NewsPage:
    return NewsPage(
        title=title,
        slug=slugify(fold(title))[:80],
        date=day,
        category=category,
        intro=intro,
        body=f"<p>{intro}</p><p><i>{DEMO_NOTE}</i></p>",
    )


def _publish(parent, page) -> None:
    parent.add_child(instance=page)
    page.save_revision().publish()


def _placeholder_file(number: str, title: str, day: date) -> Document | None:
    """A one-page PDF saying it stands in for the document; none without the font."""
    if not FONT.is_file():
        return None
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("DejaVuSans", "", str(FONT))
    pdf.set_font("DejaVuSans", size=12)
    pdf.add_page()
    pdf.multi_cell(
        0,
        8,
        f"{number} ngày {day:%d/%m/%Y} – {ISSUER}\n{title}\n\n"
        "TỆP MINH HOẠ CỦA BẢN CHẠY THỬ (DEMO): đây không phải văn bản gốc. "
        "Xem văn bản gốc tại cơ quan ban hành.\n\n"
        "DEMO PLACEHOLDER: this is not the real document.",
    )
    buffer = BytesIO()
    pdf.output(buffer)
    name = number.replace("/", "-") + "-demo.pdf"
    document = Document(title=f"{number} (demo)")
    document.file.save(name, ContentFile(buffer.getvalue()), save=False)
    document._set_document_file_metadata()
    document.save()
    return document
