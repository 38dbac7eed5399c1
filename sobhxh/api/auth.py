"""Who is asking: a bearer token, checked against its hash, then counted against the
token's rate limit. No session and no CSRF: a partner system sends its token each time."""

import math
import time

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _
from ninja.security import HttpBearer

from sobhxh.limits import Limit

from . import selectors, services
from .errors import NO_TOKEN, ApiError

EXPIRED = _("This API token expired on %(day)s: ask for a new one.")
REVOKED = _("This API token has been revoked: ask for a new one.")
TOO_MANY = _("Too many requests with this token: wait %(seconds)s seconds and try again.")
WINDOW = 60


def rate_limit() -> Limit:
    return Limit("api-token", int(settings.API_REQUESTS_PER_MINUTE), WINDOW)


def active_token(bearer: str):
    """The token of a bearer value if its secret matches and it may still be used; raise
    ApiError (401) saying why not otherwise."""
    token = selectors.token_for_bearer(bearer)
    if token is None or not constant_time_compare(
        token.secret_hash, services.secret_hash(bearer.strip())
    ):
        raise ApiError(401, NO_TOKEN, {"WWW-Authenticate": "Bearer"})
    if token.revoked_at is not None:
        raise ApiError(401, REVOKED, {"WWW-Authenticate": "Bearer"})
    if token.expires_at <= timezone.now():
        day = timezone.localtime(token.expires_at)
        raise ApiError(401, EXPIRED % {"day": f"{day:%d/%m/%Y}"}, {"WWW-Authenticate": "Bearer"})
    if not token.user.is_active:
        raise ApiError(401, NO_TOKEN, {"WWW-Authenticate": "Bearer"})
    return token


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        found = active_token(token)
        if not rate_limit().hit(found.prefix):
            wait = max(1, math.ceil(WINDOW - time.time() % WINDOW))
            raise ApiError(429, TOO_MANY % {"seconds": wait}, {"Retry-After": str(wait)})
        services.mark_used(found)
        # The apps' selectors, services and the access log read the user from the request.
        request.user = found.user
        return found
