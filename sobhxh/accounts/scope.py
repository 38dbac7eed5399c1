"""The one door for visibility (DESIGN.md invariant 3).

Every query that serves a user starts from one of these functions. Each answer is a single
indexed filter: `Office.province_id` is the province itself for a provincial office and the
parent province for a district office, so a province's whole subtree is `province_id = X`
with no walk down the tree.

Out of scope and nonexistent look the same from outside: both raise a bare Http404.
"""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from sobhxh.books.models import Book
from sobhxh.problems.models import Problem
from sobhxh.units.models import CENTRE_CODE, Employer, Office

from .models import Profile, Role


@dataclass(frozen=True)
class Place:
    role: Role
    office_id: int | None = None
    employer_id: int | None = None


CENTRAL = Place(Role.CENTRAL)
_CACHE = "_sobhxh_place"


def place(user) -> Place | None:
    """The user's role and the office or employer it applies to; None sees nothing.

    Cached on the user object, so a request asks the database once however many querysets
    its page builds.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return CENTRAL
    if not hasattr(user, _CACHE):
        try:
            profile = user.profile
        except Profile.DoesNotExist:
            found = None
        else:
            found = Place(Role(profile.role), profile.office_id, profile.employer_id)
        setattr(user, _CACHE, found)
    return getattr(user, _CACHE)


def role(user) -> Role | None:
    found = place(user)
    return found.role if found else None


def books(user) -> QuerySet[Book]:
    return _within(user, Book.objects.all(), province="office__province_id", district="office_id",
                   employer="employer_id")  # fmt: skip


def offices(user) -> QuerySet[Office]:
    """Offices the user may see: an employer user sees none (not even its managing office)."""
    return _within(user, Office.objects.all(), province="province_id", district="pk")


def employers(user) -> QuerySet[Employer]:
    """Employers managed by the offices in `offices(user)`; an employer user sees only its own."""
    return _within(
        user,
        Employer.objects.all(),
        province="office__province_id",
        district="office_id",
        employer="pk",
    )


def _within(user, everything: QuerySet, *, province: str, district: str,
            employer: str | None = None) -> QuerySet:  # fmt: skip
    """`everything` narrowed to the user's place; each keyword names the lookup that holds
    the user's office (province, district) or employer. No lookup for a role: nothing."""
    found = place(user)
    if found is None:
        return everything.none()
    match found.role:
        case Role.CENTRAL:
            return everything
        case Role.PROVINCE:
            return everything.filter(**{province: found.office_id})
        case Role.DISTRICT:
            return everything.filter(**{district: found.office_id})
        case Role.EMPLOYER if employer:
            return everything.filter(**{employer: found.employer_id})
    return everything.none()


def problems(user) -> QuerySet[Problem]:
    """Problems the user may see: those raised from their office or an office below it
    (every problem for the centre, the office above all others; a province's for its
    province), and for an employer user those its employer raised. A problem routed to a
    department is routed within the raiser's province or to the centre, so the departments
    it was routed to see it by the same rule."""
    return _within(
        user,
        Problem.objects.all(),
        province="office__province_id",
        district="office_id",
        employer="raiser_employer_id",
    )


def home(user) -> Office | Employer | None:
    """Where the user's dashboard starts: the centre, their office or their employer."""
    found = place(user)
    if found is None:
        return None
    if found.role == Role.CENTRAL:
        return Office.objects.filter(code=CENTRE_CODE).first()
    if found.role == Role.EMPLOYER:
        return Employer.objects.select_related("office").filter(pk=found.employer_id).first()
    return Office.objects.filter(pk=found.office_id).first()


def book_or_404(user, number: str) -> Book:
    return _one(books(user).select_related("office", "employer"), number=number)


def office_or_404(user, code: str) -> Office:
    return _one(offices(user), code=code)


def employer_or_404(user, code: str) -> Employer:
    return _one(employers(user).select_related("office"), code=code)


def problem_or_404(user, pk) -> Problem:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    return _one(problems(user).select_related("category", "department__office", "office"), pk=pk)


def _one(queryset: QuerySet, **lookup):
    # No message: whether the object exists elsewhere is itself out of scope.
    found = queryset.filter(**lookup).first()
    if found is None:
        raise Http404
    return found
