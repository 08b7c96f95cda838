"""The current round (where new records go and what every page counts by default) never is a
round still to come; a visit date outside its round's period is a warning, never a refusal;
a refused save on a record already on the server says the draft is kept."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from fieldwork.models import Round, Status, current_round, default_round
from interviews.models import Interview
from interviews.spec import INTERVIEW
from reports.change_views import RoundPairForm
from reports.filters import ReportFilterForm

from .factories import InterviewFactory
from .payloads import actor_management, complete_payload

pytestmark = pytest.mark.django_db

SYNC = {"HTTP_X_CAS_SYNC": "1"}
TODAY = datetime.date(2026, 11, 26)


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def _round(name, starts, ends=None, is_open=True, pk=None):
    return Round(pk=pk, name=name, starts_on=starts, ends_on=ends, is_open=is_open)


def test_the_current_round_holds_today_else_started_last_and_never_is_still_to_come():
    past = _round("2026", datetime.date(2026, 9, 1), datetime.date(2026, 10, 31), pk=1)
    now = _round("Now", datetime.date(2026, 11, 1), datetime.date(2026, 12, 31), pk=2)
    future = _round("2027", datetime.date(2027, 1, 1), datetime.date(2027, 6, 30), pk=3)
    endless = _round("Endless", datetime.date(2026, 1, 1), pk=4)
    closed_now = _round("Closed", datetime.date(2026, 11, 1), is_open=False, pk=5)
    assert current_round([past, now, future], TODAY) == now
    # None holds today: the open round that started last, never the one to come.
    assert current_round([past, future], TODAY) == past
    assert current_round([future], TODAY) is None
    # One whose period holds today wins over one that started later but ended.
    assert current_round([endless, past, future], TODAY) == endless
    # A closed round is never current.
    assert current_round([closed_now, past], TODAY) == past
    # On its first day a round is current.
    assert current_round([past, future], datetime.date(2027, 1, 1)) == future


@pytest.fixture
def follow_up(db):
    """The trial's set-up: the baseline closed, a follow-up whose period ended a month ago,
    and the next round opened today for next year."""
    baseline = default_round()
    baseline.is_open = False
    baseline.save()
    return Round.objects.create(name="Seguimiento 2026", starts_on=days(-86), ends_on=days(-26))


def test_opening_a_future_round_does_not_make_it_the_default_anywhere(
    client, coordinator, centre, follow_up
):
    client.force_login(coordinator)
    response = client.post(
        reverse("rounds:list"),
        {"name": "Seguimiento 2027", "starts_on": days(36), "ends_on": days(216)},
    )
    assert response.status_code == 302
    future = Round.objects.get(name="Seguimiento 2027")
    assert Round.objects.current() == follow_up
    assert default_round() == follow_up
    # The rounds page says which is current, and that the next one has not started.
    page = client.get(reverse("rounds:list")).content.decode()
    assert "Current round: <strong>Seguimiento 2026</strong>" in page
    row = page[page.index(f'data-round="{future.pk}"') :]
    assert "not started yet" in row[: row.index("</tr>")]
    assert "new records go here" not in row[: row.index("</tr>")]
    # The forms start on it, the results and the comparison count it by default.
    form = client.get(f"{reverse('interviews:new')}?centre={centre.pk}").content.decode()
    assert f'<option value="{follow_up.pk}" selected>' in form
    assert ReportFilterForm().chosen_round() == follow_up
    assert RoundPairForm().pair()[1] == follow_up
    # A record made without a round goes to it, as does a queued save without one.
    assert InterviewFactory(centre=centre, status=Status.SUBMITTED).round == follow_up
    # The API counts it by default (the future round holds nothing).
    api = client.get("/api/v1/results/", HTTP_ACCEPT="application/json")
    assert api.json()["centres"]["total"] == 1


def test_with_only_a_future_round_open_nothing_is_chosen_for_the_researcher(
    researcher_client, centre, follow_up
):
    Round.objects.filter(pk=follow_up.pk).update(is_open=False)
    future = Round.objects.create(name="Seguimiento 2027", starts_on=days(36))
    assert Round.objects.current() is None
    assert default_round() == follow_up  # the latest that has started, closed or not
    form = researcher_client.get(f"{reverse('interviews:new')}?centre={centre.pk}")
    body = form.content.decode()
    assert '<option value="" selected>Choose the round</option>' in body
    assert f'<option value="{future.pk}" selected>' not in body
    # Sent from the page without a round: asked to choose, nothing typed lost.
    data = {"action": "save", "centre": centre.pk, "round": "", "place": "Tenosique",
            **actor_management()}  # fmt: skip
    response = researcher_client.post(reverse("interviews:new"), data)
    assert "Choose the round of this visit." in response.content.decode()
    assert not Interview.objects.exists()
    # The device's queue is never refused: the default round.
    queued = {"action": "save", "centre": centre.pk, **actor_management()}
    assert researcher_client.post(reverse("interviews:new"), queued, **SYNC).status_code == 200
    assert Interview.objects.get().round == follow_up


def test_a_visit_date_outside_the_round_is_a_warning_beside_the_fields_and_on_the_record(
    client, researcher_client, coordinator, centre, follow_up
):
    outside = days(-1)
    data = complete_payload(INTERVIEW, centre, action="save")
    data.update(round=follow_up.pk, visit_date=outside.isoformat())
    # Saved from the device's queue (then submitted): never refused, never lost.
    response = researcher_client.post(reverse("interviews:new"), data, **SYNC)
    assert response.status_code == 200, response.content
    record = Interview.objects.get()
    assert record.round == follow_up and record.visit_date == outside
    warning = "is outside the period of the round “Seguimiento 2026”"
    edit = researcher_client.get(record.get_edit_url()).content.decode()
    block = edit[edit.index('id="round-block"') :]
    assert warning in block[: block.index('id="round-date-warning"') + 400]
    # The coordinator reviewing it sees it too, in Spanish for a Spanish page.
    Interview.objects.filter(pk=record.pk).update(status=Status.SUBMITTED)
    client.force_login(coordinator)
    page = client.get(record.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert 'id="round-date-warning"' in page
    assert "está fuera del periodo de la ronda “Seguimiento 2026”" in page
    # A date within the period: no warning (the element stays, hidden, for the script).
    inside = InterviewFactory(
        centre=centre, interviewer=record.interviewer, round=follow_up, visit_date=days(-30)
    )
    edit = researcher_client.get(inside.get_edit_url()).content.decode()
    assert warning not in edit
    assert 'id="round-date-warning" role="status"' in edit


def test_a_refused_submission_of_a_saved_draft_does_not_say_nothing_was_saved(
    researcher_client, researcher, centre
):
    draft = InterviewFactory(centre=centre, interviewer=researcher)
    data = complete_payload(
        INTERVIEW, centre, actors=[{"actor_name": "DIF estatal", "actor_sector": ""}]
    )
    data["base_version"] = draft.version
    response = researcher_client.post(draft.get_edit_url(), data)
    body = response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert "Nothing was saved yet" not in body
    assert "Not submitted: correct the marked answers below. The draft is saved" in body
    # A new record refused before anything reached the server still says so.
    data = complete_payload(INTERVIEW, centre)
    data["visit_date"] = "not a date"
    response = researcher_client.post(f"/interviews/new/?centre={centre.pk}", data)
    assert "Nothing was saved yet" in response.content.decode()
