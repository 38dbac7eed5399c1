"""The people of a problem's story, beside the world (`sobhxh.testing.world`): the world's
district user of Quận 1 raises; Hồ Chí Minh's and the centre's departments answer."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sobhxh.problems import services
from sobhxh.problems.states import State
from sobhxh.testing.factories import department_member, make_problem

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def pdf(name: str = "cong-van.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    """A small real PDF, as a browser sends it."""
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@dataclass(frozen=True)
class People:
    raiser: object  # the world's district user, Quận 1 (760, in 79)
    hcm_book_card: object  # Phòng Cấp sổ, thẻ of Hồ Chí Minh (79)
    hcm_it: object
    hanoi_book_card: object  # another province's (01)
    centre_book_card: object  # Ban Sổ - Thẻ: the focal point
    centre_it: object
    centre_revenue: object


@pytest.fixture
def people(world) -> People:
    return People(
        raiser=world.users.district,
        hcm_book_card=department_member("79", "book_card"),
        hcm_it=department_member("79", "it"),
        hanoi_book_card=department_member("01", "book_card"),
        centre_book_card=department_member("VN", "book_card"),
        centre_it=department_member("VN", "it"),
        centre_revenue=department_member("VN", "revenue"),
    )


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed(): ...` runs what the services leave for after the commit (the
    notifications), which a test's transaction never reaches."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def problem_in(state: str, people: People, **extra):
    """A procedure problem from Quận 1, taken to `state` by the shortest path, each move
    through the services: Hồ Chí Minh's Book and Card handles it."""
    problem = make_problem(people.raiser, **extra)
    handler, later = people.hcm_book_card, problem.created_at + timedelta(hours=1)
    if state == State.NEW:
        return problem
    if state == State.CLOSED:
        return services.close(problem=problem, actor=handler, note="Trùng vướng mắc số 1")
    if state == State.BEING_HANDLED:
        return services.take(problem=problem, actor=handler, now=later)
    services.answer(problem=problem, actor=handler, text="Làm theo CV 4027.", now=later)
    if state == State.RESOLVED:
        return services.accept(problem=problem, actor=people.raiser, now=later)
    if state == State.REOPENED:
        return services.reopen(problem=problem, actor=people.raiser, reason="Chưa rõ", now=later)
    problem.refresh_from_db()
    return problem


def get(client, user, address, language="vi"):
    """A page as `user` sees it, in Vietnamese or another language: the response and its text."""
    client.force_login(user)
    if language != "vi":
        client.post(reverse("set_language"), {"language": language, "next": "/"})
    response = client.get(address)
    return response, response.content.decode()
