"""Photos in a real browser: seen protected and marked before saving; taken offline with a new
observation, kept on the device, and sent with it once the connection returns."""

import io

import numpy as np
import pytest
from PIL import Image
from skimage import data as samples

from fieldwork.models import Status
from observations.models import Observation, Photo

from ..factories import ObservationFactory
from ..images import jpeg
from ..test_photos import detail
from .test_field_reliability import FILL_ALL, accept_dialogs, wait_for

pytestmark = pytest.mark.django_db(transaction=True)

ASTRONAUT = samples.astronaut()
PHOTO = {"name": "dormitorio.jpg", "mimeType": "image/jpeg",
         "buffer": jpeg(Image.fromarray(ASTRONAUT), quality=95)}  # fmt: skip


def stored_pixels(photo: Photo) -> np.ndarray:
    with photo.image.open("rb") as f:
        return np.asarray(Image.open(io.BytesIO(f.read())).convert("RGB"))


def drag(page, selector, start, end):
    box = page.locator(selector).bounding_box()
    page.mouse.move(box["x"] + box["width"] * start[0], box["y"] + box["height"] * start[1])
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * end[0], box["y"] + box["height"] * end[1], steps=5)
    page.mouse.up()


def wait_for_image(page, selector):
    """The image loaded and laid out: a drag measured before that lands elsewhere."""
    page.wait_for_function(
        "(s) => { const i = document.querySelector(s); const img = i && (i.tagName === 'IMG' ? i "
        ": i.querySelector('img')); return !!img && img.complete && img.naturalWidth > 0 "
        "&& i.getBoundingClientRect().height > 50; }",
        arg=selector,
    )


def test_see_the_protected_photo_mark_more_then_save(login_context, researcher, centre):
    observation = ObservationFactory(centre=centre, interviewer=researcher, consent_photos=True)
    page = login_context(researcher).new_page()
    page.goto(f"/observations/{observation.pk}/photos/")
    page.set_input_files("#photo_image", files=[PHOTO])
    status = page.locator("[data-picker-status]")
    wait_for(page, lambda: "as it will be stored" in status.inner_text())
    assert Photo.objects.count() == 0  # seen, not saved
    # Mark the rocket's badge region (bottom right) to blur it too, then save.
    wait_for_image(page, "[data-marker-image]")  # the protected preview replaced the file's
    drag(page, "[data-marker-image]", (0.70, 0.70), (0.95, 0.95))
    wait_for(page, lambda: "as it will be stored" in status.inner_text())
    page.select_option("#photo_space", "dormitory")
    page.fill("#photo_caption", "Dormitorio")
    page.get_by_role("button", name="Protect and save the photo").click()
    wait_for(page, lambda: Photo.objects.count() == 1)
    photo = Photo.objects.get()
    assert photo.faces_blurred >= 1 and photo.caption == "Dormitorio"
    pixels = stored_pixels(photo)
    marked = (int(512 * 0.75), int(512 * 0.75), 100, 100)
    assert detail(pixels, marked) < detail(ASTRONAUT, marked) / 10
    # The gallery, reloaded: its marker script listens to drags (the photo shows before).
    page.wait_for_selector(f"#photo-{photo.pk} [data-photo-marker][data-marker=ready]")
    # Saved photos can still have more blurred: the stored file is replaced.
    before = photo.image.name
    saved = f"#photo-{photo.pk} [data-marker-image]"
    page.locator(saved).scroll_into_view_if_needed()
    wait_for_image(page, saved)
    drag(page, saved, (0.05, 0.05), (0.25, 0.25))
    assert page.locator(f"#photo-{photo.pk} .photo-mark").count() >= 1  # the area is marked
    page.get_by_role("button", name="Blur the marked areas").click()
    page.wait_for_selector(".alert-success")
    photo.refresh_from_db()
    assert photo.image.name != before
    corner = (30, 30, 90, 90)
    assert detail(stored_pixels(photo), corner) < detail(ASTRONAUT, corner) / 10


def test_photo_taken_offline_goes_with_the_new_observation(login_context, researcher, centre):
    context = login_context(researcher)
    page = context.new_page()
    accept_dialogs(page)
    page.goto(f"/observations/new/?centre={centre.pk}")
    page.wait_for_selector("#save-status[data-state]")
    page.wait_for_function("caches.match('/observations/new/').then(r => !!r)", polling=200)

    context.set_offline(True)
    page.evaluate(FILL_ALL)  # consent_photos: Yes
    page.fill("#id_place", "Xalapa, sin conexión")
    page.locator("a.nav-link[href='#section-photos']").click()  # the form's photo step
    assert page.locator("[data-picker-body]").is_visible()
    page.set_input_files("#photo_image", files=[PHOTO])
    page.select_option("#photo_space", "dormitory")
    page.fill("#photo_caption", "Dormitorio, tomada sin conexión")
    page.get_by_role("button", name="Add the photo").click()
    page.wait_for_selector("[data-picker-waiting] li")
    page.get_by_role("button", name="Submit").click()
    page.wait_for_selector("#save-status[data-state=queued]")
    assert not Observation.objects.exclude(status=Status.DRAFT).exists()
    assert Photo.objects.count() == 0
    page.close()

    context.set_offline(False)
    later = context.new_page()
    later.goto("/device/")
    # The photo shows on the device page until it is sent.
    wait_for(later, lambda: Photo.objects.exists() or later.locator("#device-photos").is_visible())
    wait_for(later, lambda: later.locator("#device-sent").is_visible(), timeout=30)  # sent
    observation = Observation.objects.get()
    assert observation.status == Status.SUBMITTED
    assert observation.place == "Xalapa, sin conexión"
    photo = Photo.objects.get()
    assert photo.observation == observation
    assert photo.caption == "Dormitorio, tomada sin conexión"
    assert photo.faces_blurred >= 1
    # Sent once: nothing waits on the device any more, nothing is sent twice.
    assert later.evaluate("CAS.photos.all().then(p => p.length)") == 0
    later.evaluate("window.CAS.flushQueue()")
    later.wait_for_timeout(500)
    assert Photo.objects.count() == 1 and Observation.objects.count() == 1


def test_a_bad_file_is_refused_in_the_picker_and_the_caption_kept(
    login_context, researcher, centre
):
    observation = ObservationFactory(centre=centre, interviewer=researcher, consent_photos=True)
    page = login_context(researcher).new_page()
    page.goto(f"/observations/{observation.pk}/photos/")
    page.fill("#photo_caption", "Cocina")
    page.set_input_files(
        "#photo_image", files=[{"name": "notas.jpg", "mimeType": "image/jpeg", "buffer": b"hola"}]
    )
    status = page.locator("[data-picker-status]")
    wait_for(page, lambda: "not a photo we can read" in status.inner_text())
    assert "text-danger" in status.get_attribute("class")
    assert page.input_value("#photo_caption") == "Cocina"
    assert Photo.objects.count() == 0
