"""Writes of the API app: personal tokens are created, revoked and marked as used here."""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .models import ApiToken

#: Every token starts so, which makes a leaked one easy to recognise (secret scanners).
KEY_START = "cas_"
PREFIX_LENGTH = len(KEY_START) + 8
#: `last_used_at` is written at most this often, never on every request.
LAST_USE_RESOLUTION = timedelta(minutes=1)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    #: The whole token: shown once, never stored.
    key: str


def default_days() -> int:
    return settings.API_TOKEN_DAYS


def create_token(user, name: str, days: int | None = None) -> NewToken:
    key = KEY_START + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=key[:PREFIX_LENGTH],
        key_hash=hash_key(key),
        expires_at=timezone.now() + timedelta(days=days or default_days()),
    )
    return NewToken(token, key)


def revoke_token(user, token_id: int) -> bool:
    """Revoke one of the user's own tokens; False if they have no such active token."""
    return bool(
        ApiToken.objects.filter(pk=token_id, user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    )


def find_token(key: str) -> ApiToken | None:
    """The token whose hash matches `key` (compared in constant time), revoked or expired
    ones included; None if there is none."""
    if not key.startswith(KEY_START) or len(key) < PREFIX_LENGTH + 8 or len(key) > 200:
        return None
    digest = hash_key(key)
    # The user's profile too: their language answers a token request (api.base), no query more.
    candidates = ApiToken.objects.select_related("user__profile").filter(prefix=key[:PREFIX_LENGTH])
    for token in candidates:
        if hmac.compare_digest(token.key_hash, digest):
            return token
    return None


def mark_used(token: ApiToken) -> None:
    """Record the use, at most once per `LAST_USE_RESOLUTION` (no write on every request)."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USE_RESOLUTION:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
