"""Every endpoint, for every role: what is within the user's scope answers, what is outside
answers 404, exactly as if it did not exist (DESIGN.md invariant 3).

`ENDPOINTS` names every operation of the API: a new operation that is not added here fails
`test_every_operation_is_checked_for_scope`, so none can ship without its scope test.
"""

from datetime import date
from functools import cached_property

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sobhxh.accounts.models import Role
from sobhxh.api.api import api
from sobhxh.intake.tasks import start_upload
from sobhxh.reports.services import submit
from sobhxh.testing.factories import make_books, make_problem, make_user
from sobhxh.testing.files import book, books_file

pytestmark = pytest.mark.django_db

# Where each role's objects are: in its scope, and outside it (the centre sees everything).
INSIDE = {Role.CENTRAL: "q1", Role.PROVINCE: "q12", Role.DISTRICT: "q1", Role.EMPLOYER: "q1"}
OUTSIDE = {Role.PROVINCE: "ba_dinh", Role.DISTRICT: "q12", Role.EMPLOYER: "q12"}
DISTRICT_OF = {"q1": "760", "q12": "761", "ba_dinh": "001"}
MONTH = date(2017, 3, 1)


class Objects:
    """A book, a problem and a report of the district of employer `place`, and an upload of
    `uploader` with an error report: each made when a test first asks for it."""

    def __init__(self, world, place: str, uploader, tmp_path, *, by_employer: bool):
        self.world, self.place, self.uploader, self.tmp_path = world, place, uploader, tmp_path
        self.by_employer = by_employer
        self.employer = getattr(world.employers, place).code
        self.office = DISTRICT_OF[place]

    @cached_property
    def staff(self):
        if self.place == "q1":
            return self.world.users.district
        return make_user(role=Role.DISTRICT, office=self.office)

    @cached_property
    def number(self) -> str:
        return make_books(getattr(self.world.employers, self.place), 1)[0].number

    @cached_property
    def problem(self) -> int:
        # An employer user sees only the problems its employer raised.
        if self.by_employer:
            employer = getattr(self.world.employers, self.place)
            return make_problem(make_user(role=Role.EMPLOYER, employer=employer)).pk
        return make_problem(self.staff).pk

    @cached_property
    def report(self) -> int:
        office = getattr(self.world.employers, self.place).office
        return submit(office=office, month=MONTH, actor=self.staff).pk

    @cached_property
    def upload(self) -> int:
        path = books_file(self.tmp_path, book(number="12", office=self.office), name="so.csv")
        sent = SimpleUploadedFile(path.name, path.read_bytes())
        return start_upload(user=self.uploader, files=[sent], office=None, dry_run=True).pk


def objects(world, role, place, uploader, tmp_path) -> Objects:
    return Objects(world, place, uploader, tmp_path, by_employer=role == Role.EMPLOYER)


def _upload_file():
    return SimpleUploadedFile("so.csv", "Mã số BHXH\n".encode())


# name -> (method, path, body, the status within scope, roles that see none of it)
ENDPOINTS = {
    "search_books": ("get", lambda o: f"/books?employer={o.employer}", None, 200, ()),
    "read_book": ("get", lambda o: f"/books/{o.number}", None, 200, ()),
    "book_periods": ("get", lambda o: f"/books/{o.number}/periods", None, 200, ()),
    "book_events": ("get", lambda o: f"/books/{o.number}/events", None, 200, ()),
    "act_on_book": (
        "post", lambda o: f"/books/{o.number}/actions", lambda o: {"action": "start_review"},
        201, (),
    ),
    "act_on_books": (
        "post", lambda o: "/books/actions",
        lambda o: {"action": "start_review", "numbers": [o.number]}, 200, (),
    ),
    "office_progress": ("get", lambda o: f"/progress/offices/{o.office}", None, 200,
                        (Role.EMPLOYER,)),
    "office_employers_progress": ("get", lambda o: f"/progress/offices/{o.office}/employers",
                                  None, 200, (Role.EMPLOYER,)),
    "employer_progress": ("get", lambda o: f"/progress/employers/{o.employer}", None, 200, ()),
    "list_uploads": ("get", lambda o: "/uploads", None, 200, (Role.EMPLOYER,)),
    "read_upload": ("get", lambda o: f"/uploads/{o.upload}", None, 200, (Role.EMPLOYER,)),
    "upload_report": ("get", lambda o: f"/uploads/{o.upload}/report?format=csv", None, 200,
                      (Role.EMPLOYER,)),
    "send_upload": ("upload", lambda o: "/uploads", None, 202, (Role.EMPLOYER,)),
    "list_problems": ("get", lambda o: "/problems", None, 200, ()),
    "read_problem": ("get", lambda o: f"/problems/{o.problem}", None, 200, ()),
    "raise_problem": (
        "post", lambda o: "/problems",
        lambda o: {"category": "procedure-review", "title": "Thiếu Mẫu 03",
                   "description": "Đơn vị chưa nộp.", "employer": o.employer,
                   "books": [o.number]},
        201, (),
    ),
    # Within scope but not of the answering department: refused by the state table, not 404.
    "answer_problem": ("post", lambda o: f"/problems/{o.problem}/answer",
                       lambda o: {"text": "Đã hướng dẫn."}, 422, ()),
    "list_reports": ("get", lambda o: f"/reports?office={o.office}", None, 200,
                     (Role.EMPLOYER,)),
    "read_report": ("get", lambda o: f"/reports/{o.report}", None, 200, (Role.EMPLOYER,)),
}  # fmt: skip

# Lists of things the user may not see answer with an empty list, not 404.
LISTS = {"list_uploads", "list_problems"}


def _call(caller, method, path, body):
    if method == "get":
        return caller.get(path)
    if method == "upload":
        return caller.post(path, files={"files": [_upload_file()], "dry_run": "true"})
    return caller.post(path, body)


def test_every_operation_is_checked_for_scope():
    schema = api.get_openapi_schema()
    operations = {
        operation["operationId"]
        for methods in schema["paths"].values()
        for operation in methods.values()
    }
    assert operations == set(ENDPOINTS)


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("name", list(ENDPOINTS))
def test_within_scope_answers_and_outside_answers_404(
    world, caller, role, name, tmp_path, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    user = world.users[role]
    method, path, body, within, blind = ENDPOINTS[name]
    uploader = user if role != Role.EMPLOYER else world.users.district
    inside = objects(world, role, INSIDE[role], uploader, tmp_path)
    api_user = caller(user)

    if name in LISTS:  # something to list
        _made = inside.problem if name == "list_problems" else inside.upload
    status, answer = _call(api_user, method, path(inside), body and body(inside))
    assert status == (404 if role in blind else within), answer
    if role in blind:
        assert answer == {"detail": "Không tìm thấy, hoặc nằm ngoài phạm vi tài khoản được xem."}

    if role in OUTSIDE and method != "upload":
        other = make_user(role=Role.DISTRICT, office="001")
        outside = objects(world, role, OUTSIDE[role], other, tmp_path)
        status, answer = _call(api_user, method, path(outside), body and body(outside))
        if name in LISTS:
            assert status == 200 if role not in blind else 404
            shown = {item["id"] for item in answer.get("items", [])}
            hidden = outside.problem if name == "list_problems" else outside.upload
            assert hidden not in shown
        else:
            assert status == 404, answer
