"""Factories: small, explicit builders of real rows through the real services."""

import itertools
from datetime import UTC, date, datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from sobhxh.accounts.models import Role
from sobhxh.accounts.services import create_user
from sobhxh.books.lifecycle import Action, State, Via
from sobhxh.books.models import Book, Period
from sobhxh.books.services import NewBook, register_books, transition, transition_many
from sobhxh.organisation.models import Department
from sobhxh.units.models import Employer, Office

PASSWORD = "x-Secret-123"
REGISTERED_ON = date(2016, 12, 31)
_numbers = itertools.count(1)
_usernames = itertools.count(1)
_worker_numbers = itertools.count(9_000_000)


def office_with_code(code: str) -> Office:
    return Office.objects.get(code=code)


def department(office_code: str, function: str) -> Department:
    """A department loaded by migration: `department("79", "book_card")`."""
    return Department.objects.select_related("office").get(
        office__code=office_code, function=function
    )


def make_employer(office_code: str = "001", code: str | None = None, name: str = "") -> Employer:
    serial = next(_numbers)
    code = code or f"TE{serial:05d}"
    return Employer.objects.create(
        code=code,
        name=name or f"Công ty TNHH Thử nghiệm {serial}",
        office=office_with_code(office_code),
    )


def make_books(employer: Employer, count: int = 1, *, on: date = REGISTERED_ON) -> list[Book]:
    new = []
    for _ in range(count):
        serial = next(_numbers)
        new.append(
            NewBook(
                number=f"{serial:010d}",
                full_name=f"Nguyễn Văn Thử {serial}",
                birth_date=date(1990, 1, 1),
                sex="male",
                employer_id=employer.pk,
                office_id=employer.office_id,
            )
        )
    register_books(new, on=on, via=Via.COMMAND)
    return list(Book.objects.filter(number__in=[n.number for n in new]).order_by("pk"))


def make_book(employer: Employer | None = None, **kwargs) -> Book:
    return make_books(employer or make_employer(), 1, **kwargs)[0]


def make_user(
    username: str | None = None,
    *,
    role: str | None = Role.CENTRAL,
    office: Office | str | None = None,
    employer: Employer | str | None = None,
    password: str = PASSWORD,
    supervisor: bool = False,
    **extra,
):
    """A user with a profile, made through the real service (`accounts.services.create_user`).

    `office` and `employer` take an object or its code; `extra` is the service's other
    arguments (`department`, a function code such as "book_card"; `first_name`, `last_name`,
    `is_superuser`). `role=None` makes an account with no profile at all, which sees nothing.
    A `supervisor` may also undo a handover.
    """
    username = username or f"{role or 'user'}-{next(_usernames)}"
    if role is None:
        user = get_user_model().objects.create_user(username=username, password=password)
    else:
        user = create_user(
            username=username,
            password=password,
            role=role,
            office_code=getattr(office, "code", office),
            employer_code=getattr(employer, "code", employer),
            **extra,
        )
    if supervisor:
        user.user_permissions.add(Permission.objects.get(codename="undo_handover"))
        user = get_user_model().objects.get(pk=user.pk)  # forget the cached permissions
    return user


def make_worker(
    employer: Employer,
    full_name: str,
    *,
    birth_date: date = date(1985, 7, 14),
    precision: str = "day",
    sex: str = "female",
    identity_number: str = "",
    periods: int = 0,
) -> Book:
    """One registered book with a chosen identity and `periods` contribution periods."""
    number = f"{next(_worker_numbers):010d}"
    register_books(
        [
            NewBook(
                number=number,
                full_name=full_name,
                birth_date=birth_date,
                birth_precision=precision,
                sex=sex,
                identity_number=identity_number,
                employer_id=employer.pk,
                office_id=employer.office_id,
            )
        ],
        on=REGISTERED_ON,
        via=Via.COMMAND,
    )
    book = Book.objects.get(number=number)
    add_periods(book, periods)
    return book


def add_periods(book: Book, count: int) -> None:
    """`count` years of contributions from 2000, one period a year."""
    Period.objects.bulk_create(
        Period(
            book=book,
            fund="BHXH",
            from_month=date(2000 + year, 1, 1),
            to_month=date(2000 + year, 12, 1),
            job=f"Công nhân may, tổ {year}",
            wage=4_500_000 + 100_000 * year,
            rate="8.00",
        )
        for year in range(count)
    )


# -- moving books along the lifecycle ----------------------------------------------------------

