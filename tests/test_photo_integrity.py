"""Photos and the integrity of the record (issue 12): withdrawn consent, two edits of one photo
at once, no file left behind, bad uploads and bad areas answered 4xx, what a browser may keep,
and the record's history."""

import io
import json
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection
from PIL import Image

from fieldwork.models import Status
from observations import photos as processing
from observations import services
from observations.models import Observation, Photo
from observations.spec import OBSERVATION

from .factories import ObservationFactory
from .images import jpeg, make_photo, plain_image
from .payloads import complete_payload
from .test_photos import detail, stored, upload

pytestmark = pytest.mark.django_db

NOISE = np.random.default_rng(7).integers(0, 255, (200, 300, 3), dtype=np.uint8)
LEFT = {"x": 0.0, "y": 0.0, "w": 0.4, "h": 0.4}
RIGHT = {"x": 0.6, "y": 0.6, "w": 0.4, "h": 0.4}
LEFT_BOX, RIGHT_BOX = (10, 10, 90, 50), (190, 130, 90, 50)  # inside each area, in pixels


@pytest.fixture
def media(settings, tmp_path) -> Path:
    """A MEDIA_ROOT of the test's own, to count the files left in it."""
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def files_in(media: Path) -> set[str]:
    return {str(p.relative_to(media)) for p in media.rglob("*") if p.is_file()}


def files_of(*photos: Photo) -> set[str]:
    return {name for p in photos for name in (p.image.name, p.thumbnail.name)}


@pytest.fixture
def observation(centre, researcher):
    return ObservationFactory(centre=centre, interviewer=researcher, consent_photos=True)


def noisy_photo(observation, user) -> Photo:
    return services.add_photo(
        observation,
        processing.protect(jpeg(Image.fromarray(NOISE), quality=95)),
        caption="Patio",
        space="recreation",
        user=user,
    )


def heic(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "HEIF", quality=80)
    return out.getvalue()


# ---- 4: withdrawn consent ------------------------------------------------------------------


def submit(client, observation, **answers):
    data = complete_payload(OBSERVATION, observation.centre)
    data.update(base_version=str(observation.version), **answers)
    return client.post(f"/observations/{observation.pk}/edit/", data)


def test_submitting_photos_without_consent_is_refused_and_offers_to_delete_them(
    researcher_client, researcher, observation
):
    make_photo(observation, researcher)
    make_photo(observation, researcher)
    response = submit(researcher_client, observation, consent_photos="False")
    page = response.content.decode()
    observation.refresh_from_db()
    assert observation.status == Status.DRAFT
    assert "This observation has 2 photos, but the photo authorisation is not Yes" in page
    # Next to the question, with a link to the page that deletes them after confirmation.
    field = page[page.index('id="div_id_consent_photos"') :]
    field = field[: field.index('data-item="')]
    assert "photo authorisation is not Yes" in field
    assert f'href="/observations/{observation.pk}/photos/withdraw/"' in field
    assert observation.photos.count() == 2

    # The page's own (JSON) save gets the same error, on the same question.
    data = complete_payload(OBSERVATION, observation.centre)
    data.update(consent_photos="False", base_version=str(observation.version))
    response = researcher_client.post(
        f"/observations/{observation.pk}/edit/", data, HTTP_X_CAS_SYNC="1"
    )
    assert response.status_code == 400
    assert "photo authorisation is not Yes" in response.json()["errors"]["consent_photos"][0]


def test_the_refusal_is_in_spanish_for_a_spanish_speaker(
    researcher_client, researcher, observation
):
    make_photo(observation, researcher)
    data = complete_payload(OBSERVATION, observation.centre)
    data.update(consent_photos="False", base_version=str(observation.version))
    response = researcher_client.post(
        f"/observations/{observation.pk}/edit/", data, HTTP_X_CAS_SYNC="1",
        HTTP_ACCEPT_LANGUAGE="es",
    )  # fmt: skip
    assert response.status_code == 400
    message = response.json()["errors"]["consent_photos"][0]
    assert "autorización" in message and "foto" in message


def test_a_draft_without_consent_keeps_its_photos(researcher_client, researcher, observation):
    make_photo(observation, researcher)
    response = submit(researcher_client, observation, consent_photos="False", action="save")
    assert response.status_code == 302
    observation.refresh_from_db()
    assert observation.status == Status.DRAFT and observation.consent_photos is False
    assert observation.photos.count() == 1
    gallery = researcher_client.get(f"/observations/{observation.pk}/photos/").content.decode()
    assert 'id="photos-without-consent"' in gallery
    assert f"/observations/{observation.pk}/photos/withdraw/" in gallery


