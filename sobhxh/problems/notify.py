"""The emails the problems app sends, all through Django's email backend (the console in
the demo, SMTP in production: `EMAIL_BACKEND` and friends in the settings). Called by
`services` once a change has committed, so that no one hears of a change that was rolled
back.

- `routed(problem, department, action=...)`: the members of the department that received
  a problem (raised, sent up, rerouted, recategorised, reopened); Book and Card at the
  centre too when it reached the centre, as the focal point.
- `answered(problem)`: the raiser.
- `escalated(received)`: each central department, one email listing what rose to it.

Emails are written in the site's language (Vietnamese), as a user may have chosen another
only for the pages.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.utils import translation
from django.utils.translation import gettext as _

from sobhxh.formatting import day
from sobhxh.organisation.models import Department, Function
from sobhxh.units.models import CENTRE_CODE

from .models import Problem
from .states import Action


def _addresses(department_ids) -> list[str]:
    users = (
        get_user_model()
        .objects.filter(profile__department_id__in=department_ids, is_active=True)
        .exclude(email="")
    )
    return sorted(set(users.values_list("email", flat=True)))


def _focal_id() -> int | None:
    return (
        Department.objects.filter(office__code=CENTRE_CODE, function=Function.BOOK_CARD)
        .values_list("pk", flat=True)
        .first()
    )


def _send(subject: str, body: str, recipients: list[str]) -> int:
    # One email each: colleagues need not see each other's addresses.
    return send_mass_mail(
        [(subject, body, settings.DEFAULT_FROM_EMAIL, [to]) for to in recipients],
        fail_silently=False,
    )


def routed(problem: Problem, department: Department, *, action: str = Action.RAISE) -> int:
    ids = {department.pk}
    if action in {Action.SEND_UP, Action.ESCALATE} and (focal := _focal_id()):
        ids.add(focal)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Problem no. %(number)s: %(title)s") % {
            "number": problem.pk,
            "title": problem.title,
        }
        body = _(
            "A problem waits for %(department)s.\n\n"
            "Problem no. %(number)s: %(title)s\n"
            "Category: %(category)s\n"
            "Raised from: %(office)s\n"
            "Answer by: %(due)s\n"
        ) % {
            "department": department,
            "number": problem.pk,
            "title": problem.title,
            "category": problem.category,
            "office": problem.office.office_name,
            "due": day(problem.due_on),
        }
    return _send(subject, body, _addresses(ids))


def answered(problem: Problem) -> int:
    email = problem.raised_by.email
    if not email:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Problem no. %(number)s has an answer") % {"number": problem.pk}
        body = _(
            "%(department)s answered your problem no. %(number)s: %(title)s.\n\n"
            "Read the answer, then accept it or reopen the problem saying why.\n"
        ) % {"department": problem.department, "number": problem.pk, "title": problem.title}
    return _send(subject, body, [email])


def escalated(received: dict[int, list[int]]) -> int:
    sent = 0
    departments = Department.objects.select_related("office").in_bulk(received)
    for department_id, numbers in received.items():
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("Overdue problems sent up to %(department)s: %(count)s") % {
                "count": len(numbers),
                "department": departments[department_id].name,
            }
            body = _(
                "These problems were not answered in time by the provinces and now wait "
                "for %(department)s: %(numbers)s.\n"
            ) % {
                "department": departments[department_id].name,
                "numbers": ", ".join(f"#{number}" for number in numbers),
            }
        focal = _focal_id()
        sent += _send(subject, body, _addresses({department_id, focal} - {None}))
    return sent
