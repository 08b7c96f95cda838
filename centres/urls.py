from django.urls import path

from . import views

app_name = "centres"
urlpatterns = [
    path("", views.centre_list_view, name="list"),
    path("<int:pk>/", views.centre_detail_view, name="detail"),
    path("choices.json", views.centre_choices_view, name="choices"),
]
