"""Idle sessions without a session write on every request.

A session ends after SESSION_IDLE_MINUTES without a request. Saving the session on every
request (SESSION_SAVE_EVERY_REQUEST) kept that promise at the price of a database write, in
its own transaction, on every page and every autosave. Instead the expiry is renewed at most
once every SESSION_REFRESH_SECONDS (five minutes, or a tenth of the idle time if that is
shorter): an idle session ends between `idle - refresh` and `idle` after its last request.
"""

import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

REFRESHED_KEY = "cas_refreshed"


def _now() -> int:
    return int(time.time())


@receiver(user_logged_in)
def _stamp_login(sender, request, user, **kwargs) -> None:
    """A new login's session is fresh: its first requests need not write it again."""
    if request is not None and hasattr(request, "session"):
        request.session[REFRESHED_KEY] = _now()


class SessionRefreshMiddleware:
    """After authentication: renew a logged-in user's session when its last renewal is old."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = _now()
            last = request.session.get(REFRESHED_KEY)
            if not isinstance(last, int) or now - last >= settings.SESSION_REFRESH_SECONDS:
                # Marks the session modified: saved with a new expiry, its cookie sent again.
                request.session[REFRESHED_KEY] = now
        return self.get_response(request)
