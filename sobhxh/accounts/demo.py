"""The demo's people: the four users of `create_demo_user`, whose password everyone knows,
and the staff the demo's committees and problems need (a user for each department of the
centre and of each province, one for each district office, one for each of the largest
employers), who cannot log in.

Demo staff are marked as the demo's own (`ops.demo.real_data`): their user names start
with `STAFF_PREFIX` and their password is the unusable `STAFF_PASSWORD`, so a database
holding them is still a demo database.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.contrib.auth import get_user_model
from django.db.models import Count

from sobhxh.accounts.models import Profile, Role
from sobhxh.accounts.services import create_user
from sobhxh.organisation.models import Department, Function
from sobhxh.organisation.selectors import department_in
from sobhxh.units.models import CENTRE_CODE, Employer, Office

USERNAME = "demo"
PASSWORD = "demo-112"
PROVINCE_CODE = "79"  # Hồ Chí Minh: the most books in the demo data
DEPARTMENT = Function.BOOK_CARD  # the central and provincial demo users work on books

STAFF_PREFIX = "demo."
# Unusable (it starts with "!") and the same on every run, so that a seed gives the same rows.
STAFF_PASSWORD = "!demo-staff"
STAFF_JOINED = datetime(2017, 1, 3, 1, 0, tzinfo=UTC)
# Employers whose own staff raise problems: the largest, which meet the most of them.
EMPLOYER_USERS = 300


def ensure_demo_users() -> list:
    """The four demo users, made if missing (central, a province, a district, an employer),
    each keeping the place it was first given."""
    users = [_central()]
    users += [_ensure(username, kind, place) for username, kind, place in demo_places()]
    return users


def _central():
    users = get_user_model()
    user = users.objects.filter(username=USERNAME).first()
    if user is None:
        return create_user(
            username=USERNAME,
            password=PASSWORD,
            role=Role.CENTRAL,
            department=DEPARTMENT,
            first_name="Trung ương",
            last_name="Demo",
            is_superuser=True,
        )
    # A demo database made before roles existed has the user without a profile.
    centre = Office.objects.get(code=CENTRE_CODE)
    Profile.objects.get_or_create(
        user=user,
        defaults={"role": Role.CENTRAL, "department": department_in(centre, DEPARTMENT)},
    )
    return user


def demo_places():
    """(user name, role, place) of the demo users other than the central one: Hồ Chí Minh,
    its district with the most employers, its employer with the most books."""
    province = Office.objects.get(code=PROVINCE_CODE)
    yield "demo-tinh", Role.PROVINCE, province
    district = (
        Office.objects.filter(province=province, level=Office.Level.DISTRICT)
        .annotate(employer_count=Count("employers"))
        .order_by("-employer_count", "code")
        .first()
    )
    if district is not None:
        yield "demo-huyen", Role.DISTRICT, district
    employer = (
        Employer.objects.filter(office__province=province)
        .annotate(book_count=Count("books"))
        .order_by("-book_count", "code")
        .first()
    )
    if employer is not None:
        yield "demo-donvi", Role.EMPLOYER, employer


def _ensure(username: str, role: Role, place: Office | Employer):
    user = get_user_model().objects.filter(username=username).first()
    if user is not None:
        return user  # already there, keeping the place it was given
    if role == Role.EMPLOYER:
        return create_user(
            username=username, password=PASSWORD, role=role, employer_code=place.code
        )
    department = DEPARTMENT if role == Role.PROVINCE else None
    return create_user(
        username=username,
        password=PASSWORD,
        role=role,
        office_code=place.code,
        department=department,
    )


# -- the demo's staff ------------------------------------------------------------------------


@dataclass
class Staff:
    """Who acts in the demo, by place: user ids, the demo users where they fit.

    - `department[department_id]`: the users of a department, the demo user first;
    - `district[office_id]`: a user of each district office;
    - `employer[employer_id]`: a user of each of the largest employers;
    - `names[user_id]`: each one's full name.
    """

    department: dict[int, list[int]] = field(default_factory=dict)
    district: dict[int, int] = field(default_factory=dict)
    employer: dict[int, int] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)


def ensure_staff(rng) -> Staff:
    """Make the demo staff that are missing (in bulk: a few thousand rows, no password to
    hash) and return them with the demo users in their places. Names come from `rng`."""
    from sobhxh.books.demo.generator import GIVEN, MIDDLE, SURNAMES

    users = get_user_model()
    existing = set(
        users.objects.filter(username__startswith=STAFF_PREFIX).values_list("username", flat=True)
    )
    wanted: list[tuple[str, dict]] = []
    departments = Department.objects.select_related("office").order_by("office__code", "function")
    for department in departments:
        role = Role.CENTRAL if department.office.code == CENTRE_CODE else Role.PROVINCE
        office_id = None if role == Role.CENTRAL else department.office_id
        for serial in (1, 2):
            username = (
                f"{STAFF_PREFIX}{department.office.code.lower()}.{department.function}.{serial}"
            )
            wanted.append(
                (username, {"role": role, "office_id": office_id, "department_id": department.pk})
            )
    for pk, code in (
        Office.objects.filter(level=Office.Level.DISTRICT)
        .order_by("code")
        .values_list("pk", "code")
    ):
        wanted.append((f"{STAFF_PREFIX}{code}", {"role": Role.DISTRICT, "office_id": pk}))
    largest = (
        Employer.objects.annotate(size=Count("books"))
        .order_by("-size", "code")
        .values_list("pk", "code")[:EMPLOYER_USERS]
    )
    for pk, code in sorted(largest, key=lambda row: row[1]):
        wanted.append((f"{STAFF_PREFIX}{code.lower()}", {"role": Role.EMPLOYER, "employer_id": pk}))
    new_users, new_places = [], []
    for username, place in wanted:
        sex = "female" if rng.random() < 0.55 else "male"
        first, last = f"{SURNAMES.draw(rng)} {MIDDLE[sex].draw(rng)}", GIVEN[sex].draw(rng)
        if username in existing:
            continue
        new_users.append(
            users(
                username=username,
                password=STAFF_PASSWORD,
                first_name=first,
                last_name=last,
                date_joined=STAFF_JOINED,
            )
        )
        new_places.append(place)
    users.objects.bulk_create(new_users, batch_size=500)
    made = dict(
        users.objects.filter(username__in=[user.username for user in new_users]).values_list(
            "username", "pk"
        )
    )
    Profile.objects.bulk_create(
        [
            Profile(user_id=made[user.username], **place)
            for user, place in zip(new_users, new_places, strict=True)
        ],
        batch_size=500,
    )
    return staff()


def staff() -> Staff:
    """The demo staff and the demo users, by place."""
    found = Staff()
    profiles = (
        Profile.objects.filter(user__username__startswith=STAFF_PREFIX)
        | Profile.objects.filter(
            user__username__in=["demo", "demo-tinh", "demo-huyen", "demo-donvi"]
        )
    ).values_list(
        "user_id",
        "user__username",
        "user__first_name",
        "user__last_name",
        "role",
        "office_id",
        "employer_id",
        "department_id",
    )
    demo_first = sorted(
        profiles, key=lambda row: (not row[1].startswith(("demo-",)) and row[1] != "demo", row[1])
    )
    for user_id, _username, first, last, role, office_id, employer_id, department_id in demo_first:
        found.names[user_id] = f"{first} {last}".strip()
        if department_id is not None:
            found.department.setdefault(department_id, []).append(user_id)
        elif role == Role.DISTRICT:
            found.district.setdefault(office_id, user_id)
        elif role == Role.EMPLOYER:
            found.employer.setdefault(employer_id, user_id)
    return found