# The shortest path of actions from a fresh book to each state.
PATH_TO = {
    State.NOT_REVIEWED: [],
    State.IN_REVIEW: [Action.START_REVIEW],
    State.DISPUTED: [Action.START_REVIEW, Action.DISPUTE],
    State.CONFIRMED: [Action.START_REVIEW, Action.CONFIRM],
    State.HANDED_OVER: [Action.START_REVIEW, Action.CONFIRM, Action.HAND_OVER],
    State.EXCLUDED: [Action.EXCLUDE],
}

# What each action that needs details is given.
DETAILS = {
    Action.DISPUTE: {"reasons": ["wrong_wage"], "worker_words": "Thiếu tháng 3/2015"},
    Action.EXCLUDE: {"reason": "deceased"},
    Action.REINSTATE: {"reason": "Tìm thấy người lao động"},
    Action.UNDO_HANDOVER: {"reason": "Giao nhầm người"},
    Action.CORRECT: {"note": "Sửa mức lương"},
}

# The days of a handover: the review round starts, the employer answers, the books go.
ROUND_DAY = date(2017, 5, 2)
ANSWER_DAY = date(2017, 5, 15)
HANDOVER_DAY = date(2017, 6, 5)


def put_in_state(book: Book, state: str, on: date = date(2017, 3, 1), actor=None) -> Book:
    """Take a fresh book to `state` by the shortest path, each move through the door."""
    for action in PATH_TO[state]:
        transition(book=book, action=action, on=on, actor=actor, details=DETAILS.get(action))
    book.refresh_from_db()
    return book


def ids(books) -> list[int]:
    return [book.pk for book in books]


def confirmed(books, on: date = ANSWER_DAY) -> list[int]:
    """Put fresh books through review and confirmation; return their ids."""
    book_ids = ids(books)
    transition_many(book_ids=book_ids, action=Action.START_REVIEW, on=ROUND_DAY)
    transition_many(book_ids=book_ids, action=Action.CONFIRM, on=on)
    return book_ids


# -- steering committees (organisation) ---------------------------------------------------------
# (The organisation services are imported where used, so that this section stays one block.)


def committee(office_code: str):
    """A committee made by migration: `committee("79")`, `committee("VN")`."""
    from sobhxh.organisation.models import Committee

    return Committee.objects.select_related("office").get(office__code=office_code)


def make_member(
    committee_or_code,
    user=None,
    *,
    role: str = "member",
    full_name: str = "",
    title: str = "",
    department=None,
    active_from: date = date(2017, 1, 15),
):
    """A member through the real service; without a user, a named person ("Nguyễn Văn
    Thành viên N", "Phó Giám đốc")."""
    from sobhxh.organisation.services import add_member

    found = (
        committee(committee_or_code) if isinstance(committee_or_code, str) else committee_or_code
    )
    if user is None and not full_name:
        full_name, title = f"Nguyễn Văn Thành viên {next(_numbers)}", title or "Phó Giám đốc"
    return add_member(
        committee=found,
        role=role,
        active_from=active_from,
        user=user,
        full_name=full_name,
        title=title,
        department=department,
    )


def make_meeting(
    committee_or_code,
    attendees=None,
    *,
    held_on: date = date(2017, 3, 10),
    place: str = "Phòng họp tầng 3",
    minutes: str = "Bàn tiến độ giao sổ.",
):
    """A meeting held on `held_on` with `attendees` (by default one new named member)."""
    from sobhxh.organisation.services import record_meeting

    found = (
        committee(committee_or_code) if isinstance(committee_or_code, str) else committee_or_code
    )
    if attendees is None:
        attendees = [make_member(found)]
    return record_meeting(
        committee=found, held_on=held_on, place=place, attendees=attendees, minutes=minutes
    )


def make_decision(
    meeting,
    owner=None,
    *,
    due_on: date = date(2017, 4, 30),
    text: str = "Hoàn thành rà soát các đơn vị lớn.",
):
    """An open decision of `meeting`, owned by `owner` (by default its first attendee)."""
    from sobhxh.organisation.services import record_decision

    owner = owner or meeting.attendees.order_by("pk").first()
    return record_decision(meeting=meeting, text=text, owner=owner, due_on=due_on)


# -- problems ----------------------------------------------------------------------------------
# (Imports inside the functions keep this section self-contained, for easy merges.)

RAISED_AT = datetime(2017, 3, 1, 9, 0, tzinfo=UTC)  # Wednesday 01/03/2017, 16:00 in Hà Nội


