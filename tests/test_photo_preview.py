"""Before saving: the researcher sees the protected photo, marks more areas, and only then saves.

The preview protects in memory and stores nothing; saving sends the photo again with the marked
areas, which are blurred along with the faces before anything is written.
"""

import io
import os

import numpy as np
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from skimage import data as samples

from observations.models import Photo
from observations.photos import detect_faces

from .factories import ObservationFactory
from .images import jpeg
from .test_photos import TRUNCATED, detail

pytestmark = pytest.mark.django_db

URL = "/observations/photos/preview/"


def _files() -> set[str]:
    found = set()
    for root, _dirs, names in os.walk(settings.MEDIA_ROOT):
        found.update(os.path.join(root, n) for n in names)
    return found


def test_preview_shows_the_protected_photo_and_stores_nothing(researcher_client):
    astronaut = samples.astronaut()
    before = _files()
    response = researcher_client.post(
        URL, {"image": SimpleUploadedFile("a.jpg", jpeg(Image.fromarray(astronaut), quality=95))}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "no-store"
    assert int(response["X-CAS-Faces"]) >= 1
    shown = np.asarray(Image.open(io.BytesIO(response.content)).convert("RGB"))
    assert not detect_faces(shown)
    for box in detect_faces(astronaut):
        assert detail(shown, box) < detail(astronaut, box) / 10
    assert Photo.objects.count() == 0
    assert _files() == before


def test_areas_marked_on_the_preview_are_blurred_when_saving(researcher_client, centre, researcher):
    observation = ObservationFactory(centre=centre, interviewer=researcher, consent_photos=True)
    noise = np.random.default_rng(5).integers(0, 255, (200, 300, 3), dtype=np.uint8)
    content = jpeg(Image.fromarray(noise), quality=95)
    area = '[{"x": 0.5, "y": 0.5, "w": 0.25, "h": 0.25}]'
    preview = researcher_client.post(
        URL, {"image": SimpleUploadedFile("n.jpg", content), "areas": area}
    )
    shown = np.asarray(Image.open(io.BytesIO(preview.content)).convert("RGB"))
    marked, untouched = (150, 100, 75, 50), (10, 10, 75, 50)
    assert detail(shown, marked) < detail(noise, marked) / 10
    assert detail(shown, untouched) > detail(noise, untouched) / 3

    saved = researcher_client.post(
        f"/observations/{observation.pk}/photos/",
        {"image": SimpleUploadedFile("n.jpg", content), "space": "kitchen", "caption": "Cocina",
         "areas": area},
    )  # fmt: skip
    assert saved.status_code == 302
    with Photo.objects.get().image.open("rb") as f:
        stored = np.asarray(Image.open(io.BytesIO(f.read())).convert("RGB"))
    assert detail(stored, marked) < detail(noise, marked) / 10


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a photo at all", "not a photo we can read"),
        (TRUNCATED, "damaged or incomplete"),
    ],
)
def test_preview_refuses_bad_files_clearly(researcher_client, content, message):
    response = researcher_client.post(URL, {"image": SimpleUploadedFile("x.jpg", content)})
    assert response.status_code == 400
    assert message in response.json()["errors"]["image"][0]["message"]


def test_preview_errors_in_spanish(researcher_client):
    response = researcher_client.post(
        URL, {"image": SimpleUploadedFile("x.jpg", b"texto")}, HTTP_ACCEPT_LANGUAGE="es"
    )
    assert (
        "no es una fotografía que podamos leer" in response.json()["errors"]["image"][0]["message"]
    )
