"""A problem's page: its details, routing, links, thread, files and history, and a form for
each thing the user may do to it. Every form posts to `act`, which calls the service; a
refusal comes back on the page, on the form that was sent, with its message.

Attachments are downloaded only through `download`, which asks `selectors.attachment_or_404`
(the problem in the user's scope, and no file of an internal note for an employer's user).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from sobhxh.organisation.selectors import committees_visible

from . import forms, selectors, services
from .states import Action

NOTE = "note"
ATTACH = "attach"


def _do(action, problem, user, data):
    """The service call of each form, given the form's cleaned data."""
    calls = {
        Action.TAKE: lambda: services.take(problem=problem, actor=user),
        Action.ANSWER: lambda: services.answer(
            problem=problem, actor=user, text=data["text"], files=data["files"]
        ),
        Action.SEND_UP: lambda: services.send_up(problem=problem, actor=user, note=data["note"]),
        Action.REROUTE: lambda: services.reroute(
            problem=problem, actor=user, department=data["department"], note=data["note"]
        ),
        Action.RECATEGORISE: lambda: services.recategorise(
            problem=problem, actor=user, category=data["category"], note=data["note"]
        ),
        Action.ACCEPT: lambda: services.accept(problem=problem, actor=user),
        Action.REOPEN: lambda: services.reopen(problem=problem, actor=user, reason=data["reason"]),
        Action.CLOSE: lambda: services.close(problem=problem, actor=user, note=data["note"]),
        Action.SHARE: lambda: services.set_shareable(problem=problem, actor=user, shareable=True),
        Action.UNSHARE: lambda: services.set_shareable(
            problem=problem, actor=user, shareable=False
        ),
        NOTE: lambda: services.add_note(
            problem=problem, actor=user, text=data["text"], files=data["files"]
        ),
        ATTACH: lambda: services.attach(problem=problem, actor=user, files=data["files"]),
    }
    return calls[action]()


FORMS = {
    Action.TAKE: forms.ButtonForm,
    Action.ANSWER: forms.TextForm,
    Action.SEND_UP: forms.NoteForm,
    Action.REROUTE: forms.RerouteForm,
    Action.RECATEGORISE: forms.RecategoriseForm,
    Action.ACCEPT: forms.ButtonForm,
    Action.REOPEN: forms.ReasonForm,
    Action.CLOSE: forms.CloseForm,
    Action.SHARE: forms.ButtonForm,
    Action.UNSHARE: forms.ButtonForm,
    NOTE: forms.TextForm,
    ATTACH: forms.AttachForm,
}
# Forms that need the problem to offer their choices.
WITH_PROBLEM = {Action.REROUTE, Action.RECATEGORISE}
# Forms with files: sent as multipart.
WITH_FILES = {Action.ANSWER, NOTE, ATTACH}
# Forms that are a single button.
BUTTONS = {Action.TAKE, Action.ACCEPT, Action.SHARE, Action.UNSHARE}

TITLES = {
    NOTE: _("Write an internal note"),
    ATTACH: _("Add files"),
}
DONE = {
    Action.TAKE: _("You are handling the problem."),
    Action.ANSWER: _("The answer was sent to the raiser."),
    Action.SEND_UP: _("The problem was sent up to the centre."),
    Action.REROUTE: _("The problem was sent to another department."),
    Action.RECATEGORISE: _("The category was changed."),
    Action.ACCEPT: _("You accepted the answer: the problem is resolved."),
    Action.REOPEN: _("The problem was reopened."),
    Action.CLOSE: _("The problem was closed."),
    Action.SHARE: _("The answer is shared: once resolved, it is among the answered questions."),
    Action.UNSHARE: _("The answer is no longer shared."),
    NOTE: _("The internal note was added."),
    ATTACH: _("The files were added."),
}


def _form(action, problem, data=None, files=None):
    extra = {"problem": problem} if action in WITH_PROBLEM else {}
    return FORMS[action](data, files, prefix=action, **extra)


def _offered(user, problem) -> list[str]:
    """What the page offers the user: the moves of the state table open to them (sharing
    or stopping, whichever changes something), an internal note, files."""
    offered = []
    for action in selectors.allowed_actions(user, problem):
        if action in {Action.SHARE, Action.UNSHARE} and (action == Action.SHARE) == bool(
            problem.shareable
        ):
            continue
        offered.append(action)
    if selectors.may_write_notes(user):
        offered.append(NOTE)
    if selectors.may_attach(user, problem):
        offered.append(ATTACH)
    return offered


def _actions(user, problem, bound: dict) -> list[dict]:
    found = []
    for action in _offered(user, problem):
        form = bound.get(action) or _form(action, problem)
        found.append(
            {
                "name": action,
                "title": TITLES.get(action) or Action(action).label,
                "form": form,
                "button": action in BUTTONS,
                "files": action in WITH_FILES,
                "open": action in bound,
            }
        )
    return found


def _page(request, problem, bound=None):
    user = request.user
    bound = bound or {}
    actions = _actions(user, problem, bound)
    offered = {action["name"] for action in actions}
    # A form the page no longer offers (the problem moved on, or the user may not): its
    # refusal is shown above the page.
    refusals = [
        error
        for action, form in bound.items()
        if action not in offered
        for errors in form.errors.values()
        for error in errors
    ]
    context = {
        "problem": problem,
        "late": selectors.is_late(problem),
        "books": problem.books.order_by("number"),
        "decisions": _decisions(user, problem),
        "files": problem.attachments.filter(message=None).order_by("pk"),
        "thread": selectors.thread(problem, user),
        "history": selectors.history(problem),
        "actions": actions,
        "refusals": refusals,
        "is_staff": selectors.may_write_notes(user),
    }
    return render(request, "problems/problem.html", context)


def _decisions(user, problem) -> list:
    """The committees' decisions about the problem, each marked `linked` when the user may
    open its committee's pages."""
    decisions = selectors.decisions_about(problem)
    seen = set(committees_visible(user).values_list("pk", flat=True))
    for decision in decisions:
        decision.linked = decision.meeting.committee_id in seen
    return decisions


@login_required
@require_GET
def detail(request, pk: int):
    return _page(request, selectors.problem_or_404(request.user, pk))


@login_required
@require_POST
def act(request, pk: int, action: str):
    problem = selectors.problem_or_404(request.user, pk)
    if action not in FORMS:
        raise Http404
    form = _form(action, problem, request.POST, request.FILES)
    if form.is_valid():
        try:
            _do(action, problem, request.user, form.cleaned_data)
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(request, DONE[action])
            return redirect("problems:detail", pk=problem.pk)
    problem = selectors.problem_or_404(request.user, pk)
    return _page(request, problem, bound={action: form})


@login_required
@require_GET
def download(request, pk: int):
    attachment = selectors.attachment_or_404(request.user, pk)
    try:
        opened = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        opened,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
