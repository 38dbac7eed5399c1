"""Problems (vướng mắc): those the user may see (`accounts.scope.problems`), one with the
thread the user may read; raising one and answering one through `problems.services`."""

from django.http import Http404
from ninja import Field, Query, Router, Status
from ninja.decorators import decorate_view

from sobhxh.accounts import scope
from sobhxh.problems import selectors, services
from sobhxh.problems.models import Category

from ..idempotency import idempotent
from ..pagination import keyset_page
from ..schemas import (
    AnswerIn,
    MessageOut,
    PageQuery,
    ProblemIn,
    ProblemOut,
    ProblemPage,
    ProblemState,
    message_out,
    problem_out,
)
from . import READ_ERRORS, WRITE_ERRORS, answers

router = Router(tags=["problems"])
NEWEST_FIRST = ("-id",)


class ProblemQuery(PageQuery):
    state: ProblemState | None = Field(None)  # type: ignore[valid-type]


@router.get("/problems", response=answers(ProblemPage, READ_ERRORS), summary="Problems I may see")
def list_problems(request, query: Query[ProblemQuery]):
    problems = selectors.visible_problems(request.user).select_related(
        "category", "office", "department"
    )
    if query.state:
        problems = problems.filter(state=query.state)
    page = keyset_page(problems, NEWEST_FIRST, after=query.cursor, size=query.limit)
    return {"items": [problem_out(problem) for problem in page.items], "next": page.next}


@router.get(
    "/problems/{problem_id}",
    response=answers(ProblemOut, READ_ERRORS),
    summary="One problem, with the messages I may read",
)
def read_problem(request, problem_id: int):
    problem = selectors.problem_or_404(request.user, problem_id)
    return problem_out(problem, selectors.thread(problem, request.user))


@router.post(
    "/problems",
    response=answers(ProblemOut, WRITE_ERRORS, status=201),
    summary="Raise a problem",
)
@decorate_view(idempotent)
def raise_problem(request, new: ProblemIn):
    category = Category.objects.filter(code=new.category).first()
    if category is None:
        raise Http404
    employer = scope.employer_or_404(request.user, new.employer) if new.employer else None
    books = [scope.book_or_404(request.user, number) for number in dict.fromkeys(new.books)]
    problem = services.raise_problem(
        raised_by=request.user,
        title=new.title,
        description=new.description,
        category=category,
        employer=employer,
        books=books,
    )
    return Status(201, problem_out(problem, []))


@router.post(
    "/problems/{problem_id}/answer",
    response=answers(MessageOut, WRITE_ERRORS, status=201),
    summary="Answer a problem (its department)",
)
@decorate_view(idempotent)
def answer_problem(request, problem_id: int, given: AnswerIn):
    problem = selectors.problem_or_404(request.user, problem_id)
    message = services.answer(problem=problem, actor=request.user, text=given.text)
    return Status(201, message_out(message))
