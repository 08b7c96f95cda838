"""The technical-support plan of a centre and the programme across centres (issue 14, items
1-3 and 5): proposals from the latest counted records, refreshed without duplicates, obsolete
ones flagged and kept; a coordinator's edits, with history; the programme page and the `Plan`
and `Programme` sheets adding up, in a constant number of queries."""

import datetime
import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from openpyxl import load_workbook

from centres.models import Centre, Sector
from fieldwork.models import Status
from plans.exporters import PlanExporter, ProgrammeExporter
from plans.models import ActionStatus, Area, PlanAction
from plans.selectors import programme
from plans.services import refresh_centres, refresh_proposals
from reports.filters import ReportFilters

from .factories import CentreFactory, InterviewFactory, ObservationFactory, UserFactory
from .seed_assessment import KEYS, PRIVATE_2, PUBLIC_2, PUBLIC_3, answers, build
from .test_accounts import InlineFinder

pytestmark = pytest.mark.django_db


def rules_of(centre) -> set[str]:
    return set(PlanAction.objects.filter(centre=centre).values_list("rule", flat=True))


def centres_with(rule: str) -> set[str]:
    return set(PlanAction.objects.filter(rule=rule).values_list("centre__name", flat=True))


@pytest.fixture
def assessment(researcher):
    build(researcher, "en")
    refresh_centres(Centre.objects.values_list("pk", flat=True))
    return {name: Centre.objects.get(name=name) for name in KEYS}


def test_the_assessment_plan_proposes_protocol_training_and_care_models(assessment):
    not_known = {n for n in KEYS if answers(n)["knows_protection_protocol"] is False}
    assert not_known == {PRIVATE_2, PUBLIC_2, PUBLIC_3}
    assert centres_with("training_protection_protocol") == not_known
    # The two public CAS without a care model.
    without = {n for n in KEYS if answers(n)["has_care_model"] is False}
    assert without == {PUBLIC_2, PUBLIC_3}
    assert {assessment[n].sector for n in without} == {Sector.PUBLIC}
    assert centres_with("care_model_design") == without
    # Among others: the municipal CAS's missing spaces, over capacity.
    municipal = rules_of(assessment[PUBLIC_3])
    assert {"space_dormitories_divided", "space_toilets_divided", "service_medical_area",
            "service_legal_department", "over_capacity"} <= municipal  # fmt: skip
    assert all(a.status == ActionStatus.PROPOSED for a in PlanAction.objects.all())


def test_refreshing_again_changes_nothing(assessment):
    actions, history = PlanAction.objects.count(), PlanAction.history.count()
    for centre in assessment.values():
        assert refresh_proposals(centre) == {"proposed": 0, "obsolete": 0, "current": 0}
    assert PlanAction.objects.count() == actions
    assert PlanAction.history.count() == history


#: Every law known: a factory's interview that leaves it empty would know none.
LAWS = ["lgdnna", "migration_law", "refugee_law"]


def _interview(centre, researcher, day, **answers):
    answers.setdefault("knows_laws", LAWS)
    return InterviewFactory(
        centre=centre,
        interviewer=researcher,
        status=Status.SUBMITTED,
        visit_date=datetime.date(2024, 5, day),
        **answers,
    )


