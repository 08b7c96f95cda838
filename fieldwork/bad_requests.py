"""Requests whose form data the server cannot read get a clear 400 in the user's language.

Django refuses a body over DATA_UPLOAD_MAX_MEMORY_SIZE, more fields than
DATA_UPLOAD_MAX_NUMBER_FIELDS, more files than DATA_UPLOAD_MAX_NUMBER_FILES, and form data
not in UTF-8, but only when something first reads `request.POST`: the CSRF check, whose
error handling then reads it again and turns the refusal into a 500 or a bare English page.
`ReadableRequestMiddleware` reads the form data first, and answers a refusal itself: the
form's own saves (header `X-CAS-Sync: 1`) with JSON that the form shows while the device
keeps what was typed, other requests with the translated 400 page.
"""

import codecs

from django.conf import settings
from django.core.exceptions import (
    BadRequest,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _

FORM_CONTENT_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})


def _message(problem: str) -> str:
    if problem == "too_large":
        return _(
            "Nothing was saved: this is larger than the server accepts in one save (%(size)s). "
            "What you typed is kept: shorten the longest answers and save again."
        ) % {"size": filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)}
    if problem == "too_many_fields":
        return _(
            "Nothing was saved: this holds more answers and rows than the server accepts in one "
            "save (%(n)s). What you typed is kept: remove empty rows and save again."
        ) % {"n": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS}
    if problem == "too_many_files":
        return _(
            "Nothing was saved: this holds more files than the server accepts in one save "
            "(%(n)s). What you typed is kept: send fewer files at a time."
        ) % {"n": settings.DATA_UPLOAD_MAX_NUMBER_FILES}
    if problem == "encoding":
        return _(
            "Nothing was saved: the server reads forms only in UTF-8 text, and this one came "
            "in another encoding. What you typed is kept: save again from the form."
        )
    return _(
        "Nothing was saved: the server could not read this request. What you typed is kept: "
        "save again from the form."
    )


def _api_unreadable() -> str:
    return _(
        "Bad request: the server could not read the data sent (too large, too many fields or "
        "files, or not in UTF-8)."
    )


def unreadable_form_data(request: HttpRequest) -> str | None:
    """Why the form data of a request cannot be read, or None when it can (or there is none)."""
    if request.method != "POST" or request.content_type not in FORM_CONTENT_TYPES:
        return None
    charset = request.content_params.get("charset")
    if charset is not None:
        try:
            is_utf8 = codecs.lookup(charset).name == "utf-8"
        except LookupError:  # a charset that does not exist
            is_utf8 = False
        if not is_utf8:
            return "encoding"
        request.encoding = "utf-8"  # "utf8", "UTF-8": Django accepts only the one spelling
    try:
        request.POST  # noqa: B018 - reading it parses the body
        request.FILES  # noqa: B018
    except RequestDataTooBig:
        problem = "too_large"
    except TooManyFieldsSent:
        problem = "too_many_fields"
    except TooManyFilesSent:
        problem = "too_many_files"
    except (BadRequest, SuspiciousOperation, MultiPartParserError, UnicodeDecodeError):
        problem = "unreadable"
    else:
        return None
    # Whatever reads the form data later (the CSRF check of the error page) finds it empty.
    request._mark_post_parse_error()
    return problem


def refusal(request: HttpRequest, message: str) -> HttpResponse:
    """A 400 that says what went wrong: JSON to the form's own saves and to the API (as its
    other errors, `api/errors.py`), a page otherwise."""
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=400)
        response.headers["Content-Language"] = get_language()
        patch_cache_control(response, no_store=True, private=True)
        return response
    if request.headers.get("X-CAS-Sync") == "1":
        return JsonResponse(
            {"ok": False, "refused": True, "message": message, "errors": {"__all__": [message]}},
            status=400,
        )
    return render(request, "400.html", {"message": message}, status=400)


class ReadableRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        problem = unreadable_form_data(request)
        if problem is not None:
            if request.path.startswith("/api/"):  # no form, nothing typed: the API's words
                return refusal(request, _api_unreadable())
            return refusal(request, _message(problem))
        return self.get_response(request)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler400: the translated page with the site's layout (Django's renders neither)."""
    return refusal(request, _("The server could not understand this request."))
