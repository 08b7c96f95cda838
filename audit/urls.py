from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("", views.log_view, name="log"),
    path("log.csv", views.log_csv, name="csv"),
]
