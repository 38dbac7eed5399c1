"""The proof-of-work challenge every public form carries (ALTCHA, self-hosted).

The browser asks /challenge/ for a challenge signed by the server, finds the secret
counter by hashing (the vendored ALTCHA widget, in a Web Worker), and sends the solution
with the form. The server checks the signature, the expiry and the solution with the
`altcha` library, then spends the challenge: the same solution is refused a second time,
in every server process (the cache is shared through Redis in production).

Verification is two HMACs and a cache write: the derived key is signed when the challenge
is made (hmac_key_secret), so the server never repeats the client's work.
"""

import binascii
import json
import secrets
import time

import altcha
from django import forms
from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

ALGORITHM = "SHA-256"
FIELD_NAME = "altcha"
# A payload is a few hundred bytes of base64; anything much longer is not one.
MAX_PAYLOAD_CHARS = 4096
_SPENT_PREFIX = "challenge:spent:"


def _secret(purpose: str) -> str:
    return salted_hmac(f"sobhxh.challenge.{purpose}", "", algorithm="sha256").hexdigest()


def new_challenge() -> dict:
    """A fresh signed challenge, as the widget reads it."""
    challenge = altcha.create_challenge(
        ALGORITHM,
        1,
        counter=secrets.randbelow(settings.CHALLENGE_MAX_NUMBER),
        expires_at=int(time.time()) + settings.CHALLENGE_SECONDS,
        hmac_secret=_secret("sign"),
        hmac_key_secret=_secret("key"),
    )
    return challenge.to_dict()


def spend(payload: str) -> bool:
    """Whether `payload` solves a challenge this server made, still in time, never spent
    before; a good one is spent by this call."""
    if not payload or len(payload) > MAX_PAYLOAD_CHARS:
        return False
    try:
        parsed = altcha.Payload.from_base64(payload)
        result = altcha.verify_solution(parsed, _secret("sign"), hmac_key_secret=_secret("key"))
    except (ValueError, KeyError, TypeError, AttributeError, binascii.Error, json.JSONDecodeError):
        return False
    if not result.verified:
        return False
    expires_at = parsed.challenge.parameters.expires_at or 0
    remaining = max(1, int(expires_at - time.time()) + 1)
    # add() is atomic: of two requests with the same solution, one wins.
    return cache.add(_SPENT_PREFIX + parsed.challenge.signature, 1, timeout=remaining)


@require_GET
@never_cache
def new_challenge_view(request):
    return JsonResponse(new_challenge())


class ChallengeWidget(forms.Widget):
    template_name = "challenge/widget.html"

    def value_from_datadict(self, data, files, name):
        # The widget names its hidden input itself.
        return data.get(FIELD_NAME, "")


class ChallengeField(forms.Field):
    """A form's proof of work: valid once, for a solution `spend` accepts."""

    widget = ChallengeWidget
    default_error_messages = {
        "required": _(
            "Please wait for the check that you are not a machine to finish, then send again."
        ),
        "invalid": _("The check that you are not a machine has expired. Please send again."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Check"))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not spend(value):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return value
