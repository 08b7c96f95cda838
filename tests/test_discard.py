"""A researcher discards a draft they no longer want: asked first, then gone from the server
with its rows and photos (files included), kept in the history; never a submitted record."""

import pytest
from django.test import Client

from fieldwork.models import Status
from interviews.models import CoordinationActor, Interview
from observations.models import Observation, Photo

from .factories import CoordinationActorFactory, InterviewFactory, ObservationFactory
from .images import make_photo

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_asked_first_then_the_draft_and_its_rows_are_gone_kept_in_the_history(researcher, centre):
    draft = InterviewFactory(centre=centre, interviewer=researcher, status=Status.DRAFT)
    CoordinationActorFactory(interview=draft)
    client = logged_in(researcher)
    assert f'href="/interviews/{draft.pk}/discard/"' in client.get("/my-work/").content.decode()
    assert 'id="discard-draft"' in client.get(f"/interviews/{draft.pk}/").content.decode()
    page = client.get(f"/interviews/{draft.pk}/discard/")
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    html = page.content.decode()
    assert "Discard this draft?" in html and centre.name in html
    assert f'data-device-uid="{draft.uid}"' in html
    assert Interview.objects.filter(pk=draft.pk).exists()  # asking deletes nothing

    response = client.post(f"/interviews/{draft.pk}/discard/", follow=True)
    assert response.redirect_chain == [("/my-work/", 302)]
    assert "Draft discarded." in response.content.decode()
    assert not Interview.objects.filter(pk=draft.pk).exists()
    assert not CoordinationActor.objects.filter(interview_id=draft.pk).exists()
    deleted = Interview.history.filter(id=draft.pk, history_type="-").get()
    assert deleted.history_user == researcher
    assert client.get(f"/interviews/{draft.pk}/").status_code == 404


def test_an_observation_draft_goes_with_its_photos_and_their_files(
    researcher, centre, django_capture_on_commit_callbacks
):
    draft = ObservationFactory(centre=centre, interviewer=researcher, status=Status.DRAFT)
    photo = make_photo(draft, researcher)
    storage = Photo._meta.get_field("image").storage
    files = [photo.image.name, photo.thumbnail.name]
    assert all(storage.exists(name) for name in files)
    client = logged_in(researcher)
    assert "1 photo" in client.get(f"/observations/{draft.pk}/discard/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/observations/{draft.pk}/discard/")
    assert not Observation.objects.filter(pk=draft.pk).exists()
    assert not Photo.objects.filter(pk=photo.pk).exists()
    assert not any(storage.exists(name) for name in files)
    assert Photo.history.filter(id=photo.pk, history_type="-").exists()


def test_a_draft_submitted_meanwhile_is_not_discarded(researcher, centre):
    draft = InterviewFactory(centre=centre, interviewer=researcher, status=Status.DRAFT)
    client = logged_in(researcher)
    client.get(f"/interviews/{draft.pk}/discard/")  # the page, opened before submitting
    Interview.objects.filter(pk=draft.pk).update(status=Status.SUBMITTED)
    assert client.post(f"/interviews/{draft.pk}/discard/").status_code == 403
    assert Interview.objects.filter(pk=draft.pk, status=Status.SUBMITTED).exists()


def test_a_coordinator_cannot_discard_a_researchers_draft(researcher, coordinator, centre):
    draft = InterviewFactory(centre=centre, interviewer=researcher, status=Status.DRAFT)
    client = logged_in(coordinator)
    assert 'id="discard-draft"' not in client.get(f"/interviews/{draft.pk}/").content.decode()
    assert client.post(f"/interviews/{draft.pk}/discard/").status_code == 403
    assert Interview.objects.filter(pk=draft.pk).exists()


def test_the_service_refuses_a_record_that_is_no_longer_a_draft(researcher, centre):
    from fieldwork import services

    draft = InterviewFactory(centre=centre, interviewer=researcher, status=Status.DRAFT)
    Interview.objects.filter(pk=draft.pk).update(status=Status.SUBMITTED)
    with pytest.raises(services.NotADraft):
        services.discard_draft(draft)
    assert Interview.objects.filter(pk=draft.pk).exists()
