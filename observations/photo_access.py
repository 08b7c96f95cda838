"""Who may open a photo and how its bytes are served: one rule for the site's photo views
(a browser session) and the API's photo endpoints (a personal token)."""

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from accounts.roles import can_read_submissions
from audit.services import record_access
from fieldwork.models import Status
from fieldwork.permissions import can_view_record

from .models import Observation, Photo


def readable_observation(user, pk: int) -> Observation:
    """The observation, if `user` may see its photos: outside the fieldwork team a 403 (an
    analyst included), a record the user may not see a 404."""
    if not can_read_submissions(user):
        raise PermissionDenied
    observation = get_object_or_404(Observation.objects.select_related("centre"), pk=pk)
    if not can_view_record(user, observation):
        raise Http404
    return observation


def readable_photo(user, pk: int, photo_id: int) -> Photo:
    observation = readable_observation(user, pk)
    return get_object_or_404(Photo, pk=photo_id, observation=observation)


def trace_photo(user, photo: Photo, *, what: str = "photo") -> None:
    """The photo itself (the link the exports and the API carry) is traced; thumbnails are
    the galleries'."""
    record_access(
        user, what, filters={"observation": photo.observation_id, "photo": photo.pk},
        with_names=False, fmt="jpeg",
    )  # fmt: skip


def photo_response(photo: Photo, *, thumbnail: bool = False) -> FileResponse:
    field = photo.thumbnail if thumbnail else photo.image
    response = FileResponse(field.open("rb"), content_type="image/jpeg")
    # Until its record is approved, a photo can still be blurred further or deleted: no copy
    # of it may stay behind in a browser's or a proxy's cache.
    approved = photo.observation.status == Status.APPROVED
    response["Cache-Control"] = "private, max-age=3600" if approved else "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
