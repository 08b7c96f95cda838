"""Observation photos on real images: faces blurred, metadata gone, bad files refused."""

import io

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from skimage import data as samples

from fieldwork.models import Status
from observations.models import Photo
from observations.photos import detect_faces

from .factories import ObservationFactory
from .images import jpeg, plain_image

pytestmark = pytest.mark.django_db

_noise = np.random.default_rng(3).integers(0, 255, (300, 400, 3), dtype=np.uint8)
_whole = jpeg(Image.fromarray(_noise), quality=90)
TRUNCATED = _whole[: len(_whole) // 2]


@pytest.fixture
def observation(centre, researcher):
    return ObservationFactory(centre=centre, interviewer=researcher, consent_photos=True)


def upload(client, observation, content: bytes, name="foto.jpg", **extra):
    return client.post(
        f"/observations/{observation.pk}/photos/",
        {"image": SimpleUploadedFile(name, content, "image/jpeg"), "space": "dormitory",
         "caption": "Dormitorio de niñas", **extra},
    )  # fmt: skip


def stored(photo: Photo) -> Image.Image:
    with photo.image.open("rb") as f:
        return Image.open(io.BytesIO(f.read()))


def detail(pixels: np.ndarray, box) -> float:
    """Variance of the Laplacian: how much fine detail (edges) a region holds."""
    import cv2

    x, y, w, h = box
    gray = cv2.cvtColor(pixels[y : y + h, x : x + w], cv2.COLOR_RGB2GRAY)
    return float(cv2.Laplacian(gray, cv2.CV_64F).var())


def test_a_face_is_blurred_before_storage(researcher_client, observation):
    astronaut = samples.astronaut()
    faces = detect_faces(astronaut)
    assert faces, "the sample's face is found"
    response = upload(researcher_client, observation, jpeg(Image.fromarray(astronaut), quality=95))
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert photo.faces_blurred >= 1
    after = np.asarray(stored(photo).convert("RGB"))
    for box in faces:
        assert detail(after, box) < detail(astronaut, box) / 10
    assert not detect_faces(after)
    # The rest of the picture keeps its detail.
    assert detail(after, (300, 300, 150, 150)) > detail(astronaut, (300, 300, 150, 150)) / 3


def test_gps_and_all_metadata_are_removed(researcher_client, observation):
    image = plain_image(320, 240)
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Model X"  # Model
    exif[0x0112] = 6  # Orientation: rotate 90 degrees to stand upright
    exif[0x8825] = {1: "N", 2: (17.0, 28.0, 12.0), 3: "W", 4: (91.0, 25.0, 30.0)}  # GPSInfo
    original = jpeg(image, exif=exif.tobytes(), comment=b"taken at the shelter")
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)
    assert upload(researcher_client, observation, original).status_code == 302
    result = stored(Photo.objects.get())
    assert dict(result.getexif()) == {}
    assert not result.getexif().get_ifd(0x8825)
    assert not {"exif", "xmp", "comment", "icc_profile"} & set(result.info)
    assert result.size == (240, 320)  # turned upright as the camera meant


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"just some text, not a photo", "notes.jpg", "not a photo we can read"),
        (TRUNCATED, "cut.jpg", "damaged or incomplete"),
    ],
)
def test_bad_files_are_refused_and_the_form_is_kept(
    researcher_client, observation, content, name, message
):
    response = upload(researcher_client, observation, content, name=name)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'value="Dormitorio de niñas"' in page  # the caption typed is kept
    assert not Photo.objects.exists()


def test_too_many_pixels_is_refused_without_decoding(researcher_client, observation, settings):
    settings.PHOTO_MAX_PIXELS = 1_000_000
    big = io.BytesIO()
    Image.new("L", (2000, 1000)).save(big, "PNG")  # small file, 2 megapixels
    response = upload(researcher_client, observation, big.getvalue(), name="bomb.png")
    assert response.status_code == 400
    assert "too many pixels" in response.content.decode()


def test_too_large_a_file_is_refused(researcher_client, observation, settings):
    settings.PHOTO_MAX_MB = 1
    noise = np.random.default_rng(1).integers(0, 255, (1200, 1200, 3), dtype=np.uint8)
    content = jpeg(Image.fromarray(noise), quality=100)
    assert len(content) > 1024 * 1024
    response = upload(researcher_client, observation, content)
    assert response.status_code == 400
    assert "larger than 1 MB" in response.content.decode()


def test_photos_need_consent(researcher_client, centre, researcher):
    observation = ObservationFactory(centre=centre, interviewer=researcher, consent_photos=False)
    response = upload(researcher_client, observation, jpeg(plain_image()))
    assert response.status_code == 400
    assert "authorised" in response.content.decode()
    assert not Photo.objects.exists()


def test_drawn_areas_are_blurred_and_access_is_checked(
    client, researcher, other_researcher, analyst, coordinator, observation,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    rng = np.random.default_rng(2)
    noise = rng.integers(0, 255, (200, 300, 3), dtype=np.uint8)
    client.force_login(researcher)
    upload(client, observation, jpeg(Image.fromarray(noise), quality=95))
    photo = Photo.objects.get()
    before = np.asarray(stored(photo).convert("RGB"))
    response = client.post(
        f"/observations/{observation.pk}/photos/{photo.pk}/blur/",
        {"areas": '[{"x": 0.5, "y": 0, "w": 0.5, "h": 0.5}]'},
    )
    assert response.status_code == 302
    photo.refresh_from_db()
    after = np.asarray(stored(photo).convert("RGB"))
    assert detail(after, (160, 10, 130, 80)) < detail(before, (160, 10, 130, 80)) / 10
    assert detail(after, (10, 110, 130, 80)) > detail(before, (10, 110, 130, 80)) / 3

    url = photo.get_absolute_url()
    assert client.get(url)["Content-Type"] == "image/jpeg"
    for user, expected in [(other_researcher, 404), (analyst, 403)]:
        client.force_login(user)
        assert client.get(url).status_code == expected
        assert client.get(photo.get_thumbnail_url()).status_code == expected
    client.logout()
    assert client.get(url).status_code == 302  # to the login page

    # Submitted, the observation's photos are visible to the team; a coordinator deletes one.
    observation.status = Status.SUBMITTED
    observation.save()
    client.force_login(other_researcher)
    assert client.get(url).status_code == 200
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):  # files go once the row has gone
        response = client.post(f"/observations/{observation.pk}/photos/{photo.pk}/delete/")
    assert response.status_code == 302
    assert not Photo.objects.exists()
    assert not photo.image.storage.exists(photo.image.name)


def test_gallery_and_workbook_list_photos(researcher_client, coordinator, client, observation):
    upload(researcher_client, observation, jpeg(plain_image()))
    photo = Photo.objects.get()
    page = researcher_client.get(f"/observations/{observation.pk}/").content.decode()
    assert photo.get_thumbnail_url() in page
    centre_page = researcher_client.get(f"/centres/{observation.centre_id}/").content.decode()
    assert photo.get_thumbnail_url() in centre_page

    observation.status = Status.SUBMITTED
    observation.save()
    client.force_login(coordinator)
    response = client.get("/reports/export.xlsx")
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book["Observations"].iter_rows(values_only=True))
    cell = rows[1][rows[0].index("photos")]
    assert "Dormitorio de niñas" in cell and "Dormitory" in cell
    assert f"http://testserver{photo.get_absolute_url()}" in cell
