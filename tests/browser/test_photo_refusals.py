"""The device queue and photos the server refuses (issue 12, item 7): a refused photo is marked
with the reason, is not sent again, and does not hold back the form it was taken with."""

import io

import numpy as np
import pytest
from PIL import Image

from fieldwork.models import Status
from observations.models import Observation, Photo

from ..images import jpeg, plain_image
from .test_field_reliability import FILL_ALL, accept_dialogs

pytestmark = pytest.mark.django_db(transaction=True)


def _truncated_heic() -> bytes:
    out = io.BytesIO()
    noise = np.random.default_rng(5).integers(0, 255, (120, 160, 3), dtype=np.uint8)
    Image.fromarray(noise).save(out, "HEIF", quality=80)
    return out.getvalue()[: len(out.getvalue()) // 2]


def wait_for(page, condition, timeout=15_000):
    """Wait in the browser's time: the route handler runs only while Playwright is called."""
    for _ in range(timeout // 200):
        if condition():
            return
        page.wait_for_timeout(200)
    raise AssertionError("condition not met in time")


GOOD = {"name": "dormitorio.jpg", "mimeType": "image/jpeg", "buffer": jpeg(plain_image())}
CUT = {"name": "IMG_0002.HEIC", "mimeType": "image/heic", "buffer": _truncated_heic()}
BIG = {"name": "patio.jpg", "mimeType": "image/jpeg", "buffer": jpeg(plain_image(80, 60))}


def test_refused_photos_are_reported_and_the_form_goes_without_them(
    login_context, researcher, centre
):
    # No service worker: the page's own requests are routed, and nothing here needs one.
    context = login_context(researcher, service_workers="block")
    page = context.new_page()
    accept_dialogs(page)
    proxy_refusals = []

    def proxy(route):
        # A proxy in front of the app refuses one upload with its own (HTML) 413 page.
        if b"proxy-413" in (route.request.post_data_buffer or b""):
            proxy_refusals.append(route.request.url)
            return route.fulfill(status=413, content_type="text/html", body="<h1>413</h1>")
        return route.continue_()

    page.route("**/observations/*/photos/", proxy)
    page.goto(f"/observations/new/?centre={centre.pk}")
    page.wait_for_selector("#save-status[data-state]")

    context.set_offline(True)
    wait_for(page, lambda: not page.evaluate("navigator.onLine"))  # no autosave slips out
    page.evaluate(FILL_ALL)  # consent_photos: Yes
    page.fill("#id_place", "Xalapa")
    for count, (file, caption) in enumerate(
        [(GOOD, "Dormitorio"), (CUT, "Cocina"), (BIG, "Patio proxy-413")], start=1
    ):
        page.set_input_files("#photo_image", files=[file])
        page.fill("#photo_caption", caption)
        page.get_by_role("button", name="Add the photo").click()
        wait_for(page, lambda n=count: page.locator("[data-picker-waiting] li").count() == n)
    page.get_by_role("button", name="Submit").click()
    page.wait_for_selector("#save-status[data-state=queued]")
    assert not Observation.objects.exclude(status=Status.DRAFT).exists()

    context.set_offline(False)  # the queue is sent when the connection returns...
    page.wait_for_url("**/observations/*/?sent=1")  # ... and the form's page shows the record
    observation = Observation.objects.get()
    assert observation.status == Status.SUBMITTED and observation.place == "Xalapa"
    assert [p.caption for p in Photo.objects.all()] == ["Dormitorio"]
    assert Photo.objects.get().observation == observation
    # The page says which photos were refused, and why.
    banner = page.locator("#photos-refused")
    banner.wait_for()
    assert "Cocina" in banner.inner_text() and "damaged or incomplete" in banner.inner_text()
    assert "Patio proxy-413" in banner.inner_text()

    # So does /device/, where they can be removed; nothing is counted as waiting.
    page.goto("/device/")
    page.wait_for_selector("#device-photos-refused li >> nth=1")
    refused = page.locator("#device-photos-refused").inner_text()
    assert "Cocina" in refused and "damaged or incomplete" in refused
    assert "Patio proxy-413" in refused and "413" in refused
    assert page.locator("#device-photos").is_hidden()
    assert page.evaluate("CAS.store.all().length") == 0  # the form was sent

    # Not sent again: neither on "send now" nor by the queue.
    page.get_by_role("button", name="Send now").click()
    wait_for(page, lambda: page.locator("#device-state").inner_text() == "")
    page.evaluate("CAS.photos.send()")
    assert len(proxy_refusals) == 1
    assert Photo.objects.count() == 1
    for left in (1, 0):  # removed from the device, one at a time
        page.locator("#device-photos-refused button").first.click()
        wait_for(page, lambda n=left: page.locator("#device-photos-refused li").count() == n)
    page.wait_for_selector("#device-photos-refused", state="hidden")
    assert page.evaluate("CAS.photos.all().then(p => p.length)") == 0