def test_deleting_the_photos_after_confirmation_then_submitting(
    researcher_client, researcher, coordinator, client, observation, media,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    photos = [make_photo(observation, researcher), make_photo(observation, researcher)]
    Observation.objects.filter(pk=observation.pk).update(consent_photos=False)
    url = f"/observations/{observation.pk}/photos/withdraw/"
    page = researcher_client.get(url).content.decode()
    assert "Delete the 2 photos" in page and photos[0].get_thumbnail_url() in page
    assert Photo.objects.count() == 2  # a page to confirm on, nothing deleted yet
    with django_capture_on_commit_callbacks(execute=True):
        response = researcher_client.post(url)
    assert response.status_code == 302
    assert response.url == f"/observations/{observation.pk}/edit/"
    assert not Photo.objects.exists()
    assert files_in(media) == set()
    observation.refresh_from_db()
    response = submit(researcher_client, observation, consent_photos="False")
    assert response.status_code == 302
    observation.refresh_from_db()
    assert observation.status == Status.SUBMITTED
    # Who deleted them, and when, is in the record's history.
    client.force_login(coordinator)
    history = client.get(f"/observations/{observation.pk}/").content.decode()
    history = history[history.index('id="history"') :]
    assert history.count("Photo removed: ") == 2
    assert researcher.get_full_name() in history


def test_deleting_all_photos_is_only_for_a_withdrawn_consent(
    client, researcher, other_researcher, analyst, observation
):
    make_photo(observation, researcher)
    url = f"/observations/{observation.pk}/photos/withdraw/"
    client.force_login(researcher)
    assert client.post(url).status_code == 409  # the centre authorised them
    Observation.objects.filter(pk=observation.pk).update(consent_photos=False)
    client.force_login(other_researcher)
    assert client.post(url).status_code == 404
    client.force_login(analyst)
    assert client.post(url).status_code == 403
    assert Photo.objects.count() == 1


# ---- 5: two edits of one photo, and no file left behind ------------------------------------


def blurred(photo: Photo, box) -> bool:
    pixels = np.asarray(stored(photo).convert("RGB"))
    return detail(pixels, box) < detail(NOISE, box) / 10


def test_two_blurs_from_pages_opened_before_either_are_both_applied(
    observation, researcher, media, django_capture_on_commit_callbacks
):
    photo = noisy_photo(observation, researcher)
    # Both requests read the photo before either blurred it (the race, one after the other).
    first, second = Photo.objects.get(pk=photo.pk), Photo.objects.get(pk=photo.pk)
    with django_capture_on_commit_callbacks(execute=True):
        services.blur_photo(first, [LEFT])
    with django_capture_on_commit_callbacks(execute=True):
        services.blur_photo(second, [RIGHT])
    photo.refresh_from_db()
    assert blurred(photo, LEFT_BOX) and blurred(photo, RIGHT_BOX)
    assert photo.areas_blurred == 2
    assert files_in(media) == files_of(photo)  # the replaced files are gone, no orphans


@pytest.mark.django_db(transaction=True)
def test_two_blurs_at_the_same_moment_are_applied_one_after_the_other(
    observation, researcher, media, monkeypatch
):
    """Two threads, two connections. On PostgreSQL the row lock makes the second wait for the
    first; SQLite (the suite's default, one writer at a time) is covered by the test above."""
    photo = noisy_photo(observation, researcher)
    spans = []
    original = services.blur_more

    def slow_blur(data, areas):
        start = time.monotonic()
        time.sleep(0.3)  # long enough for the other thread to arrive meanwhile
        result = original(data, areas)
        spans.append((start, time.monotonic()))
        return result

    monkeypatch.setattr(services, "blur_more", slow_blur)
    errors = []

    def blur(area):
        try:
            services.blur_photo(Photo.objects.get(pk=photo.pk), [area])
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            if threading.current_thread() is not threading.main_thread():
                connection.close()

    if connection.vendor == "postgresql":
        threads = [threading.Thread(target=blur, args=(a,)) for a in (LEFT, RIGHT)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    else:  # an in-memory SQLite shared by threads has table locks, not row locks
        blur(LEFT)
        blur(RIGHT)
    assert errors == []
    (a_start, a_end), (b_start, b_end) = sorted(spans)
    assert a_end <= b_start, "the second blur began before the first was stored"
    photo.refresh_from_db()
    assert blurred(photo, LEFT_BOX) and blurred(photo, RIGHT_BOX)
    assert photo.areas_blurred == 2
    assert files_in(media) == files_of(photo)
    assert [h.history_type for h in photo.history.order_by("history_id")] == ["+", "~", "~"]


def test_a_database_error_while_saving_a_new_photo_leaves_no_file(
    observation, researcher, media, monkeypatch
):
    def broken_save(self, *args, **kwargs):
        assert files_in(media), "the files are written before the row"
        raise DatabaseError("disk full")

    monkeypatch.setattr(Photo, "save", broken_save)
    with pytest.raises(DatabaseError):
        noisy_photo(observation, researcher)
    assert files_in(media) == set()


def test_a_failed_thumbnail_write_leaves_no_photo_file(observation, researcher, media, monkeypatch):
    from django.core.files.storage import FileSystemStorage

    original = FileSystemStorage._save
    calls = []

    def save(self, name, content):
        calls.append(name)
        if len(calls) == 2:  # the thumbnail, after the photo
            raise OSError("no space left on device")
        return original(self, name, content)

    monkeypatch.setattr(FileSystemStorage, "_save", save)
    with pytest.raises(OSError):
        noisy_photo(observation, researcher)
    assert files_in(media) == set() and not Photo.objects.exists()


def test_a_failed_blur_keeps_the_photo_as_it_was(observation, researcher, media, monkeypatch):
    photo = noisy_photo(observation, researcher)
    before = files_in(media)

    def broken_save(self, *args, **kwargs):
        raise DatabaseError("connection lost")

    monkeypatch.setattr(Photo, "save", broken_save)
    with pytest.raises(DatabaseError):
        services.blur_photo(photo, [LEFT])
    assert files_in(media) == before
    assert Photo.objects.get().image.name == photo.image.name


def test_a_superseded_file_goes_only_once_the_change_is_committed(
    observation, researcher, media, django_capture_on_commit_callbacks
):
    photo = noisy_photo(observation, researcher)
    old = files_of(photo)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.blur_photo(photo, [LEFT])
    assert old <= files_in(media)  # still there until the new row is committed
    for callback in callbacks:
        callback()
    photo.refresh_from_db()
    assert files_in(media) == files_of(photo) and not old & files_of(photo)


def test_a_blur_of_a_photo_deleted_meanwhile_is_a_404(
    client, coordinator, observation, researcher, media
):
    photo = noisy_photo(observation, researcher)
    client.force_login(researcher)
    Photo.objects.filter(pk=photo.pk).delete()
    with pytest.raises(services.PhotoGone):
        services.blur_photo(photo, [LEFT])
    response = client.post(
        f"/observations/{observation.pk}/photos/{photo.pk}/blur/", {"areas": "[]"}
    )
    assert response.status_code == 404


# ---- 7: bad uploads and bad areas answer 4xx -----------------------------------------------


@pytest.mark.parametrize("cut", [0.5, 0.98])
def test_a_truncated_heic_is_refused_with_a_message(researcher_client, observation, cut):
    whole = heic(Image.fromarray(NOISE))
    assert processing.protect(whole).width == 300  # the whole file is a readable photo
    truncated = whole[: int(len(whole) * cut)]
    response = upload(researcher_client, observation, truncated, name="IMG_0001.HEIC")
    assert response.status_code == 400
    assert "damaged or incomplete" in response.content.decode()
    response = researcher_client.post(
        "/observations/photos/preview/",
        {"image": SimpleUploadedFile("IMG_0001.HEIC", truncated, "image/heic")},
        HTTP_X_CAS_SYNC="1",
    )
    assert response.status_code == 400
    assert "damaged or incomplete" in response.json()["errors"]["image"][0]["message"]
    assert not Photo.objects.exists()


BAD_AREAS = [
    '[{"x": NaN, "y": 0, "w": 0.5, "h": 0.5}]',
    '[{"x": 0, "y": 0, "w": Infinity, "h": 0.5}]',
    '[{"x": 0, "y": 0, "w": -Infinity, "h": 0.5}]',
    '[{"x": 0, "y": 0, "w": 1e999, "h": 0.5}]',
    "[" * 100_000 + "]" * 100_000,
    "[" * 5_000 + "]" * 5_000,
    '{"x": 0, "y": 0, "w": 0.5, "h": 0.5}',
    "[[0, 0, 0.5, 0.5]]",
    '["x"]',
    '[{"x": "0", "y": 0, "w": 0.5, "h": 0.5}]',
    '[{"x": true, "y": 0, "w": 0.5, "h": 0.5}]',
    '[{"x": 0, "y": 0, "w": 0.5}]',
    '[{"x": 0, "y": 0, "w": 0.5, "h": 2}]',
    '[{"x": ' + "9" * 5000 + ', "y": 0, "w": 0.5, "h": 0.5}]',
    "[" + ",".join(['{"x": 0, "y": 0, "w": 0.1, "h": 0.1}'] * 51) + "]",
    "not json",
]


@pytest.mark.parametrize("areas", BAD_AREAS, ids=range(len(BAD_AREAS)))
def test_unreadable_areas_are_a_400_everywhere(
    researcher_client, researcher, observation, media, areas
):
    photo = noisy_photo(observation, researcher)
    before = files_in(media)
    message = "The areas to blur could not be read."
    content = jpeg(plain_image())
    response = upload(researcher_client, observation, content, areas=areas)
    assert response.status_code == 400
    assert message in response.content.decode()
    response = researcher_client.post(
        f"/observations/{observation.pk}/photos/",
        {"image": SimpleUploadedFile("a.jpg", content, "image/jpeg"), "space": "kitchen",
         "areas": areas},
        HTTP_X_CAS_SYNC="1",
    )  # fmt: skip
    assert response.status_code == 400
    assert response.json()["errors"]["areas"][0]["message"] == message
    response = researcher_client.post(
        "/observations/photos/preview/",
        {"image": SimpleUploadedFile("a.jpg", content, "image/jpeg"), "areas": areas},
        HTTP_X_CAS_SYNC="1",
    )
    assert response.status_code == 400
    response = researcher_client.post(
        f"/observations/{observation.pk}/photos/{photo.pk}/blur/", {"areas": areas}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Photo.objects.count() == 1 and files_in(media) == before


def test_areas_at_the_edges_are_accepted(researcher_client, researcher, observation):
    photo = noisy_photo(observation, researcher)
    response = researcher_client.post(
        f"/observations/{observation.pk}/photos/{photo.pk}/blur/",
        {"areas": '[{"x": 0, "y": 0, "w": 1, "h": 1}, {"x": 1, "y": 1, "w": 0, "h": 0}]'},
    )
    assert response.status_code == 302


# ---- 9: what a browser may keep, and the record's history ----------------------------------


@pytest.mark.parametrize(
    ("status", "cache"),
    [
        (Status.DRAFT, "private, no-store"),
        (Status.SUBMITTED, "private, no-store"),
        (Status.RETURNED, "private, no-store"),
        (Status.APPROVED, "private, max-age=3600"),
    ],
)
def test_photos_of_a_record_not_approved_are_not_cached(
    client, coordinator, researcher, observation, status, cache
):
    photo = make_photo(observation, researcher)
    Observation.objects.filter(pk=observation.pk).update(status=status)
    client.force_login(coordinator)
    for url in (photo.get_absolute_url(), photo.get_thumbnail_url()):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Cache-Control"] == cache


def test_blurs_and_deletions_are_in_the_record_history(
    client, researcher, coordinator, observation, media
):
    client.force_login(researcher)
    upload(client, observation, jpeg(Image.fromarray(NOISE), quality=95))
    photo = Photo.objects.get()
    response = client.post(
        f"/observations/{observation.pk}/photos/{photo.pk}/blur/", {"areas": json.dumps([LEFT])}
    )
    assert response.status_code == 302
    client.force_login(coordinator)
    client.post(f"/observations/{observation.pk}/photos/{photo.pk}/delete/")
    page = client.get(f"/observations/{observation.pk}/").content.decode()
    history = page[page.index('id="history"') :]
    entries = [e for e in history.split("data-history-entry")[1:] if '">Photo ' in e]
    # One entry per save session: the researcher's upload and blur, then the coordinator's.
    assert len(entries) == 2
    deleted, added = entries
    assert "Photo deleted" in deleted and coordinator.get_full_name() in deleted
    assert "Photo removed: Dormitory: Dormitorio de niñas" in deleted
    assert "Photo created" in added and researcher.get_full_name() in added
    assert "Photo added: Dormitory: Dormitorio de niñas" in added
    assert "Areas blurred by hand: <del>0</del> → <ins>1</ins>" in added
