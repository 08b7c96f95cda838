"""The form tells before it refuses (issue 15, item 5): required questions marked, the visit
date defaulting to today, a refused submission kept as a draft, the photo step inside the
form with no space preselected, and the confirmation after a submission."""

import re
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from fieldwork.models import Status
from interviews.models import Interview
from interviews.spec import INTERVIEW
from observations.models import Photo

from .factories import InterviewFactory, ObservationFactory
from .images import jpeg, plain_image
from .payloads import complete_payload

pytestmark = pytest.mark.django_db
SYNC = {"HTTP_X_CAS_SYNC": "1"}


def test_required_questions_are_marked_in_words(researcher_client, centre):
    page = researcher_client.get(f"/interviews/new/?centre={centre.pk}").content.decode()
    block = re.compile(
        r'<div class="item-block" data-item="(\w+)".*?(?=<div class="item-block"|</section>)', re.S
    )
    blocks = {m.group(1): m.group(0) for m in block.finditer(page)}
    mark = '<span class="required-mark">(required)</span>'
    for item in INTERVIEW.items:
        if item.code not in blocks or item.type == "repeat":
            continue
        assert (mark in blocks[item.code]) == item.required, item.code
    # Text boxes say it to assistive technology too (radio groups say it in their legend).
    assert re.search(
        r'<input[^>]*aria-required="true"[^>]*id="id_place"|id="id_place"[^>]*aria-required="true"',
        page,
    )
    assert 'id="required-note"' in page
    spanish = researcher_client.get("/interviews/new/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '<span class="required-mark">(obligatoria)</span>' in spanish


def test_the_visit_date_defaults_to_today(researcher_client, centre):
    page = researcher_client.get(f"/observations/new/?centre={centre.pk}").content.decode()
    today = timezone.localdate().isoformat()
    assert re.search(rf'<input type="date" name="visit_date" value="{today}"', page)


def test_a_refused_submission_is_kept_as_a_draft(researcher_client, centre):
    data = complete_payload(INTERVIEW, centre)
    del data["respondent_position"]
    data["place"] = "Tenosique"
    data["uid"] = str(uuid.uuid4())
    data["save_id"] = str(uuid.uuid4())
    response = researcher_client.post("/interviews/new/", data, **SYNC)
    assert response.status_code == 400
    body = response.json()
    assert body["draft_saved"] is True and "respondent_position" in body["errors"]
    assert "Your draft is saved" in body["message"]
    draft = Interview.objects.get()
    assert draft.status == Status.DRAFT and draft.place == "Tenosique"
    assert body["id"] == draft.pk and body["version"] == draft.version

    # Corrected and sent again with the same save id: submitted, not taken for a replay.
    data["respondent_position"] = "Directora"
    data["base_version"] = str(body["version"])
    response = researcher_client.post("/interviews/new/", data, **SYNC)
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED and draft.respondent_position == "Directora"
    assert Interview.objects.count() == 1


def test_a_submission_that_is_not_even_a_draft_saves_nothing(researcher_client, centre):
    data = complete_payload(INTERVIEW, centre)
    data["visit_date"] = "not a date"
    response = researcher_client.post(f"/interviews/new/?centre={centre.pk}", data)
    assert response.status_code == 200
    assert not Interview.objects.exists()
    assert "Nothing was saved yet" in response.content.decode()


def test_the_photo_step_is_inside_the_form_before_the_save_bar(researcher_client, centre):
    page = researcher_client.get(f"/observations/new/?centre={centre.pk}").content.decode()
    form = page[page.index('<form method="post" novalidate id="record-form"') :]
    form = form[: form.index("</form>")]
    assert form.index('id="section-photos"') < form.index('class="form-actions')
    assert 'href="#section-photos"' in page
    # Its fields belong to another form: a photo is never one of the record's fields.
    select = re.search(r"<select[^>]*name=\"space\"[^>]*>", form).group(0)
    assert 'form="photo-picker-fields"' in select
    assert '<form id="photo-picker-fields" hidden></form>' in page
    # The space has no preselected value: an empty first option, chosen by nobody.
    options = re.search(r'<select[^>]*name="space".*?</select>', form, re.S).group(0)
    first = re.search(r"<option[^>]*>", options).group(0)
    assert 'value=""' in first and "selected" in first


def test_a_photo_without_its_space_is_refused(researcher_client, researcher):
    observation = ObservationFactory(interviewer=researcher, consent_photos=True)
    response = researcher_client.post(
        f"/observations/{observation.pk}/photos/",
        {
            "image": SimpleUploadedFile("a.jpg", jpeg(plain_image()), "image/jpeg"),
            "caption": "Patio",
        },
    )
    assert response.status_code == 400
    assert "Choose the space the photo shows." in response.content.decode()
    assert not Photo.objects.exists()


def test_the_confirmation_after_a_submission(researcher_client, researcher):
    interview = InterviewFactory(interviewer=researcher, status=Status.SUBMITTED)
    page = researcher_client.get(f"/interviews/{interview.pk}/?sent=1").content.decode()
    assert 'id="sent-confirmation" role="status" tabindex="-1"' in page
    assert "js/sent.js" in page
    assert (
        "sent-confirmation"
        not in researcher_client.get(f"/interviews/{interview.pk}/").content.decode()
    )
