from django.contrib import admin
from django.urls import include, path

from accounts.views import home

urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("centres/", include("centres.urls")),
    path("interviews/", include("interviews.urls")),
    path("observations/", include("observations.urls")),
    path("reports/", include("reports.urls")),
    path("review/", include("fieldwork.urls")),
    path("admin/", admin.site.urls),
]
