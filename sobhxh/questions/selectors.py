"""Reads of the questions app.

Who sees what on the staff side: the members of the central department that owns a
question's topic see and answer it; the centre's Book and Card department, the campaign's
focal point, sees and answers every question. Anyone else (provincial departments, central
users of no department, district and employer users) sees none: a question outside the
user's view answers 404, like every object out of scope.

In public: only published questions, under the asker's initials; the asker's name and
contact never leave the staff pages.
"""

from django.db.models import QuerySet
from django.http import Http404

from sobhxh.books.text import fold
from sobhxh.organisation.models import Department, Function
from sobhxh.organisation.selectors import department_of
from sobhxh.units.models import CENTRE_CODE

from .models import Question
from .services import normalise_reference

# What the public pages read: never the name or the contact.
PUBLIC_FIELDS = ("initials", "topic", "public_text", "answer", "published_at")


def _staff_department(user) -> Department | None:
    department = department_of(user)
    if department is None or department.office.code != CENTRE_CODE:
        return None
    return department


def may_answer(user) -> bool:
    return _staff_department(user) is not None


def visible_questions(user) -> QuerySet[Question]:
    department = _staff_department(user)
    if department is None:
        return Question.objects.none()
    found = Question.objects.select_related("department")
    if department.function == Function.BOOK_CARD:
        return found
    return found.filter(department=department)


def question_or_404(user, reference: str) -> Question:
    found = visible_questions(user).filter(reference=normalise_reference(reference)).first()
    if found is None:
        raise Http404
    return found


def staff_list(user, *, waiting: bool = True) -> QuerySet[Question]:
    """Questions waiting for an answer, oldest first; or answered ones, newest first."""
    found = visible_questions(user)
    if waiting:
        return found.filter(answered_at__isnull=True).order_by("asked_at", "pk")
    return found.filter(answered_at__isnull=False).order_by("-answered_at", "-pk")


def waiting_count(user) -> int:
    return staff_list(user, waiting=True).count() if may_answer(user) else 0


def by_reference(reference: str) -> Question | None:
    """The asker's own question, answered or not (its answer shows before publication)."""
    reference = normalise_reference(reference)
    if not reference:
        return None
    return Question.objects.filter(reference=reference).first()


def published(query: str = "") -> QuerySet[Question]:
    """Published questions, newest first; with a query, those whose every word starts a
    syllable of the question or the answer, with or without diacritics."""
    found = Question.objects.filter(published_at__isnull=False)
    for word in fold(query).split()[:10]:
        found = found.filter(search_text__contains=f" {word}")
    return found.only(*PUBLIC_FIELDS).order_by("-published_at", "-pk")
