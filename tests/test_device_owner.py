"""A shared phone: what a device keeps belongs to the user who typed it, and the server refuses
a save that a device sends for another user than the one logged in (nothing is applied)."""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.privacy import device_owner
from fieldwork.models import Status
from interviews.models import Interview
from interviews.spec import INTERVIEW
from observations.models import Photo

from .factories import InterviewFactory, ObservationFactory
from .images import jpeg, plain_image
from .payloads import complete_payload

pytestmark = pytest.mark.django_db
SYNC = {"HTTP_X_CAS_SYNC": "1"}
REFUSED_ES = "No se guardó: otra persona usuaria lo dejó en este dispositivo."


def queued_submission(centre, owner: str) -> dict:
    return {
        **complete_payload(INTERVIEW, centre),
        "uid": str(uuid.uuid4()),
        "save_id": str(uuid.uuid4()),
        "device_owner": owner,
    }


def test_the_device_key_is_stable_per_user_and_names_nobody(researcher, other_researcher):
    key = device_owner(researcher)
    assert key == device_owner(researcher)
    assert key != device_owner(other_researcher)
    assert key.startswith("u-") and len(key) == 12
    assert researcher.username not in key and str(researcher.pk) != key[2:]


def test_pages_carry_the_device_key_of_the_logged_in_user(client, researcher):
    client.force_login(researcher)
    page = client.get("/device/").content.decode()
    assert f'data-device-owner="{device_owner(researcher)}"' in page


def test_a_queued_save_of_another_user_is_refused_and_not_applied(
    client, researcher, other_researcher, centre
):
    client.force_login(other_researcher)  # B is logged in; the item was typed by A
    payload = queued_submission(centre, device_owner(researcher))
    response = client.post("/interviews/new/", payload, HTTP_ACCEPT_LANGUAGE="es", **SYNC)
    assert response.status_code == 409
    body = response.json()
    assert body["ok"] is False and body["kind"] == "wrong_user"
    assert body["message"].startswith(REFUSED_ES)
    assert not Interview.objects.exists()  # nothing stored, under B or anyone

    # In English for an English-speaking user.
    response = client.post("/interviews/new/", payload, HTTP_ACCEPT_LANGUAGE="en", **SYNC)
    assert response.json()["message"].startswith("Not saved: this was kept on this device by")

    # The same item, sent when its owner is logged in, is stored with its owner as interviewer.
    client.force_login(researcher)
    response = client.post("/interviews/new/", payload, **SYNC)
    assert response.status_code == 200
    interview = Interview.objects.get()
    assert interview.interviewer == researcher and interview.status == Status.SUBMITTED


def test_an_edit_of_another_users_copy_is_refused_before_anything(
    client, researcher, coordinator, centre
):
    interview = InterviewFactory(centre=centre, interviewer=researcher, place="Tenosique")
    client.force_login(coordinator)  # a coordinator could edit it: not with A's device copy
    payload = {
        **complete_payload(INTERVIEW, centre, action="save"),
        "place": "Cambiado",
        "base_version": interview.version,
        "device_owner": device_owner(researcher),
    }
    response = client.post(f"/interviews/{interview.pk}/edit/", payload, **SYNC)
    assert response.status_code == 409 and response.json()["kind"] == "wrong_user"
    interview.refresh_from_db()
    assert interview.place == "Tenosique" and interview.version == 0

    # Without the page's script (no JSON asked for): still refused, in words.
    response = client.post(f"/interviews/{interview.pk}/edit/", payload, HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 409
    assert REFUSED_ES in response.content.decode()


def test_saves_of_the_logged_in_user_and_plain_form_posts_go_through(client, researcher, centre):
    client.force_login(researcher)
    own = queued_submission(centre, device_owner(researcher))
    assert client.post("/interviews/new/", own, **SYNC).status_code == 200
    plain = {**complete_payload(INTERVIEW, centre), "uid": str(uuid.uuid4())}
    assert client.post("/interviews/new/", plain).status_code == 302  # no script, no key
    assert Interview.objects.filter(interviewer=researcher).count() == 2


def test_a_waiting_photo_of_another_user_is_refused(client, researcher, coordinator, centre):
    observation = ObservationFactory(centre=centre, interviewer=researcher, consent_photos=True)
    client.force_login(coordinator)
    response = client.post(
        f"/observations/{observation.pk}/photos/",
        {
            "image": SimpleUploadedFile("foto.jpg", jpeg(plain_image()), "image/jpeg"),
            "space": "dormitory",
            "device_owner": device_owner(researcher),
        },
        **SYNC,
    )
    assert response.status_code == 409 and response.json()["kind"] == "wrong_user"
    assert not Photo.objects.exists()
