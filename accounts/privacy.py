"""Pseudonyms for personal data in exports and logs.

A pseudonym is a keyed hash (HMAC-SHA256 with PSEUDONYM_KEY, by default SECRET_KEY) of the
normalised value: stable across exports, so the same respondent keeps the same id, and not
reversible by guessing names without the key.
"""

import hashlib
import hmac

from django.conf import settings


def _normalise(value: str) -> str:
    return " ".join(str(value).split()).casefold()


def pseudonym(value, *, prefix: str = "P", purpose: str = "export") -> str:
    """`P-1a2b3c4d5e` for a value; empty for an empty value."""
    if value is None or not str(value).strip():
        return ""
    key = settings.PSEUDONYM_KEY.encode()
    message = f"{purpose}:{_normalise(value)}".encode()
    return f"{prefix}-{hmac.new(key, message, hashlib.sha256).hexdigest()[:10]}"


def axes_client_str(username, ip_address, user_agent, path_info, request) -> str:
    """django-axes log lines name a pseudonymous client, never a username or an address."""
    return pseudonym(f"{username}|{ip_address}", prefix="client", purpose="log")


def device_owner(user) -> str:
    """Who the copies kept on a device belong to: a stable key per user (`u-` and 10 hex
    digits), neither the username nor the database id, so that a shared phone's storage
    names nobody. Empty for an anonymous user."""
    if not getattr(user, "is_authenticated", False):
        return ""
    return pseudonym(str(user.pk), prefix="u", purpose="device")
