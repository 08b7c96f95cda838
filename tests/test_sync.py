"""No duplicates and no lost updates, on the server: client ids, save ids and versions."""

import uuid

import pytest

from fieldwork.models import Status
from interviews.models import Interview
from interviews.spec import INTERVIEW
from observations.models import Observation
from observations.spec import OBSERVATION

from .payloads import actor_management, complete_payload

pytestmark = pytest.mark.django_db
SYNC = {"HTTP_X_CAS_SYNC": "1"}


def draft(centre, **extra):
    return {"action": "save", "centre": centre.pk, **actor_management(), **extra}


@pytest.mark.parametrize(
    ("url", "spec", "model"),
    [("/interviews/new/", INTERVIEW, Interview), ("/observations/new/", OBSERVATION, Observation)],
)
def test_repeated_submission_with_the_same_uid_is_one_record(
    researcher_client, centre, url, spec, model
):
    uid = str(uuid.uuid4())
    payload = {**complete_payload(spec, centre), "uid": uid, "save_id": str(uuid.uuid4())}
    first = researcher_client.post(url, payload)
    again = researcher_client.post(url, payload)  # double click, or a retry after a timeout
    assert first.status_code == again.status_code == 302
    assert model.objects.count() == 1
    record = model.objects.get()
    assert str(record.uid) == uid and record.status == Status.SUBMITTED
    assert again["Location"] == record.get_absolute_url()

    # The device queue re-sends it with its own save id: acknowledged, not applied again.
    resent = researcher_client.post(url, {**payload, "save_id": payload["save_id"]}, **SYNC)
    assert resent.status_code == 200 and resent.json()["replay"] is True
    assert model.objects.count() == 1
    record.refresh_from_db()
    assert record.version == 1


def test_autosave_creates_a_draft_once_and_then_updates_it(researcher_client, centre):
    uid = str(uuid.uuid4())
    base = draft(centre, uid=uid, place="Tenosique")
    first = researcher_client.post(
        "/interviews/new/", {**base, "save_id": str(uuid.uuid4())}, **SYNC
    ).json()
    assert first["ok"] and first["version"] == 1 and first["status"] == "draft"
    second = researcher_client.post(
        "/interviews/new/",
        {**base, "place": "Tenosique, Tabasco", "base_version": 1, "save_id": str(uuid.uuid4())},
        **SYNC,
    ).json()
    assert second["id"] == first["id"] and second["version"] == 2
    assert Interview.objects.get().place == "Tenosique, Tabasco"


def test_save_based_on_an_older_version_is_refused_and_shows_what_differs(
    client, researcher, coordinator, centre
):
    interview = Interview.objects.create(
        centre=centre, interviewer=researcher, place="Villahermosa", version=1
    )
    url = f"/interviews/{interview.pk}/edit/"
    client.force_login(coordinator)
    assert client.post(url, draft(centre, place="Centro", base_version=1)).status_code == 302
    interview.refresh_from_db()
    assert interview.version == 2

    client.force_login(researcher)
    stale = draft(centre, place="Tenosique", respondent_position="Directora", base_version=1)
    response = client.post(url, stale)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else saved this record" in page
    assert 'data-difference="place"' in page and "Centro" in page
    assert 'value="Tenosique"' in page and 'value="Directora"' in page  # nothing typed is lost
    interview.refresh_from_db()
    assert interview.place == "Centro" and interview.version == 2

    as_json = client.post(url, stale, **SYNC)
    assert as_json.status_code == 409
    differences = {d["code"]: d for d in as_json.json()["conflict"]["differences"]}
    assert differences["place"]["yours"] == "Tenosique"
    assert differences["place"]["stored"] == "Centro"

    # Having compared, the researcher keeps their answers deliberately.
    kept = client.post(url, {**stale, "confirm_version": 2})
    assert kept.status_code == 302
    interview.refresh_from_db()
    assert interview.place == "Tenosique" and interview.version == 3


def test_compare_and_swap_refuses_the_loser_of_a_race(researcher, centre):
    """Two saves loaded at the same version: the second to write is refused."""
    from fieldwork import services
    from interviews.forms import InterviewForm

    interview = Interview.objects.create(centre=centre, interviewer=researcher, version=4)
    a = Interview.objects.get(pk=interview.pk)
    b = Interview.objects.get(pk=interview.pk)
    form_a = InterviewForm({"centre": centre.pk, "place": "A"}, instance=a)
    form_b = InterviewForm({"centre": centre.pk, "place": "B"}, instance=b)
    assert form_a.is_valid() and form_b.is_valid()
    services.save_record(form_a, user=researcher, submit=False)
    with pytest.raises(services.StaleVersion):
        services.save_record(form_b, user=researcher, submit=False)
    interview.refresh_from_db()
    assert interview.place == "A" and interview.version == 5


def test_sync_answers(researcher_client, centre):
    invalid = researcher_client.post("/interviews/new/", {"action": "save"}, **SYNC)
    assert invalid.status_code == 400
    assert "centre" in invalid.json()["errors"]

    submitted = Interview.objects.create(
        centre=centre,
        interviewer=invalid.wsgi_request.user,
        status=Status.SUBMITTED,
    )
    locked = researcher_client.post(
        "/interviews/new/", draft(centre, uid=str(submitted.uid)), **SYNC
    )
    assert locked.status_code == 409 and locked.json()["locked"] is True


def test_someone_elses_uid_is_not_reachable(client, other_researcher, researcher, centre):
    theirs = Interview.objects.create(centre=centre, interviewer=other_researcher)
    client.force_login(researcher)
    response = client.post("/interviews/new/", draft(centre, uid=str(theirs.uid), place="x"))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.place == ""


def test_form_carries_the_sync_fields(researcher_client, centre):
    page = researcher_client.get(f"/interviews/new/?centre={centre.pk}").content.decode()
    for name in ("uid", "base_version", "save_id"):
        assert f'name="{name}"' in page


def test_service_worker_and_manifest(client):
    worker = client.get("/sw.js")
    assert worker.status_code == 200
    assert worker["Content-Type"].startswith("text/javascript")
    body = worker.content.decode()
    assert "/interviews/new/" in body and "/static/js/record-form.js" in body
    manifest = client.get("/manifest.webmanifest").json()
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
