"""A review applies only to the version of the record on the reviewer's screen."""

import datetime
import re

import pytest
from django.test import Client

from accounts.roles import Role
from fieldwork import services
from fieldwork.models import Round, Status, default_round
from interviews.models import Interview
from interviews.spec import INTERVIEW

from .factories import InterviewFactory, UserFactory
from .payloads import actor_management, complete_payload

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def version_on_page(page: str) -> int:
    return int(re.search(r'<input type="hidden" name="version" value="(\d+)"', page).group(1))


def test_approving_a_version_that_changed_since_applies_nothing_and_shows_what_changed(
    centre, researcher, coordinator
):
    writer, reviewer = logged_in(researcher), logged_in(coordinator)
    other_reviewer = logged_in(UserFactory(username="coordinator2", role=Role.COORDINATOR))
    payload = complete_payload(
        INTERVIEW, centre, actors=[{"actor_name": "DIF Estatal", "actor_sector": "state"}]
    )
    payload["respondent_position"] = "Directora"
    assert writer.post("/interviews/new/", payload).status_code == 302
    interview = Interview.objects.get()
    url = f"/interviews/{interview.pk}/"

    # The coordinator opens the submitted record: the review form carries its version.
    seen = version_on_page(reviewer.get(url).content.decode())
    assert seen == interview.version

    # Meanwhile it is returned, edited and submitted again.
    other_reviewer.post(
        f"{url}review/", {"decision": "return", "comment": "Revise.", "version": seen}
    )
    actor = interview.coordination_actors.get()
    payload["respondent_position"] = "Coordinadora general"
    payload.update(
        actor_management(
            [{"id": actor.pk, "actor_name": "DIF Estatal", "actor_sector": "state"},
             {"actor_name": "COMAR", "actor_sector": "federal"}],
            initial=1,
        )
    )  # fmt: skip
    assert writer.post(f"{url}edit/", payload).status_code == 302
    interview.refresh_from_db()
    assert interview.status == Status.SUBMITTED and interview.version > seen

    # Approving what is on the coordinator's screen: nothing is applied; the page says why,
    # shows the answers that changed, and offers the review of the current version.
    response = reviewer.post(
        f"{url}review/", {"decision": "approve", "comment": "Bien hecho.", "version": seen}
    )
    assert response.status_code == 409
    interview.refresh_from_db()
    assert interview.status == Status.SUBMITTED and interview.reviewed_by != coordinator
    page = response.content.decode()
    assert "This record changed since you opened it: nothing was applied." in page
    changes = re.findall(r"<tr data-review-change><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td>", page)
    assert ("Position", "Directora", "Coordinadora general") in changes
    assert any("COMAR" in new and "COMAR" not in old for _, old, new in changes)
    assert len(changes) == 2  # only the answers that differ
    assert version_on_page(page) == interview.version
    assert "Bien hecho." in page  # the comment typed is kept

    # Approving the version now on screen applies.
    response = reviewer.post(
        f"{url}review/",
        {"decision": "approve", "comment": "Bien hecho.", "version": version_on_page(page)},
    )
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.status == Status.APPROVED and interview.reviewed_by == coordinator


@pytest.mark.parametrize("version", [None, "", "abc", "-1"])
def test_a_review_without_a_valid_version_applies_nothing(coordinator, version):
    interview = InterviewFactory(status=Status.SUBMITTED)
    data = {"decision": "approve"}
    if version is not None:
        data["version"] = version
    response = logged_in(coordinator).post(f"/interviews/{interview.pk}/review/", data)
    assert response.status_code == 409
    assert "This record changed since you opened it" in response.content.decode()
    interview.refresh_from_db()
    assert interview.status == Status.SUBMITTED


def test_a_return_of_another_version_applies_nothing(coordinator):
    interview = InterviewFactory(status=Status.SUBMITTED)
    response = logged_in(coordinator).post(
        f"/interviews/{interview.pk}/review/",
        {"decision": "return", "comment": "Revise.", "version": interview.version + 1},
    )
    assert response.status_code == 409
    interview.refresh_from_db()
    assert interview.status == Status.SUBMITTED


def test_the_service_refuses_a_review_of_another_version(coordinator):
    interview = InterviewFactory(status=Status.SUBMITTED)
    with pytest.raises(services.StaleVersion):
        services.approve(interview, reviewer=coordinator, version=interview.version - 1)
    interview.refresh_from_db()
    assert interview.status == Status.SUBMITTED


def test_the_changes_since_the_version_seen_show_a_change_of_round(centre, researcher, coordinator):
    baseline = default_round()
    follow_up = Round.objects.create(name="2026 follow-up", starts_on=datetime.date(2026, 9, 1))
    writer, reviewer = logged_in(researcher), logged_in(coordinator)
    payload = complete_payload(INTERVIEW, centre)
    payload["round"] = baseline.pk
    assert writer.post("/interviews/new/", payload).status_code == 302
    interview = Interview.objects.get()
    assert interview.round == baseline
    url = f"/interviews/{interview.pk}/"
    seen = version_on_page(reviewer.get(url).content.decode())
    services.return_for_changes(interview, reviewer=coordinator, comment="Revise.", version=seen)
    # Sent back, moved to the follow-up and submitted again: only its round changed.
    payload["round"] = follow_up.pk
    assert writer.post(f"{url}edit/", payload).status_code == 302
    interview.refresh_from_db()
    assert interview.round == follow_up and interview.status == Status.SUBMITTED

    response = reviewer.post(f"{url}review/", {"decision": "approve", "version": seen})
    assert response.status_code == 409
    changes = re.findall(
        r"<tr data-review-change><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td>",
        response.content.decode(),
    )
    assert changes == [("Round", str(baseline), "2026 follow-up")]
