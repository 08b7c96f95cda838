from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("", views.upload_view, name="upload"),
    path("template/<slug:kind>.xlsx", views.template_view, name="template"),
    path("<str:token>/", views.preview_view, name="preview"),
    path("<str:token>/confirm/", views.confirm_view, name="confirm"),
]
