"""The public pages of the questions: the published answers, asking, and reading one's own
question back by its reference. Reads through `selectors`, writes through `services`."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from sobhxh.accounts.clients import client_address
from sobhxh.limits import Limit

from . import forms, selectors, services

PER_PAGE = 10
# Per client address: questions sent (each try counts) and references looked up.
ASK_LIMIT = Limit("questions-ask", 10, 3600)
LOOKUP_LIMIT = Limit("questions-lookup", 20, 3600)


def _address(request) -> str:
    return client_address(request) or "-"


@require_GET
def index(request):
    query = request.GET.get("q", "").strip()[:200]
    page = Paginator(selectors.published(query), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "questions/index.html", {"query": query, "page": page})


@never_cache
@require_http_methods(["GET", "POST"])
def ask(request):
    if request.method != "POST":
        return render(request, "questions/ask.html", {"form": forms.AskForm()})
    form = forms.AskForm(request.POST)
    if not ASK_LIMIT.hit(_address(request)):
        form.add_error(
            None, _("Too many questions were sent from your network. Please try again later.")
        )
        return render(request, "questions/ask.html", {"form": form}, status=429)
    if not form.is_valid():
        return render(request, "questions/ask.html", {"form": form})
    data = form.cleaned_data
    question = services.ask(
        name=data["name"], contact=data["contact"], topic=data["topic"], text=data["text"]
    )
    # Shown here once, never again: the asker writes it down.
    return render(request, "questions/sent.html", {"question": question})


@never_cache
@require_http_methods(["GET", "POST"])
def lookup(request):
    if request.method != "POST":
        return render(request, "questions/lookup.html", {"form": forms.LookupForm()})
    form = forms.LookupForm(request.POST)
    if not LOOKUP_LIMIT.hit(_address(request)):
        form.add_error(None, _("Too many look-ups from your network. Please try again in an hour."))
        return render(request, "questions/lookup.html", {"form": form}, status=429)
    question = None
    if form.is_valid():
        question = selectors.by_reference(form.cleaned_data["reference"])
        if question is None:
            form.add_error(
                "reference", _("No question has this reference. Check it and try again.")
            )
    return render(request, "questions/lookup.html", {"form": form, "question": question})
