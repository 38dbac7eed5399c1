import io
import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile

from sobhxh.intake import limits
from sobhxh.problems import files, services
from sobhxh.problems.errors import ProblemRefused
from sobhxh.problems.models import Attachment, Problem
from sobhxh.testing import bombs
from sobhxh.testing.factories import make_problem
from sobhxh.testing.files import windows_1258_form

from .conftest import PDF_BYTES, pdf

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def xlsx_bytes() -> bytes:
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True})
    workbook.add_worksheet().write(0, 0, "Mã số BHXH")
    workbook.close()
    return out.getvalue()


def zip_bytes(*members: tuple[str, str]) -> bytes:
    """A zip of fixed date: these bytes name parametrized tests, and pytest-xdist's workers
    must collect the same names (a member dated "now" differed across a second's edge)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in members:
            archive.writestr(zipfile.ZipInfo(name, date_time=(2017, 1, 10, 0, 0, 0)), text)
    return out.getvalue()


def docx_bytes() -> bytes:
    return zip_bytes(("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<document/>"))


def ods_bytes(mimetype=files.ODS) -> bytes:
    return zip_bytes(("mimetype", mimetype), ("content.xml", "<office:document-content/>"))


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("cong-van.pdf", PDF_BYTES, files.PDF),
        ("anh.PNG", PNG_BYTES, files.PNG),
        ("anh.jpg", JPEG_BYTES, files.JPEG),
        ("anh.jpeg", JPEG_BYTES, files.JPEG),
        ("danh-sach.xlsx", None, files.XLSX),
        ("to-trinh.docx", None, files.DOCX),
        ("bang.ods", None, files.ODS),
        ("cu.xls", files.OLE2 + b"\x00" * 100, files.XLS),
        ("so.csv", "Mã số BHXH,Họ và tên\n0100000001,Nguyễn Văn An\n".encode(), files.CSV),
        ("ghi-chu.txt", "Đơn vị nợ đóng từ tháng 3/2016".encode(), files.TXT),
        ("cu.txt", windows_1258_form("Đơn vị nợ đóng").encode("cp1258"), files.TXT),
    ],
)
def test_accepted_kinds_are_told_by_their_content(name, content, content_type):
    content = (
        content
        or {"xlsx": xlsx_bytes, "docx": docx_bytes, "ods": ods_bytes}[name.rsplit(".", 1)[1]]()
    )
    checked = files.check(SimpleUploadedFile(name, content, content_type="x/anything"))
    assert checked.content_type == content_type
    assert checked.size == len(content)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("cong-van.pdf", b"<html><script>alert(1)</script></html>"),  # a .pdf that is not one
        ("cong-van.pdf", PNG_BYTES),
        ("anh.png", PDF_BYTES),
        ("danh-sach.xlsx", docx_bytes()),
        ("danh-sach.xlsx", b"PK\x03\x04 not really a zip"),
        ("bang.ods", ods_bytes("application/zip")),
        ("chay.exe", b"MZ\x90\x00"),
        ("chay.txt", b"MZ\x90\x00\x03\x00\x00\x00"),  # binary under a text name
        ("trang.html", b"<html></html>"),
        ("khong-duoi", PDF_BYTES),
    ],
)
def test_a_file_whose_content_is_not_an_accepted_kind_is_refused(name, content):
    with pytest.raises(ProblemRefused) as refused:
        files.check(SimpleUploadedFile(name, content))
    assert refused.value.code == "wrong_type"
    assert f"Tệp “{name}” không được chấp nhận" in refused.value.messages[0]


def test_a_file_over_the_limit_is_refused_by_size(settings):
    big = SimpleUploadedFile("lon.pdf", PDF_BYTES + b"0" * files.MAX_BYTES)
    with pytest.raises(ProblemRefused) as refused:
        files.check(big)
    assert refused.value.code == "too_large"
    assert "tối đa 10 MB" in refused.value.messages[0]


def test_an_empty_file_is_refused():
    with pytest.raises(ProblemRefused, match="rỗng"):
        files.check(SimpleUploadedFile("trong.pdf", b""))


@pytest.mark.django_db
def test_attachments_are_stored_under_the_media_folder_with_a_name_that_says_nothing(people, media):
    problem = make_problem(people.raiser, files=[pdf("Công văn trả lời.pdf")])
    attachment = problem.attachments.get()
    assert attachment.original_name == "Công văn trả lời.pdf"
    assert attachment.content_type == files.PDF
    stored = Path(attachment.file.path)
    assert stored.is_relative_to(media)
    assert stored.read_bytes() == PDF_BYTES
    # Letters no random hex name holds: the stored name says nothing of the original.
    assert not {"n", "v", "t", "r", "l", "i"} & set(stored.stem.lower())
    assert stored.suffix == ".pdf"


@pytest.mark.django_db
def test_a_refused_file_leaves_no_problem_and_no_file_behind(people, media):
    with pytest.raises(ProblemRefused):
        make_problem(people.raiser, files=[pdf("a.pdf"), pdf("b.pdf", b"not a pdf")])
    assert not Problem.objects.exists()
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


@pytest.mark.django_db
def test_a_failed_transaction_deletes_the_files_it_wrote(people, media, monkeypatch):
    problem = make_problem(people.raiser)

    def refuse(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(Attachment, "save", refuse)
    with pytest.raises(RuntimeError):
        services.attach(problem=problem, actor=people.raiser, files=[pdf()])
    assert not any(p.is_file() for p in media.rglob("*"))


@pytest.mark.django_db
def test_outsiders_cannot_add_files(people):
    problem = make_problem(people.raiser)
    with pytest.raises(ProblemRefused):
        services.attach(problem=problem, actor=people.hanoi_book_card, files=[pdf()])
    services.attach(problem=problem, actor=people.hcm_book_card, files=[pdf()])
    assert problem.attachments.count() == 1


def test_a_zip_declaring_more_members_than_the_importer_allows_is_refused_unopened(
    tmp_path, monkeypatch
):
    # A workbook's name and a directory of 10,001 entries (about 1 MB): refused from the
    # zip's end record, before zipfile would build an entry for each.
    path = bombs.zip_many_members(tmp_path / "danh-sach.xlsx", limits.MAX_MEMBERS + 1)
    opened = []
    monkeypatch.setattr(files.zipfile, "ZipFile", lambda *a, **k: opened.append(a))
    with pytest.raises(ProblemRefused) as refused:
        files.check(SimpleUploadedFile("danh-sach.xlsx", path.read_bytes()))
    assert refused.value.code == "wrong_type" and not opened
