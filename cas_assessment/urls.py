from django.contrib import admin
from django.urls import include, path

from accounts.views import account, home, set_language
from fieldwork.my_work import my_work
from fieldwork.offline import device_page, manifest, service_worker

# The site's error pages; on the API's paths (/api/) JSON in the user's language (api/errors.py).
handler400 = "api.errors.bad_request"
handler403 = "api.errors.permission_denied"
handler404 = "api.errors.page_not_found"
handler500 = "api.errors.server_error"

urlpatterns = [
    path("", home, name="home"),
    path("sw.js", service_worker, name="service_worker"),
    path("manifest.webmanifest", manifest, name="manifest"),
    path("device/", device_page, name="device"),
    path("my-work/", my_work, name="my_work"),
    path("language/", set_language, name="set_language"),
    path("account/", account, name="account"),
    path("accounts/", include("django.contrib.auth.urls")),
    # The plans: /centres/<id>/plan/ and the programme /reports/plan/.
    path("", include("plans.urls")),
    path("centres/", include("centres.urls")),
    path("interviews/", include("interviews.urls")),
    path("observations/", include("observations.urls")),
    path("reports/", include("reports.urls")),
    path("coding/", include("coding.urls")),
    path("audit/", include("audit.urls")),
    path("imports/", include("imports.urls")),
    path("review/", include("fieldwork.urls")),
    # The read API and the account page's tokens (the `api` app).
    path("", include("api.urls")),
    path("rounds/", include("fieldwork.rounds")),
    path("admin/", admin.site.urls),
]
