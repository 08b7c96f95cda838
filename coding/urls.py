from django.urls import path

from . import views

app_name = "coding"
urlpatterns = [
    path("", views.coding_index, name="index"),
    path("note/", views.code_note_view, name="note"),
    path("themes/", views.theme_list, name="themes"),
    path("themes/new/", views.theme_create, name="theme_new"),
    path("themes/<int:pk>/edit/", views.theme_edit, name="theme_edit"),
    path("themes/<int:pk>/active/", views.theme_active, name="theme_active"),
]