def category(code: str = "procedure-review"):
    """A category loaded by migration: `category("software-fault")`."""
    from sobhxh.problems.models import Category

    return Category.objects.get(code=code)


def department_member(office_code: str, function: str, username: str | None = None, **extra):
    """A user of the department of `function` in office `office_code` ("VN" for the centre),
    with an email address for notifications."""
    role = Role.CENTRAL if office_code == "VN" else Role.PROVINCE
    username = username or f"{function}-{office_code}-{next(_usernames)}"
    user = make_user(
        username,
        role=role,
        office=None if role == Role.CENTRAL else office_code,
        department=function,
        **extra,
    )
    user.email = f"{username}@bhxh.example"
    user.save(update_fields=["email"])
    return user


def make_problem(raised_by, *, category_code: str = "procedure-review", title: str = "",
                 description: str = "", now: datetime = RAISED_AT, **extra):  # fmt: skip
    """A problem raised by `raised_by` through the real service; `extra` is the service's
    other arguments (`employer`, `books`, `upload`, `files`)."""
    from sobhxh.problems.services import raise_problem

    serial = next(_numbers)
    return raise_problem(
        raised_by=raised_by,
        title=title or f"Vướng mắc thử nghiệm {serial}",
        description=description or "Đơn vị chưa nộp đủ Mẫu 03 của người lao động.",
        category=category(category_code),
        now=now,
        **extra,
    )


# -- money ---------------------------------------------------------------------------------------
# (Imports inside the functions keep this section self-contained, for easy merges.)


def central_finance(username: str | None = None):
    """A user of the centre's finance department (Vụ Tài chính - Kế toán)."""
    return department_member("VN", "finance", username)


def make_unit_cost(activity: str, amount: int, valid_from: date, *, actor=None, **extra):
    """A rate through the real service, entered by a new central finance user by default."""
    from sobhxh.money.services import add_unit_cost

    return add_unit_cost(
        activity=activity,
        amount=amount,
        valid_from=valid_from,
        legal_basis=extra.pop("legal_basis", "Quyết định thử nghiệm"),
        actor=actor or central_finance(),
        **extra,
    )


def make_budget(office_code: str, year: int, amount: int, *, actor=None):
    from sobhxh.money.services import set_budget

    return set_budget(
        province=office_with_code(office_code),
        year=year,
        amount=amount,
        actor=actor or central_finance(),
    )


# -- public questions ----------------------------------------------------------------------------


def make_public_question(topic: str = "book", *, text: str = "", answered_by=None,
                         answer: str = "", published: bool = False, **extra):  # fmt: skip
    """A question from the public through the real services; answered by `answered_by` when
    given (with `answer`), published when asked."""
    from sobhxh.questions import services

    serial = next(_numbers)
    question = services.ask(
        name=extra.pop("name", "Nguyễn Văn An"),
        contact=extra.pop("contact", "0912345678"),
        topic=topic,
        text=text or f"Câu hỏi thử nghiệm số {serial} về sổ bảo hiểm xã hội?",
        **extra,
    )
    if answered_by is not None:
        services.answer(
            question,
            by=answered_by,
            answer=answer or "Người lao động liên hệ đơn vị để nhận sổ.",
            public_text=question.text,
        )
    if published:
        services.publish(question)
    return question


# -- duplicate books (duplicates) ----------------------------------------------------------------


def make_person_book(
    employer: Employer,
    name: str,
    birth: date,
    *,
    precision: str = "day",
    sex: str = "male",
    identity: str = "",
    on: date = REGISTERED_ON,
) -> Book:
    """A book of a worker with the identity given, registered through the real service."""
    number = f"{next(_numbers):010d}"
    register_books(
        [
            NewBook(
                number=number, full_name=name, birth_date=birth, sex=sex,
                employer_id=employer.pk, office_id=employer.office_id,
                birth_precision=precision, identity_number=identity,
            )
        ],
        on=on,
        via=Via.COMMAND,
    )  # fmt: skip
    return Book.objects.get(number=number)


# -- the REST API --------------------------------------------------------------------------------


def make_token(user, *, name: str = "", days: int = 30):
    """An API token of `user` through the real service; returns (token row, bearer value)."""
    from sobhxh.api.services import create_token

    made = create_token(user=user, name=name or f"Hệ thống thử {next(_numbers)}", days=days)
    return made.token, made.secret
