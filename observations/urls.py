from django.urls import path

from . import photo_views
from .views import ObservationViews

app_name = "observations"
urlpatterns = [
    *ObservationViews().urls(),
    path("photos/preview/", photo_views.photo_preview, name="photo_preview"),
    path("<int:pk>/photos/", photo_views.photos_page, name="photos"),
    path("<int:pk>/photos/withdraw/", photo_views.photos_withdraw, name="photos_withdraw"),
    path("<int:pk>/photos/<int:photo_id>/", photo_views.photo_file, name="photo_file"),
    path("<int:pk>/photos/<int:photo_id>/thumb/", photo_views.photo_thumb, name="photo_thumb"),
    path("<int:pk>/photos/<int:photo_id>/blur/", photo_views.photo_blur, name="photo_blur"),
    path("<int:pk>/photos/<int:photo_id>/delete/", photo_views.photo_delete, name="photo_delete"),
]
