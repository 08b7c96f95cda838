from django.urls import include, path
from rest_framework.routers import SimpleRouter

from . import account, docs, views

app_name = "api"

router = SimpleRouter()
router.register("centres", views.CentreViewSet, basename="centre")
router.register("interviews", views.InterviewViewSet, basename="interview")
router.register("observations", views.ObservationViewSet, basename="observation")

urlpatterns = [
    path("api/v1/", views.ApiRoot.as_view(), name="root"),
    path("api/v1/results/", views.ResultsView.as_view(), name="results"),
    path("api/v1/schema/", docs.SchemaView.as_view(), name="schema"),
    path("api/v1/docs/", docs.DocsView.as_view(), name="docs"),
    path(
        "api/v1/observations/<int:pk>/photos/<int:photo_id>/",
        views.PhotoFileView.as_view(),
        name="observation-photo",
    ),
    path(
        "api/v1/observations/<int:pk>/photos/<int:photo_id>/thumb/",
        views.PhotoThumbnailView.as_view(),
        name="observation-photo-thumb",
    ),
    path("api/v1/", include(router.urls)),
    # The account page's section (accounts/extensions.py): personal API tokens.
    path("account/tokens/", account.create_token, name="token_create"),
    path("account/tokens/<int:pk>/revoke/", account.revoke_token, name="token_revoke"),
]
