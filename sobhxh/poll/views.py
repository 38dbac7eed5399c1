"""The poll: its page and a vote (/binh-chon/, no JavaScript needed), and the results page.

One vote per browser: a signed cookie holding the poll's id says it voted; and at most
VOTE_LIMIT votes per client address a day (a shared office network votes several times).
Neither the address nor the cookie is stored in the database.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sobhxh.accounts.clients import client_address
from sobhxh.limits import Limit

from . import selectors, services

VOTE_LIMIT = Limit("poll-vote", 5, 24 * 3600)
COOKIE_AGE = 365 * 24 * 3600


def _back(request):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("poll:results")


@require_http_methods(["GET", "POST"])
def vote(request):
    """GET: the poll's page (its form, or its results once voted); POST: a vote."""
    poll = selectors.active_poll()
    if poll is None:
        raise Http404
    if request.method != "POST":
        return render(request, "poll/results.html", {"poll": poll, "show_results": False})
    try:
        option_id = int(request.POST.get("option", ""))
    except ValueError:
        option_id = None
    if selectors.has_voted(request, poll):
        messages.info(request, _("You have already voted in this poll. Thank you!"))
        return _back(request)
    if option_id is None:
        messages.error(request, _("Choose an answer before voting."))
        return _back(request)
    if not VOTE_LIMIT.hit(client_address(request) or "-"):
        messages.error(
            request, _("Too many votes were sent from your network today. Please try tomorrow.")
        )
        return _back(request)
    if not services.vote(poll, option_id):
        messages.error(request, _("Choose one of the answers."))
        return _back(request)
    messages.success(request, _("Thank you for your vote."))
    response = _back(request)
    response.set_signed_cookie(
        selectors.COOKIE,
        str(poll.pk),
        salt=selectors.COOKIE_SALT,
        max_age=COOKIE_AGE,
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
    return response


@require_GET
def results(request):
    poll = selectors.active_poll()
    if poll is None:
        raise Http404
    return render(request, "poll/results.html", {"poll": poll, "show_results": True})
