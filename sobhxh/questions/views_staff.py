"""The staff's pages of the questions: the department's list, and one question with its
answer form and the publish switch. Scoped by `selectors.visible_questions`: another
department's question answers 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from . import forms, selectors, services

PER_PAGE = 25


@login_required
@require_GET
def index(request):
    if not selectors.may_answer(request.user):
        raise Http404
    waiting = request.GET.get("show") != "answered"
    questions = selectors.staff_list(request.user, waiting=waiting)
    page = Paginator(questions, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "questions/staff_list.html", {"page": page, "waiting": waiting})


@login_required
@require_http_methods(["GET", "POST"])
def detail(request, reference: str):
    question = selectors.question_or_404(request.user, reference)
    form = forms.AnswerForm(
        initial={"public_text": question.public_text, "answer": question.answer}
    )
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "answer":
                form = forms.AnswerForm(request.POST)
                if form.is_valid():
                    services.answer(question, by=request.user, **form.cleaned_data)
                    messages.success(request, _("The answer was saved."))
                    return redirect("questions_staff:detail", question.reference)
            elif action == "publish":
                services.publish(question)
                messages.success(request, _("The question and its answer are published."))
                return redirect("questions_staff:detail", question.reference)
            elif action == "unpublish":
                services.unpublish(question)
                messages.success(request, _("The question is no longer published."))
                return redirect("questions_staff:detail", question.reference)
        except ValidationError as refused:
            messages.error(request, " ".join(refused.messages))
            return redirect("questions_staff:detail", question.reference)
    return render(request, "questions/staff_detail.html", {"question": question, "form": form})
