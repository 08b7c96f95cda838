from django.urls import path

from . import change_views, views

app_name = "plans"
urlpatterns = [
    path("centres/<int:pk>/plan/", views.centre_plan, name="centre"),
    path("centres/<int:pk>/changes/", change_views.centre_changes_view, name="changes"),
    path("centres/<int:pk>/plan/<int:action_id>/", views.action_edit, name="action"),
    path("centres/<int:pk>/plan/<int:action_id>/status/", views.action_status, name="status"),
    path("reports/plan/", views.programme_view, name="programme"),
]
