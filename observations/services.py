"""Writes of observation photos: a photo's row and its stored files change together or not at all.

Files are written under new names before the row points at them; the files a row stops pointing
at are deleted only once the transaction has committed, and the files a failed or rolled back
write produced are deleted at once. Edits of one photo hold its row lock, so two edits at the
same moment apply one after the other, each to the file the other left.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import partial

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .models import Observation, Photo
from .photos import PhotoError, ProtectedPhoto, blur_more

NO_CONSENT = _(
    "Photos may only be added when the centre has authorised them (the photo authorisation is Yes)."
)
LOCKED = _("This record has been submitted and can no longer be edited.")


class PhotoGone(Exception):
    """The photo was deleted (by someone else) before this edit could be applied."""


def write_files(photo: Photo, protected: ProtectedPhoto) -> list[str]:
    """Write the protected photo and its thumbnail under new names; the names written."""
    written: list[str] = []
    try:
        photo.image.save("photo.jpg", ContentFile(protected.image), save=False)
        written.append(photo.image.name)
        photo.thumbnail.save("thumb.jpg", ContentFile(protected.thumbnail), save=False)
        written.append(photo.thumbnail.name)
    except BaseException:
        delete_files(written)
        raise
    photo.width, photo.height = protected.width, protected.height
    return written


def delete_files(names: Iterable[str]) -> None:
    storage = Photo._meta.get_field("image").storage
    for name in names:
        if name:
            storage.delete(name)


@contextmanager
def _files_with_the_row() -> Iterator[list[str]]:
    """A transaction of its own (never nested: a later rollback would orphan the files);
    the names of the files written in it are added to the yielded list, and deleted if the
    transaction does not commit."""
    written: list[str] = []
    try:
        with transaction.atomic(durable=True):
            yield written
    except BaseException:
        delete_files(written)
        raise


def add_photo(
    observation: Observation, protected: ProtectedPhoto, *, caption: str, space: str, user,
    areas: int = 0,
) -> Photo:  # fmt: skip
    """Store a protected photo with an observation that (still) takes photos."""
    with _files_with_the_row() as written:
        # The observation's row is locked: a submission or a withdrawn consent saved at the
        # same moment is applied before or after this photo, never beside it.
        current = Observation.objects.select_for_update().get(pk=observation.pk)
        if not current.is_editable:
            raise PhotoError(LOCKED)
        if current.consent_photos is not True:
            raise PhotoError(NO_CONSENT)
        photo = Photo(
            observation=current,
            caption=caption,
            space=space,
            faces_blurred=protected.faces,
            areas_blurred=areas,
            uploaded_by=user,
        )
        written += write_files(photo, protected)
        photo.save()
    return photo


def blur_photo(photo: Photo, areas: list[dict]) -> Photo:
    """Blur further areas of a stored photo, on the file as it is now (not as it was read)."""
    with _files_with_the_row() as written:
        current = Photo.objects.select_for_update().filter(pk=photo.pk).first()
        if current is None:
            raise PhotoGone
        with current.image.open("rb") as stored:
            protected = blur_more(stored.read(), areas)
        replaced = [current.image.name, current.thumbnail.name]
        written += write_files(current, protected)
        current.areas_blurred += len(areas)
        current.save()
        transaction.on_commit(partial(delete_files, replaced))
    return current


def discard_photos(observation: Observation) -> None:
    """Within the transaction that deletes a draft (`fieldwork.services.discard_draft`): its
    photos, each with a history entry, and their files once that is committed."""
    photos = list(Photo.objects.select_for_update().filter(observation=observation))
    names = [name for p in photos for name in (p.image.name, p.thumbnail.name)]
    for photo in photos:
        photo.delete()
    transaction.on_commit(partial(delete_files, names))


def delete_photos(photos: Iterable[Photo]) -> int:
    """Delete photos and, once that is committed, their files. How many were deleted."""
    with transaction.atomic(durable=True):
        current = list(Photo.objects.select_for_update().filter(pk__in=[p.pk for p in photos]))
        names = [name for p in current for name in (p.image.name, p.thumbnail.name)]
        for photo in current:
            photo.delete()  # one history entry each, with who deleted it
        transaction.on_commit(partial(delete_files, names))
    return len(current)