def test_new_records_propose_new_actions_and_flag_obsolete_ones(centre, researcher):
    _interview(centre, researcher, 1, knows_protection_protocol=False, has_care_model=True)
    refresh_proposals(centre)
    assert rules_of(centre) == {"training_protection_protocol"}
    protocol = PlanAction.objects.get(rule="training_protection_protocol")
    protocol.status = ActionStatus.DONE
    protocol.save()
    # A later visit: the Protocol is known now, and there is no care model any more.
    _interview(centre, researcher, 20, knows_protection_protocol=True, has_care_model=False)
    assert refresh_proposals(centre) == {"proposed": 1, "obsolete": 1, "current": 0}
    protocol.refresh_from_db()
    assert protocol.obsolete and protocol.status == ActionStatus.DONE  # flagged, kept
    design = PlanAction.objects.get(rule="care_model_design")
    design.status = ActionStatus.DROPPED
    design.save()
    # Findings back as they were: flag lifted; a dropped action is not proposed again.
    _interview(centre, researcher, 25, knows_protection_protocol=False, has_care_model=False)
    assert refresh_proposals(centre) == {"proposed": 0, "obsolete": 0, "current": 1}
    assert PlanAction.objects.filter(centre=centre).count() == 2
    assert PlanAction.objects.get(rule="care_model_design").status == ActionStatus.DROPPED
    assert not PlanAction.objects.get(pk=protocol.pk).obsolete


def test_without_a_counted_record_the_plan_is_left_as_it_is(centre, researcher):
    interview = _interview(centre, researcher, 1, knows_protection_protocol=False)
    refresh_proposals(centre)
    interview.status = Status.RETURNED
    interview.save()
    # No counted interview: its findings are unknown, not gone.
    assert refresh_proposals(centre) == {"proposed": 0, "obsolete": 0, "current": 0}
    assert not PlanAction.objects.get(rule="training_protection_protocol").obsolete


def test_a_returned_record_leaves_the_actions_as_they_were_until_it_counts_again(
    centre, researcher, coordinator, django_capture_on_commit_callbacks
):
    from fieldwork import services as fieldwork_services

    _interview(centre, researcher, 1, knows_protection_protocol=True, has_care_model=True)
    with django_capture_on_commit_callbacks(execute=True):
        latest = _interview(centre, researcher, 20, knows_protection_protocol=False,
                            has_care_model=True)  # fmt: skip
    protocol = PlanAction.objects.get(centre=centre, rule="training_protection_protocol")
    assert not protocol.obsolete
    history = PlanAction.history.count()
    # Returned for changes: out for now, not gone. The older visit (the Protocol known) does
    # not take its place in the plan.
    with django_capture_on_commit_callbacks(execute=True):
        fieldwork_services.return_for_changes(latest, reviewer=coordinator, comment="Revise.")
    protocol.refresh_from_db()
    assert not protocol.obsolete
    assert refresh_proposals(centre) == {"proposed": 0, "obsolete": 0, "current": 0}
    assert PlanAction.history.count() == history
    # Submitted again, corrected (the Protocol known after all): now the need is gone.
    latest.knows_protection_protocol = True
    latest.status = Status.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        latest.save()
    protocol.refresh_from_db()
    assert protocol.obsolete


def test_a_newer_record_counts_even_while_an_older_one_is_returned(centre, researcher, coordinator):
    from fieldwork import services as fieldwork_services

    returned = _interview(centre, researcher, 1, knows_protection_protocol=False)
    refresh_proposals(centre)
    fieldwork_services.return_for_changes(returned, reviewer=coordinator, comment="Revise.")
    _interview(centre, researcher, 20, knows_protection_protocol=True)
    assert refresh_proposals(centre)["obsolete"] == 1
    assert PlanAction.objects.get(rule="training_protection_protocol").obsolete


