"""Every error of the API (`/api/`) is JSON, `{"detail": ...}`, in the user's language.

Inside the API's views Django REST Framework answers its own errors in JSON; `exception_handler`
(its `EXCEPTION_HANDLER`) only says a missing record in the user's language instead of Django's
English "No Centre matches the given query.". Outside them (an address no view answers, such
as `/api/v1/centres/abc/`, whose ids are numbers; an error no view caught) Django's handlers
answer: `page_not_found`, `server_error`, `bad_request` and `permission_denied`, the project's
handlers (`cas_assessment/urls.py`), answer JSON on API paths and the site's pages elsewhere.

The language is the API's (`api.base`): `?lang=`, else the user's own language (a session's is
applied by `accounts.language`; a token's comes with the token), else `Accept-Language`, else
Spanish. The response says which (`Content-Language`) and is never stored (`no-store`).
"""

from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework import authentication
from rest_framework import exceptions as drf_exceptions
from rest_framework.views import exception_handler as drf_exception_handler

from accounts.language import supported
from fieldwork.bad_requests import bad_request as site_bad_request

from .services import find_token

API_PREFIX = "/api/"


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def not_found_message() -> str:
    return _(
        "Not found: no record or address of the API has this id or path, or you may not see "
        "it. Ids are numbers; the API's addresses are listed at /api/v1/."
    )


def exception_handler(exc, context):
    """DRF's, with a missing record said in the user's language."""
    if isinstance(exc, Http404):
        exc = drf_exceptions.NotFound(not_found_message())
    return drf_exception_handler(exc, context)


def _language(request: HttpRequest) -> str | None:
    """The language the API would answer this request in, if not the one already active."""
    try:
        code = request.GET.get("lang", "")
    except SuspiciousOperation:  # a query the server refuses to read (the 400 itself)
        code = ""
    if supported(code):
        return code
    header = authentication.get_authorization_header(request).split()
    if len(header) == 2 and header[0].lower() in (b"bearer", b"token"):
        try:
            token = find_token(header[1].decode())
        except UnicodeDecodeError:
            token = None
        usable = token is not None and not token.is_revoked and not token.is_expired
        if usable and token.user.is_active:
            profile = getattr(token.user, "profile", None)
            if profile is not None and supported(profile.language):
                return profile.language
    return None


def api_error(request: HttpRequest, status: int, message) -> JsonResponse:
    with translation.override(_language(request) or translation.get_language()):
        response = JsonResponse({"detail": str(message() if callable(message) else message)},
                                status=status)  # fmt: skip
        response.headers["Content-Language"] = translation.get_language()
    patch_cache_control(response, no_store=True, private=True)
    return response


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api(request):
        return api_error(request, 404, not_found_message)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if is_api(request):
        return api_error(
            request,
            500,
            lambda: _(
                "Server error: the request could not be answered. The error has been recorded; "
                "try again later."
            ),
        )
    return defaults.server_error(request)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api(request):
        return api_error(
            request, 400, lambda: _("Bad request: the server could not understand this request.")
        )
    return site_bad_request(request, exception)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api(request):
        return api_error(
            request, 403, lambda: _("Forbidden: your role may not read this part of the API.")
        )
    return defaults.permission_denied(request, exception)
