"""Idempotency-Key on writes: a retry with the same key gets the first answer again and
writes nothing; the same key on another request is refused.

It wraps the whole operation (`ninja.decorators.decorate_view`), around authentication,
so that it can keep the answer exactly as it was sent. It reads the token itself for the
key's owner; a request without a usable token goes on to be refused by the authentication.
"""

import hashlib
from functools import wraps

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from . import services
from .auth import active_token
from .errors import ApiError

HEADER = "Idempotency-Key"
MAX_KEY = 255
REPLAYED = "Idempotent-Replayed"

KEY_REUSED = _(
    "This Idempotency-Key was already used for another request (another address or body): "
    "use a new key for a new request."
)
IN_PROGRESS = _(
    "A request with this Idempotency-Key is still under way: wait for its answer, then retry."
)
KEY_TOO_LONG = _("The Idempotency-Key is too long: at most %(max)s characters.")


def fingerprint(request) -> str:
    digest = hashlib.sha256()
    for part in (request.method.encode(), request.get_full_path().encode(), request.body):
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def idempotent(run):
    """Decorate an operation's `run(request, **kwargs)`."""

    @wraps(run)
    def wrapper(request, *args, **kwargs):
        key = request.headers.get(HEADER, "").strip()
        bearer = request.headers.get("Authorization", "").partition(" ")[2]
        if not key or not bearer:
            return run(request, *args, **kwargs)
        try:
            token = active_token(bearer)
        except ApiError:
            return run(request, *args, **kwargs)  # refused there, in the usual words
        if len(key) > MAX_KEY:
            return _refusal(run, request, 422, KEY_TOO_LONG % {"max": MAX_KEY})
        row, mine = services.claim_key(token=token, key=key, fingerprint=fingerprint(request))
        if not mine:
            if row.fingerprint != fingerprint(request):
                return _refusal(run, request, 422, KEY_REUSED)
            if row.status is None:
                return _refusal(run, request, 409, IN_PROGRESS)
            response = HttpResponse(
                bytes(row.body), status=row.status, content_type="application/json"
            )
            response[REPLAYED] = "true"
            return response
        try:
            response = run(request, *args, **kwargs)
        except BaseException:
            services.release_key(row)
            raise
        if response.status_code >= 500 or response.status_code in (401, 429):
            # Nothing was done: the retry must be free to do it.
            services.release_key(row)
        else:
            services.keep_answer(row, status=response.status_code, body=response.content)
        return response

    return wrapper


def _refusal(run, request, status: int, message) -> HttpResponse:
    api = run.__self__.api
    return api.create_response(request, {"detail": str(message)}, status=status)
