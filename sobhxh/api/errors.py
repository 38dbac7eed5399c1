"""What the API answers when it refuses: always `{"detail": "..."}` in the language of the
request (Accept-Language; Vietnamese by default), with the same words as the web pages."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from sobhxh.books.errors import InvalidDate, LifecycleError, MissingDetails, NotPermitted

from .pagination import BAD_CURSOR, BadCursor

NO_TOKEN = gettext_lazy("Give a valid API token in the header “Authorization: Bearer <token>”.")
NOT_FOUND = gettext_lazy("Not found, or not within what your account may see.")


class ApiError(Exception):
    """A refusal with its status, its message and any headers (Retry-After)."""

    def __init__(self, status: int, message, headers: dict | None = None):
        super().__init__(str(message))
        self.status, self.message, self.headers = status, message, headers or {}


def _answer(api, request, status: int, detail: str, headers: dict | None = None, **more):
    response = api.create_response(request, {"detail": str(detail), **more}, status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def lifecycle_status(error: LifecycleError) -> int:
    """The status of a move the lifecycle refused: the rules forbid it to this user (403),
    it lacks what it must record or its date (422), or the book's state forbids it (409)."""
    if isinstance(error, NotPermitted):
        return 403
    if isinstance(error, MissingDetails | InvalidDate):
        return 422
    return 409


# What a field's value got wrong, by pydantic's error type, in the request's language.
def _field_message(error: dict) -> str:
    kind = error.get("type", "")
    if kind == "missing":
        return _("This field is required.")
    if kind in ("enum", "literal_error"):
        expected = (error.get("ctx") or {}).get("expected", "")
        return _("Choose one of: %(values)s.") % {"values": expected}
    if kind.startswith(("date", "datetime")):
        return _("Enter a date as yyyy-mm-dd, for example 2017-12-31.")
    if kind.startswith(("int", "float", "decimal")):
        return _("Enter a whole number.")
    if kind.startswith(("string_too_long", "too_long")):
        return _("This value is too long.")
    if kind.startswith(("string_too_short", "too_short")):
        return _("This value is too short.")
    if kind.startswith(("greater_than", "less_than")):
        return _("This number is out of the allowed range.")
    if kind.startswith("string_pattern"):
        return _("This value does not have the expected form.")
    return _("Enter a valid value.")


def _where(error: dict) -> str:
    """The field as the client wrote it: ("body", "move", "action") is "action", and
    ("query", "limit") is "limit" (ninja adds where it was and the parameter's name)."""
    loc = [str(part) for part in error.get("loc", ())]
    if len(loc) > 2 and loc[0] in ("body", "form"):
        loc = loc[2:]
    elif loc and loc[0] in ("body", "query", "path", "form", "file", "header"):
        loc = loc[1:]
    return ".".join(loc)


def install(api) -> None:
    """Put the API's handlers in place of ninja's English ones."""

    @api.exception_handler(ApiError)
    def api_error(request, exc: ApiError):
        return _answer(api, request, exc.status, exc.message, exc.headers)

    @api.exception_handler(AuthenticationError)
    def no_token(request, exc):
        return _answer(api, request, 401, NO_TOKEN, {"WWW-Authenticate": "Bearer"})

    @api.exception_handler(Http404)
    def not_found(request, exc):
        # A bare Http404 (the scope's) says only the one sentence.
        return _answer(api, request, 404, str(exc) or NOT_FOUND)

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return _answer(api, request, 403, str(exc) or _("You may not do this."))

    @api.exception_handler(BadCursor)
    def bad_cursor(request, exc):
        return _answer(api, request, 422, BAD_CURSOR)

    @api.exception_handler(LifecycleError)
    def refused_move(request, exc: LifecycleError):
        return _answer(api, request, lifecycle_status(exc), exc.message)

    @api.exception_handler(DjangoValidationError)
    def refused(request, exc: DjangoValidationError):
        return _answer(api, request, 422, " ".join(exc.messages))

    @api.exception_handler(NinjaValidationError)
    def invalid(request, exc: NinjaValidationError):
        errors = [
            {"field": _where(error), "message": _field_message(error)} for error in exc.errors
        ]
        first = errors[0] if errors else {"field": "", "message": _("Enter a valid value.")}
        detail = _("The request is not valid: %(field)s: %(message)s") % first
        return _answer(api, request, 422, detail, errors=errors)

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        return _answer(api, request, exc.status_code, _("The request could not be handled."))
