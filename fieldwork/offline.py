"""The offline path: the service worker, the web app manifest and the page of what waits on
this device. The worker is served from the root so that it can control the whole app."""

import hashlib
import json

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from accounts.privacy import device_owner
from accounts.roles import can_fill_forms

#: Static files the app shell needs; the worker caches them when it installs.
SHELL_STATIC = [
    "vendor/bootstrap/bootstrap.min.css",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "css/app.css",
    "js/device.js",
    "js/centre-picker.js",
    "js/record-form.js",
    "js/device-page.js",
    "js/my-work.js",
    "js/tables.js",
    "icons/icon.svg",
]


def shell_pages() -> list[str]:
    """Pages cached at install so that a new form opens with no connection."""
    return [
        reverse("interviews:new"),
        reverse("observations:new"),
        reverse("device"),
        reverse("centres:list"),
    ]


def shell_data() -> list[str]:
    """Data the pages need offline, cached on their own and revalidated by ETag: the registry
    that the forms' centre search filters (the blank forms do not carry it)."""
    return [reverse("centres:choices")]


@require_safe
@login_not_required
@never_cache
def service_worker(request):
    static_urls = [static(path) for path in SHELL_STATIC]
    pages = shell_pages()
    data = shell_data()
    version = hashlib.sha256(json.dumps([static_urls, pages, data]).encode()).hexdigest()[:12]
    body = render(
        request,
        "fieldwork/sw.js",
        {
            "version": version,
            "static_urls": json.dumps(static_urls),
            "pages": json.dumps(pages),
            "data_urls": json.dumps(data),
            # My work opens offline too, with what the device keeps (drafts started offline).
            "cached_prefixes": json.dumps(
                [reverse("centres:list"), *pages, reverse("home"), reverse("my_work")]
            ),
            "offline_text": json.dumps(
                _("You are offline and this page is not stored on this device.")
            ),
        },
        content_type="text/javascript",
    ).content
    return HttpResponse(body, content_type="text/javascript; charset=utf-8")


@require_safe
@login_not_required
def manifest(request):
    return JsonResponse(
        {
            "name": _("CAS Assessment"),
            "short_name": "CAS",
            "start_url": reverse("home"),
            "scope": "/",
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#0d6efd",
            "icons": [{"src": static("icons/icon.svg"), "sizes": "any", "type": "image/svg+xml"}],
        },
        content_type="application/manifest+json",
    )


def refuse_other_owner(request) -> HttpResponse | None:
    """Refuse a save that a device sends for another user than the one logged in.

    Everything kept on a device belongs to the user who typed it; device.js sends its owner
    (`device_owner`) with every save. When it is not the logged-in user (another researcher
    logged in on a shared phone, a page left open from another login), nothing is applied:
    409 with kind `wrong_user`, and the device keeps the item until its owner logs in again.
    A save without the field (a form posted without the script) is the logged-in user's.
    """
    if request.method != "POST":
        return None
    claimed = request.POST.get("device_owner")
    if claimed is None or claimed == device_owner(request.user):
        return None
    message = _(
        "Not saved: this was kept on this device by another user. It stays on the device "
        "and is sent when that user logs in again."
    )
    if request.headers.get("X-CAS-Sync") == "1":
        return JsonResponse({"ok": False, "kind": "wrong_user", "message": message}, status=409)
    return HttpResponse(message, status=409, content_type="text/plain; charset=utf-8")


@require_safe
def device_page(request):
    """What this device holds: forms in progress and submissions waiting to be sent."""
    if not can_fill_forms(request.user):
        raise PermissionDenied
    return render(request, "fieldwork/device.html")
