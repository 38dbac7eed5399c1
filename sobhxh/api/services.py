"""Writes of the API app: tokens (made, revoked, used), service accounts, and the answers
kept for an Idempotency-Key."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sobhxh.accounts.services import create_user

from .models import ApiToken, IdempotentRequest

TOKEN_START = "sbx"
MAX_DAYS = 366 * 2
# A token's last use is written at most this often: not one UPDATE a request.
LAST_USED_EVERY = timedelta(minutes=1)


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # the whole bearer value, shown once and never stored


def create_token(*, user, name: str, days: int, now=None) -> NewToken:
    """A token for `user` valid `days` days; the bearer value is returned once."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError(_("Give the token a name, such as the system that will use it."))
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError(
            _("A token is valid from 1 to %(max)s days."), params={"max": MAX_DAYS}
        )
    now = now or timezone.now()
    for _attempt in range(5):
        prefix = secrets.token_hex(4)
        secret = f"{TOKEN_START}_{prefix}_{secrets.token_urlsafe(32)}"
        try:
            with transaction.atomic():
                token = ApiToken.objects.create(
                    user=user,
                    name=name[:100],
                    prefix=prefix,
                    secret_hash=secret_hash(secret),
                    created_at=now,
                    expires_at=now + timedelta(days=days),
                )
        except IntegrityError:  # the same prefix drawn twice: draw again
            continue
        return NewToken(token, secret)
    raise RuntimeError("no free token prefix after 5 draws")


def revoke_token(*, token: ApiToken, now=None) -> ApiToken:
    """Revoke `token` from now on; revoking it again changes nothing."""
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=now or timezone.now()
    )
    token.refresh_from_db()
    return token


def mark_used(token: ApiToken, now=None) -> None:
    now = now or timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def create_service_account(
    *, username: str, role: str, office_code: str | None = None, employer_code: str | None = None
):
    """A user for a partner system: a role and a place like any staff user's, and no usable
    password, so that it signs in only with its tokens."""
    with transaction.atomic():
        user = create_user(
            username=username,
            # Never used nor shown: the account's password is made unusable below.
            password=secrets.token_urlsafe(32),
            role=role,
            office_code=office_code,
            employer_code=employer_code,
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


# -- Idempotency-Key -------------------------------------------------------------------------


def idempotency_days() -> int:
    return int(getattr(settings, "API_IDEMPOTENCY_DAYS", 1))


def claim_key(*, token: ApiToken, key: str, fingerprint: str) -> tuple[IdempotentRequest, bool]:
    """The row of (token, key), and whether this request made it (and so must do the write).

    An expired row is replaced. Two requests racing with the same key both try the INSERT;
    the unique constraint lets one through and the other reads the winner's row."""
    expired = timezone.now() - timedelta(days=idempotency_days())
    IdempotentRequest.objects.filter(token=token, key=key, created_at__lt=expired).delete()
    try:
        with transaction.atomic():
            row = IdempotentRequest.objects.create(token=token, key=key, fingerprint=fingerprint)
        return row, True
    except IntegrityError:
        return IdempotentRequest.objects.get(token=token, key=key), False


def keep_answer(row: IdempotentRequest, *, status: int, body: bytes) -> None:
    IdempotentRequest.objects.filter(pk=row.pk).update(status=status, body=body)


def release_key(row: IdempotentRequest) -> None:
    """Forget a key whose request failed without an answer worth keeping, so that a retry
    does the write."""
    IdempotentRequest.objects.filter(pk=row.pk).delete()


def prune_keys(*, now=None) -> int:
    """Delete the keys older than API_IDEMPOTENCY_DAYS; how many."""
    cutoff = (now or timezone.now()) - timedelta(days=idempotency_days())
    deleted, _counts = IdempotentRequest.objects.filter(created_at__lt=cutoff).delete()
    return deleted
