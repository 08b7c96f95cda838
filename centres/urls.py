from django.urls import path

from reports.report_views import centre_report_view

from . import views

app_name = "centres"
urlpatterns = [
    path("", views.centre_list_view, name="list"),
    path("<int:pk>/", views.centre_detail_view, name="detail"),
    path("<int:pk>/report.pdf", centre_report_view, name="report"),
    path("new/", views.centre_create_view, name="new"),
    path("<int:pk>/edit/", views.centre_edit_view, name="edit"),
    path("choices.json", views.centre_choices_view, name="choices"),
]