def test_submitted_and_approved_records_refresh_the_proposals(
    centre, researcher, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        draft = InterviewFactory(
            centre=centre, interviewer=researcher, knows_cas_role=False, knows_laws=LAWS
        )
    assert not PlanAction.objects.exists()  # drafts never count
    with django_capture_on_commit_callbacks(execute=True):
        draft.status = Status.SUBMITTED
        draft.save()
        ObservationFactory(centre=centre, interviewer=researcher, status=Status.APPROVED,
                           has_kitchen=False)  # fmt: skip
    assert rules_of(centre) == {"training_cas_role", "space_kitchen"}


# The plan page.


@pytest.fixture
def visited(centre, researcher, django_capture_on_commit_callbacks):
    # Submitting proposes the actions once the record is committed (plans/signals.py).
    with django_capture_on_commit_callbacks(execute=True):
        _interview(
            centre,
            researcher,
            3,
            respondent_name="Rosa Martínez",
            knows_protection_protocol=False,
            knows_protection_protocol_notes="Rosa Martínez no conoce el Protocolo.",
        )
    return centre


def test_reading_the_plan_writes_nothing_and_a_coordinator_can_check_it_again(
    client, coordinator, centre, researcher
):
    # A record whose refresh did not run (a failed signal, say): the page only reads.
    _interview(centre, researcher, 3, knows_protection_protocol=False)
    client.force_login(coordinator)
    assert _page(client, centre).status_code == 200
    assert client.get(f"/centres/{centre.pk}/report.pdf").status_code == 200
    assert not PlanAction.objects.filter(centre=centre).exists()
    response = client.post(f"/centres/{centre.pk}/plan/", {"refresh": "1"}, follow=True)
    assert PlanAction.objects.filter(centre=centre, rule="training_protection_protocol").exists()
    assert "Proposals checked against the latest records" in response.content.decode()


def test_only_coordinators_check_the_proposals_again(client, centre, researcher):
    _interview(centre, researcher, 3, knows_protection_protocol=False)
    client.force_login(researcher)
    response = client.post(f"/centres/{centre.pk}/plan/", {"refresh": "1"})
    assert response.status_code == 403
    assert not PlanAction.objects.filter(centre=centre).exists()


def _page(client, centre, language="en"):
    return client.get(f"/centres/{centre.pk}/plan/", HTTP_ACCEPT_LANGUAGE=language)


def test_the_page_proposes_each_action_with_why_linked_to_its_record(client, coordinator, visited):
    client.force_login(coordinator)
    response = _page(client, visited)
    assert response.status_code == 200
    assert response["Cache-Control"].count("no-store")
    html = response.content.decode()
    action = PlanAction.objects.get(rule="training_protection_protocol")
    assert f'id="action-{action.pk}"' in html
    assert "Training on the Migrant Child Protection Protocol" in html
    item = next(i for i in response.context["plan"].items if i.action == action)
    interview = visited.interviews.get()
    assert [e.url for e in item.why] == [interview.get_absolute_url()]
    assert item.why[0].answer == "No"
    assert f'href="{interview.get_absolute_url()}"' in html
    # The note is shown, the respondent's name never.
    assert "[…] no conoce el Protocolo." in html and "Rosa" not in html
    # In Spanish, the rule's own words.
    assert "Capacitación sobre el Protocolo de Protección de Niñez Migrante" in (
        _page(client, visited, "es").content.decode()
    )


def _form(action, **changes):
    data = {
        "title": action.title,
        "text": action.text,
        "area": action.area,
        "priority": action.priority,
        "owner": action.owner,
        "due": action.due.isoformat() if action.due else "",
        "status": action.status,
        "version": action.version,
    }
    data.update(changes)
    return {f"action-{action.pk}-{key}": value for key, value in data.items()}


def test_a_coordinator_agrees_assigns_and_closes_an_action_with_history(
    client, coordinator, visited
):
    client.force_login(coordinator)
    _page(client, visited)
    action = PlanAction.objects.get(rule="training_protection_protocol")
    url = f"/centres/{visited.pk}/plan/{action.pk}/"
    response = client.post(f"{url}status/", {"status": "agreed", "version": 0})
    assert response.status_code == 302 and response["Location"].endswith(f"#action-{action.pk}")
    action.refresh_from_db()
    assert (action.status, action.version) == ("agreed", 1)
    response = client.post(url, _form(action, owner="IDC", due="2026-03-31", status="in_progress"))
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.owner, action.due, action.status) == ("IDC", datetime.date(2026, 3, 31),
                                                         "in_progress")  # fmt: skip
    assert action.title == ""  # the rule's wording kept
    client.post(f"{url}status/", {"status": "done", "version": action.version})
    assert PlanAction.objects.get(pk=action.pk).status == ActionStatus.DONE
    page = _page(client, visited)
    changes = [(c.label, c.old, c.new) for e in page.context["history"] for c in e.changes]
    assert ("status", "Proposed", "Agreed") in changes
    assert ("owner", "—", "IDC") in changes
    assert ("status", "In progress", "Done") in changes
    assert page.context["history"][0].who == coordinator.get_full_name()


