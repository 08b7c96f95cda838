from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="centres:list", permanent=False)),
    path("accounts/", include("django.contrib.auth.urls")),
    path("centres/", include("centres.urls")),
    path("interviews/", include("interviews.urls")),
    path("observations/", include("observations.urls")),
    path("reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
]
