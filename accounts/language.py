"""Which language a request is answered in.

Django's LocaleMiddleware picks the language remembered in the cookie, else the browser's
`Accept-Language`, else Spanish. A logged-in user's own preference (their `Profile`) wins over
both: it is copied into the session at login and whenever they switch, so that reading it costs
no query per request.
"""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import translation

from .models import Profile

SESSION_KEY = "cas_language"


def supported(code: str | None) -> bool:
    return code in dict(settings.LANGUAGES)


def remember_choice(request, response, code: str) -> None:
    """Switch the language for this browser and, when someone is logged in, for that user."""
    translation.activate(code)
    request.LANGUAGE_CODE = code
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    if request.user.is_authenticated:
        Profile.objects.update_or_create(user=request.user, defaults={"language": code})
        request.session[SESSION_KEY] = code


@receiver(user_logged_in)
def _load_preference(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    language = Profile.objects.filter(user=user).values_list("language", flat=True).first()
    if supported(language):
        request.session[SESSION_KEY] = language
    else:
        request.session.pop(SESSION_KEY, None)


class UserLanguageMiddleware:
    """After authentication: apply the logged-in user's preference, if they have one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        code = session.get(SESSION_KEY) if session is not None else None
        if supported(code) and request.user.is_authenticated:
            translation.activate(code)
            request.LANGUAGE_CODE = code
        return self.get_response(request)