def test_bad_input_is_a_400_in_the_users_language_and_keeps_what_was_typed(
    client, coordinator, visited
):
    client.force_login(coordinator)
    _page(client, visited)
    action = PlanAction.objects.get(rule="training_protection_protocol")
    response = client.post(
        f"/centres/{visited.pk}/plan/{action.pk}/",
        _form(action, owner="DIF Estatal de Tabasco", due="2026-02-31"),
        HTTP_ACCEPT_LANGUAGE="es",
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ingrese una fecha válida." in html  # Mexican Spanish, not Spain's "Introduzca"
    assert 'value="DIF Estatal de Tabasco"' in html and "2026-02-31" in html
    assert PlanAction.objects.get(pk=action.pk).owner == ""
    # A status that does not exist.
    response = client.post(
        f"/centres/{visited.pk}/plan/{action.pk}/status/",
        {"status": "forgotten", "version": 0},
        HTTP_ACCEPT_LANGUAGE="es",
    )
    assert response.status_code == 400 and "elija uno de los estados" in response.content.decode()
    # An action added by hand needs a title.
    response = client.post(
        f"/centres/{visited.pk}/plan/",
        {
            "new-title": " ",
            "new-text": "Taller con la Procuraduría",
            "new-area": "coordination",
            "new-priority": "high",
            "new-status": "proposed",
        },  # fmt: skip
        HTTP_ACCEPT_LANGUAGE="es",
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Este campo es obligatorio." in html and "Taller con la Procuraduría" in html


def test_a_due_date_before_2000_is_refused(client, coordinator, visited):
    client.force_login(coordinator)
    _page(client, visited)
    action = PlanAction.objects.get(rule="training_protection_protocol")
    url = f"/centres/{visited.pk}/plan/{action.pk}/"
    response = client.post(url, _form(action, due="1999-12-31"), HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 400
    assert "Escriba una fecha límite de 2000 en adelante." in response.content.decode()
    assert PlanAction.objects.get(pk=action.pk).due is None
    assert client.post(url, _form(action, due="2000-01-01")).status_code == 302
    assert PlanAction.objects.get(pk=action.pk).due == datetime.date(2000, 1, 1)


def test_an_edit_on_an_older_version_is_refused_and_kept(client, coordinator, visited):
    client.force_login(coordinator)
    _page(client, visited)
    action = PlanAction.objects.get(rule="training_protection_protocol")
    stale = _form(action, owner="Typed by me")
    client.post(f"/centres/{visited.pk}/plan/{action.pk}/status/", {"status": "agreed",
                                                                      "version": 0})  # fmt: skip
    response = client.post(f"/centres/{visited.pk}/plan/{action.pk}/", stale)
    assert response.status_code == 409
    assert 'value="Typed by me"' in response.content.decode()
    action.refresh_from_db()
    assert (action.owner, action.status) == ("", "agreed")
    # Saved again from the page as shown, it goes through.
    form = response.context["plan"].items[0].form
    assert form.data[form.add_prefix("version")] == str(action.version)
    assert client.post(f"/centres/{visited.pk}/plan/{action.pk}/", form.data).status_code == 302
    assert PlanAction.objects.get(pk=action.pk).owner == "Typed by me"


def test_a_coordinator_adds_an_action_by_hand(client, coordinator, visited):
    client.force_login(coordinator)
    response = client.post(
        f"/centres/{visited.pk}/plan/",
        {
            "new-title": "Workshop with the Child Protection Attorney",
            "new-text": "",
            "new-area": "coordination",
            "new-priority": "high",
            "new-owner": "KIND",
            "new-due": "",
            "new-status": "agreed",
        },  # fmt: skip
    )
    assert response.status_code == 302
    action = PlanAction.objects.get(rule__isnull=True)
    assert (action.centre, action.owner, action.status) == (visited, "KIND", "agreed")
    refresh_proposals(visited)
    assert not PlanAction.objects.get(pk=action.pk).obsolete  # never flagged by the rules


def test_researchers_read_the_plan_of_centres_they_visited_only(
    client, researcher, other_researcher, analyst, visited
):
    client.force_login(researcher)
    response = _page(client, visited)
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-status-form" not in html and "data-edit" not in html and "add-action" not in html
    action = PlanAction.objects.get(rule="training_protection_protocol")
    assert (
        client.post(
            f"/centres/{visited.pk}/plan/{action.pk}/status/", {"status": "done", "version": 0}
        ).status_code
        == 403
    )
    assert 'id="centre-plan-link"' in client.get(f"/centres/{visited.pk}/").content.decode()
    client.force_login(other_researcher)
    assert _page(client, visited).status_code == 403
    assert 'id="centre-plan-link"' not in client.get(f"/centres/{visited.pk}/").content.decode()
    client.force_login(analyst)
    assert _page(client, visited).status_code == 403


# The programme across centres, and its sheets.


def _sheet_rows(exporter) -> list[list]:
    rows = list(exporter.iterate())
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_the_programme_page_and_the_plan_and_programme_sheets_add_up(
    client, coordinator, assessment
):
    # Some progress: one action agreed, one done, one dropped, one added by hand.
    actions = PlanAction.objects.filter(rule="training_protection_protocol").order_by("pk")
    for action, status in zip(actions, ("agreed", "done", "dropped"), strict=True):
        action.status = status
        action.save()
    PlanAction.objects.create(centre=assessment[PUBLIC_3], area="coordination", priority="low",
                              title="Visit the municipal DIF")  # fmt: skip
    client.force_login(coordinator)
    response = client.get("/reports/plan/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    shown = response.context["programme"]
    assert (shown.centres, shown.public, shown.private) == (5, 3, 2)
    protocol = next(r for r in shown.rows if r.rule == "training_protection_protocol")
    # Dropped in one centre: two centres keep it.
    assert (protocol.centres, protocol.public, protocol.private) == (2, 1, 1)
    assert protocol.statuses == {"proposed": 0, "agreed": 1, "in_progress": 0, "done": 1,
                                 "dropped": 1}  # fmt: skip
    html = response.content.decode()
    assert "2 of 5 centres (1 public, 1 private)" in html
    design = next(r for r in shown.rows if r.rule == "care_model_design")
    assert (design.centres, design.public, design.private) == (2, 2, 0)

    with translation.override("en"):
        plan_rows = _sheet_rows(PlanExporter(ReportFilters()))
        programme_rows = _sheet_rows(ProgrammeExporter(programme(ReportFilters())))
    # The Plan sheet: one row per action.
    assert len(plan_rows) == PlanAction.objects.count() == shown.total
    # The Programme sheet: the page's rows, and the Plan sheet's actions counted.
    assert [(r["rule"], r["action"], r["centres"]) for r in programme_rows] == [
        (r.rule or "", r.title, r.centres) for r in shown.rows
    ]
    counted = Counter((r["area"], r["priority"], r["rule"], r["status"]) for r in plan_rows)
    for row in programme_rows:
        for status in ActionStatus.values:
            key = (row["area"], row["priority"], row["rule"], status)
            if row["rule"]:
                assert row[status] == counted[key], (row["rule"], status)
        assert row["of"] == 5
        assert row["actions"] == sum(row[s] for s in ActionStatus.values)
        kept = {r["centre_id"] for r in plan_rows if r["rule"] == row["rule"] and row["rule"]
                and r["status"] != "dropped"}  # fmt: skip
        if row["rule"]:
            assert row["centres"] == len(kept)
            public = sum(1 for c in kept if Centre.objects.get(pk=c).sector == Sector.PUBLIC)
            assert row["public"] == public
    assert sum(r["actions"] for r in programme_rows) == len(plan_rows)
    assert Counter(r["status"] for r in plan_rows) == {
        code: n for code, _label, n in shown.statuses if n
    }
    manual = next(r for r in programme_rows if r["action"] == "Visit the municipal DIF")
    assert (manual["rule"], manual["centres"], manual["public"]) == ("", 1, 1)
    # The centres most in need: the municipal CAS first.
    assert shown.most_in_need[0].name == PUBLIC_3
    assert f'href="/centres/{assessment[PUBLIC_3].pk}/plan/"' in html

    # The same sheets in the workbook, in Spanish.
    book = load_workbook(
        io.BytesIO(
            b"".join(client.get("/reports/export.xlsx?lang=es&values=codes").streaming_content)
        ),
        read_only=True,
    )
    assert book.sheetnames[-2:] == ["Plan", "Programa"]
    assert len(list(book["Plan"].iter_rows(values_only=True))) == len(plan_rows) + 1
    titles = {row[8] for row in book["Plan"].iter_rows(min_row=2, values_only=True)}
    assert "Capacitación sobre el Protocolo de Protección de Niñez Migrante" in titles
    assert {row[12] for row in book["Plan"].iter_rows(min_row=2, values_only=True)} <= set(
        ActionStatus.values
    )
    # With labels (the default), the sheets follow the choice like every other sheet.
    book = load_workbook(
        io.BytesIO(b"".join(client.get("/reports/export.xlsx?lang=es").streaming_content)),
        read_only=True,
    )
    rows = list(book["Plan"].iter_rows(min_row=3, values_only=True))
    with translation.override("es"):
        statuses = {str(label) for label in ActionStatus.labels}
        areas = {str(label) for label in Area.labels}
        sectors = {str(label) for label in Sector.labels}
    assert {row[12] for row in rows} <= statuses and "Propuesta" in {row[12] for row in rows}
    assert {row[5] for row in rows} <= areas and {row[3] for row in rows} <= sectors
    programme_areas = {row[0] for row in book["Programa"].iter_rows(min_row=3, values_only=True)}
    assert programme_areas and programme_areas <= areas


def test_analysts_read_the_programme_without_links_to_centre_pages(client, analyst, assessment):
    client.force_login(analyst)
    response = client.get("/reports/plan/")
    assert response.status_code == 200
    assert '/plan/"' not in response.content.decode().split('id="programme-need"')[1]
    assert "Rosa" not in response.content.decode()


def test_the_programme_filters_by_the_registry(client, coordinator, assessment):
    client.force_login(coordinator)
    shown = client.get("/reports/plan/?sector=private").context["programme"]
    assert (shown.centres, shown.public, shown.private) == (2, 0, 2)
    assert {r.rule for r in shown.rows}.isdisjoint({"care_model_design", "over_capacity"})


def _centres_with_plans(n: int, offset: int) -> None:
    researcher = UserFactory(username=f"r{offset}")
    for i in range(n):
        centre = CentreFactory(sector=Sector.PRIVATE if i % 2 else Sector.PUBLIC)
        InterviewFactory(centre=centre, interviewer=researcher, status=Status.SUBMITTED,
                         knows_protection_protocol=False, has_care_model=bool(i % 2),
                         main_needs=["human", "economic"])  # fmt: skip
        ObservationFactory(centre=centre, interviewer=researcher, status=Status.SUBMITTED,
                           has_kitchen=False, expected_capacity=10, people_present=12)  # fmt: skip
        refresh_proposals(centre)
        PlanAction.objects.create(centre=centre, area="resources", priority="low",
                                  title=f"Hand-made {i % 3}")  # fmt: skip


def _queries(client) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as page:
        assert client.get("/reports/plan/").status_code == 200
    with CaptureQueriesContext(connection) as sheets:
        for exporter in (
            PlanExporter(ReportFilters()),
            ProgrammeExporter(programme(ReportFilters())),
        ):
            list(exporter.iterate())
    return len(page), len(sheets)


def test_the_programme_makes_the_same_queries_at_any_size(client, coordinator):
    client.force_login(coordinator)
    _centres_with_plans(3, 0)
    small = _queries(client)
    _centres_with_plans(24, 1)
    assert PlanAction.objects.count() > 100
    assert _queries(client) == small


def test_plan_pages_respect_their_content_security_policy(client, coordinator, visited):
    client.force_login(coordinator)
    for url in (f"/centres/{visited.pk}/plan/", "/reports/plan/"):
        response = client.get(url)
        assert response.status_code == 200
        finder = InlineFinder()
        finder.feed(response.content.decode())
        assert finder.problems == [], (url, finder.problems)


def test_refresh_plans_command_refreshes_every_centre(assessment):
    PlanAction.objects.filter(rule="care_model_design").delete()
    out = io.StringIO()
    call_command("refresh_plans", stdout=out)
    assert out.getvalue().strip() == "2 actions proposed, 0 flagged obsolete, 0 current again."
    call_command("refresh_plans", stdout=out)
    assert PlanAction.objects.filter(rule="care_model_design").count() == 2


def test_the_programme_filters_by_round_and_defaults_to_the_open_round(client, coordinator):
    from fieldwork.models import Round, default_round

    baseline = default_round()
    baseline.is_open = False
    baseline.save()
    follow_up = Round.objects.create(name="2026 follow-up", starts_on=datetime.date(2026, 9, 1))
    researcher = UserFactory(username="r-rounds")
    both, only_baseline, returned = (CentreFactory(sector=Sector.PUBLIC) for _ in range(3))
    for centre, rounds in ((both, (baseline, follow_up)), (only_baseline, (baseline,))):
        for round_ in rounds:
            InterviewFactory(centre=centre, interviewer=researcher, round=round_,
                             status=Status.SUBMITTED, knows_protection_protocol=False,
                             knows_laws=LAWS)  # fmt: skip
    # Its follow-up record was sent back: not assessed in the follow-up yet.
    for round_, status in ((baseline, Status.APPROVED), (follow_up, Status.RETURNED)):
        refresh_centres([both.pk, only_baseline.pk, returned.pk])
        InterviewFactory(centre=returned, interviewer=researcher, round=round_, status=status,
                         knows_protection_protocol=False, knows_laws=LAWS)  # fmt: skip

    def shown(status=200, **params):
        response = client.get("/reports/plan/", params, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == status
        result = response.context["programme"]
        protocol = next(r for r in result.rows if r.rule == "training_protection_protocol")
        return result.centres, protocol.centres, response.content.decode()

    client.force_login(coordinator)
    centres, protocol, page = shown()  # the open round by default
    assert (centres, protocol) == (1, 1)
    assert f'<option value="{follow_up.pk}" selected>2026 follow-up</option>' in page
    assert shown(round=baseline.pk)[:2] == (3, 3)
    assert shown(round="all")[:2] == (3, 3)
    # An unknown round is an error next to the field (a 400), not a 500: the defaults apply.
    assert shown(400, round="nonsense")[:2] == (1, 1)
    # The workbook's sheets take the same round.
    with translation.override("en"):
        filters = ReportFilters(round=follow_up.pk)
        assert {r["centre_id"] for r in _sheet_rows(PlanExporter(filters))} == {both.pk}
        assert _sheet_rows(ProgrammeExporter(programme(filters)))[0]["of"] == 1
