"""Rounds: the migration into the baseline, the round chosen on the forms (closed rounds
refused, the device's queue never), the rounds page, and results counted per round."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from fieldwork.models import INITIAL_ROUND_NAME, Round, Status, default_round
from interviews.models import Interview
from interviews.spec import INTERVIEW
from observations.models import Observation
from reports.filters import ReportFilters
from reports.results import interview_results

from .factories import CentreFactory, InterviewFactory
from .payloads import actor_management, complete_payload

pytestmark = pytest.mark.django_db

SYNC = {"HTTP_X_CAS_SYNC": "1"}


@pytest.fixture
def baseline(db):
    return default_round()


@pytest.fixture
def follow_up(baseline):
    baseline.is_open = False
    baseline.save()
    return Round.objects.create(name="2026 follow-up", starts_on=datetime.date(2026, 9, 1))


def test_a_new_record_goes_to_the_open_round_and_stores_the_instrument_version(
    researcher_client, centre, follow_up
):
    page = researcher_client.get(f"{reverse('interviews:new')}?centre={centre.pk}")
    body = page.content.decode()
    # The select offers the open round, chosen; the closed baseline is not offered.
    assert f'<option value="{follow_up.pk}" selected>2026 follow-up</option>' in body
    assert INITIAL_ROUND_NAME not in body
    data = {"action": "save", "centre": centre.pk, "round": follow_up.pk, **actor_management()}
    researcher_client.post(reverse("interviews:new"), data)
    record = Interview.objects.get()
    assert record.round == follow_up
    assert record.spec_version == INTERVIEW.version == 1


def test_a_closed_round_is_refused_next_to_the_field_and_nothing_typed_is_lost(
    researcher_client, centre, baseline, follow_up
):
    data = {"action": "save", "centre": centre.pk, "round": baseline.pk, "place": "Tenosique",
            **actor_management()}  # fmt: skip
    response = researcher_client.post(reverse("interviews:new"), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert not Interview.objects.exists()
    assert "This round is closed: choose an open round." in body
    assert 'value="Tenosique"' in body


def test_the_device_queue_is_never_refused_because_of_rounds(
    researcher_client, centre, baseline, follow_up
):
    # A submission queued on the device while the baseline was open, sent after it closed.
    queued = {"action": "save", "centre": centre.pk, "round": baseline.pk, **actor_management()}
    response = researcher_client.post(reverse("interviews:new"), queued, **SYNC)
    assert response.status_code == 200, response.content
    assert Interview.objects.get().round == baseline
    # A copy saved on a device before rounds existed carries none: the current round.
    older = {"action": "save", "centre": centre.pk, **actor_management()}
    response = researcher_client.post(reverse("observations:new"), older, **SYNC)
    assert response.status_code == 200, response.content
    assert Observation.objects.get().round == follow_up


def test_no_round_sent_from_the_page_takes_the_current_one(researcher_client, centre, follow_up):
    data = {"action": "save", "centre": centre.pk, **actor_management()}
    researcher_client.post(reverse("interviews:new"), data)
    assert Interview.objects.get().round == follow_up


def test_a_draft_in_a_round_closed_since_can_still_be_finished(
    researcher_client, researcher, centre, baseline
):
    data = complete_payload(INTERVIEW, centre, action="save")
    data["round"] = baseline.pk
    researcher_client.post(reverse("interviews:new"), data)
    record = Interview.objects.get()
    Round.objects.filter(pk=baseline.pk).update(is_open=False)
    Round.objects.create(name="Next", starts_on=datetime.date(2026, 1, 1))
    data.update(action="submit", base_version=record.version)
    response = researcher_client.post(record.get_edit_url(), data)
    record.refresh_from_db()
    assert response.status_code == 302
    assert (record.status, record.round) == (Status.SUBMITTED, baseline)


def test_rounds_page_opens_a_round_and_closes_one_after_a_confirmation(client, coordinator):
    client.force_login(coordinator)
    baseline = default_round()
    response = client.post(
        reverse("rounds:list"), {"name": "2026 follow-up", "starts_on": "2026-09-01"}
    )
    assert response.status_code == 302
    assert Round.objects.current().name == "2026 follow-up"
    bad = client.post(
        reverse("rounds:list"),
        {"name": "Backwards", "starts_on": "2026-09-01", "ends_on": "2026-01-01"},
    )
    assert bad.status_code == 400
    assert "The round ends before it starts." in bad.content.decode()
    # Closing: a page that asks first; only its POST closes.
    confirm = client.get(reverse("rounds:close", args=[baseline.pk]))
    assert "No new interview or observation can be started in a closed round" in (
        confirm.content.decode()
    )
    baseline.refresh_from_db()
    assert baseline.is_open
    client.post(reverse("rounds:close", args=[baseline.pk]))
    baseline.refresh_from_db()
    assert not baseline.is_open
    page = client.get(reverse("rounds:list")).content.decode()
    assert "Open again" in page
    assert reverse("rounds:list") in client.get(reverse("fieldwork:queue")).content.decode()


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "There is already a round with this name: “Línea de base 2022”."),
        ("es", "Ya hay una ronda con este nombre: “Línea de base 2022”."),
    ],
)
def test_a_round_named_like_another_but_for_case_or_accents_is_refused_and_kept_typed(
    client, coordinator, lang, said
):
    assert default_round().name == "Línea de base 2022"
    client.force_login(coordinator)
    for name in ("Línea de base 2022", "linea de base 2022", "LÍNEA  DE BASE 2022"):
        response = client.post(
            reverse("rounds:list"),
            {"name": name, "starts_on": "2026-01-01"},
            HTTP_ACCEPT_LANGUAGE=lang,
        )
        assert response.status_code == 400, name
        html = response.content.decode()
        assert said in html, name
        assert f'value="{name}"' in html  # what was typed is kept
    assert Round.objects.count() == 1


def test_a_round_name_pasted_with_control_characters_is_kept_without_them(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("rounds:list"), {"name": "\x01Seguimiento\x0b 2027\t", "starts_on": "2027-01-01"}
    )
    assert response.status_code == 302
    assert Round.objects.filter(name="Seguimiento 2027").exists()
    blank = client.post(reverse("rounds:list"), {"name": "\x02\x0b", "starts_on": "2027-01-01"})
    assert blank.status_code == 400
    assert "This field is required." in blank.content.decode()


def test_a_coordinator_renames_a_round_and_changes_its_period(client, coordinator, follow_up):
    record = InterviewFactory(round=follow_up)
    client.force_login(coordinator)
    page = client.get(reverse("rounds:list")).content.decode()
    edit = reverse("rounds:edit", args=[follow_up.pk])
    assert f'href="{edit}"' in page
    form = client.get(edit)
    assert form.status_code == 200
    assert 'value="2026 follow-up"' in form.content.decode()
    # Control characters pasted with the name are dropped, spaces collapsed.
    response = client.post(
        edit, {"name": "\x01Seguimiento\x0b  2026\t", "starts_on": "2026-08-15",
               "ends_on": "2027-03-31"}
    )  # fmt: skip
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert (follow_up.name, follow_up.starts_on, follow_up.ends_on) == (
        "Seguimiento 2026", datetime.date(2026, 8, 15), datetime.date(2027, 3, 31),
    )  # fmt: skip
    assert follow_up.is_open  # editing neither opens nor closes it
    record.refresh_from_db()
    assert record.round == follow_up
    page = client.get(reverse("rounds:list")).content.decode()
    assert "Round “2026 follow-up” saved: it is now called “Seguimiento 2026”." in page
    # Its own name in another case is not "another round's name".
    response = client.post(edit, {"name": "SEGUIMIENTO 2026", "starts_on": "2026-08-15"})
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert (follow_up.name, follow_up.ends_on) == ("SEGUIMIENTO 2026", None)


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "There is already a round with this name: “Línea de base 2022”."),
        ("es", "Ya hay una ronda con este nombre: “Línea de base 2022”."),
    ],
)
def test_a_round_renamed_like_another_or_ending_before_it_starts_is_refused(
    client, coordinator, baseline, follow_up, lang, said
):
    client.force_login(coordinator)
    edit = reverse("rounds:edit", args=[follow_up.pk])
    response = client.post(
        edit, {"name": "linea  de BASE 2022", "starts_on": "2026-09-01"}, HTTP_ACCEPT_LANGUAGE=lang
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert said in html and 'value="linea  de BASE 2022"' in html  # kept as typed
    response = client.post(
        edit,
        {"name": "2026 follow-up", "starts_on": "2026-09-01", "ends_on": "2026-01-01"},
        HTTP_ACCEPT_LANGUAGE=lang,
    )
    assert response.status_code == 400
    ends = {"en": "The round ends before it starts.",
            "es": "La ronda termina antes de empezar."}[lang]  # fmt: skip
    html = response.content.decode()
    assert html.index('id="id_ends_on"') < html.index(ends)  # next to the field
    follow_up.refresh_from_db()
    assert (follow_up.name, follow_up.ends_on) == ("2026 follow-up", None)
    blank = client.post(edit, {"name": "\x02\x0b", "starts_on": "2026-09-01"})
    assert blank.status_code == 400


def test_a_rounds_changes_are_recorded_and_shown_on_its_edit_page(client, coordinator, follow_up):
    """Renaming a round, changing its period, closing it: who, when, before → after."""
    client.force_login(coordinator)
    edit = reverse("rounds:edit", args=[follow_up.pk])
    client.post(edit, {"name": "Seguimiento 2026", "starts_on": "2026-09-01",
                       "ends_on": "2027-03-31"})  # fmt: skip
    client.post(reverse("rounds:close", args=[follow_up.pk]))
    recorded = follow_up.history.order_by("history_date")
    assert [(h.name, h.is_open, h.history_user) for h in recorded] == [
        ("2026 follow-up", True, None),  # opened by the fixture, not through a request
        ("Seguimiento 2026", True, coordinator),
        ("Seguimiento 2026", False, coordinator),
    ]
    html = client.get(edit, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    history = html[html.index('id="round-history-list"') :]
    closed = history.index("Status: open → closed")
    renamed = history.index("Name: 2026 follow-up → Seguimiento 2026")
    assert closed < renamed < history.index("Opened.")  # newest first
    assert coordinator.get_username() in history


def test_only_coordinators_edit_rounds(client, researcher, analyst, follow_up):
    edit = reverse("rounds:edit", args=[follow_up.pk])
    for user in (researcher, analyst):
        client.force_login(user)
        assert client.get(edit).status_code == 403
        response = client.post(edit, {"name": "Otra", "starts_on": "2026-09-01"})
        assert response.status_code == 403
    follow_up.refresh_from_db()
    assert follow_up.name == "2026 follow-up"


def test_results_count_a_centre_once_per_round_and_default_to_the_open_round(
    client, coordinator, baseline, follow_up
):
    centre = CentreFactory()
    InterviewFactory(
        centre=centre,
        round=baseline,
        status=Status.SUBMITTED,
        visit_date=datetime.date(2022, 4, 1),
        knows_protection_protocol=False,
    )
    InterviewFactory(
        centre=centre,
        round=baseline,
        status=Status.SUBMITTED,
        visit_date=datetime.date(2022, 5, 1),
        knows_protection_protocol=False,
    )
    InterviewFactory(
        centre=centre,
        round=follow_up,
        status=Status.SUBMITTED,
        visit_date=datetime.date(2026, 9, 8),
        knows_protection_protocol=True,
    )
    # fmt: skip

    def protocol(filters):
        item = next(r for s in interview_results(filters) for r in s.items
                    if r.item.code == "knows_protection_protocol")  # fmt: skip
        return {a.code: a.tally.total for a in item.answers}

    assert protocol(ReportFilters(round=baseline.pk)) == {"yes": 0, "no": 1, "blank": 0}
    assert protocol(ReportFilters(round=follow_up.pk)) == {"yes": 1, "no": 0, "blank": 0}
    assert protocol(ReportFilters()) == {"yes": 1, "no": 0, "blank": 0}  # every round: latest

    client.force_login(coordinator)
    page = client.get(reverse("reports:results")).content.decode()
    assert f'<option value="{follow_up.pk}" selected>2026 follow-up</option>' in page
    assert "1 centre" in page or "1 centro" in page
    page = client.get(reverse("reports:results"), {"round": baseline.pk}).content.decode()
    assert "2 interviews, the latest per centre counted" in page or "2 entrevistas" in page


@pytest.mark.django_db(transaction=True)
def test_existing_records_migrate_into_the_2022_baseline_with_version_1():
    executor = MigrationExecutor(connection)
    before = [
        ("interviews", "0004_coordinationactor_uid"),
        ("observations", "0005_photo_history_and_areas_blurred"),
    ]
    executor.migrate([*before, ("fieldwork", None)])
    old = executor.loader.project_state(before).apps
    user = old.get_model("auth", "User").objects.create(username="old")
    centre = old.get_model("centres", "Centre").objects.create(name="Old centre", state="Tabasco")
    old.get_model("interviews", "Interview").objects.create(centre=centre, interviewer=user)
    old.get_model("observations", "Observation").objects.create(centre=centre, interviewer=user)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    baseline = Round.objects.get()
    assert baseline.name == INITIAL_ROUND_NAME == "Línea de base 2022"
    assert (baseline.starts_on, baseline.ends_on) == (
        datetime.date(2022, 1, 1),
        datetime.date(2022, 12, 31),
    )
    for model in (Interview, Observation):
        assert [(r.round_id, r.spec_version) for r in model.objects.all()] == [(baseline.pk, 1)]
        assert set(model.history.values_list("round_id", flat=True)) <= {baseline.pk}
