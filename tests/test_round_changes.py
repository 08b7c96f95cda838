"""What changed between the 2022 baseline (the assessment's data set) and a follow-up round in
which some answers improve and one regresses (`assessment/followup.py`): the centre's changes
page, the overall comparison's sentences and the `Changes` sheet show exactly those moves."""

import datetime
import io
import re

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from assessment.followup import FOLLOW_UP_CHANGES, follow_up_round, load_follow_up
from assessment.services import load_assessment
from fieldwork.models import Round, Status
from plans.models import ActionStatus, PlanAction
from reports.changes import compare_rounds, sentence_line
from reports.directions import DIRECTIONS, Direction, Kind, Outcome
from reports.filters import ReportFilters

from .factories import CentreFactory, InterviewFactory, ObservationFactory

pytestmark = pytest.mark.django_db

#: The moves of the follow-up, centre by centre (data set keys), as the pages mark them.
EXPECTED_MARKS = {
    "celia": {("knows_protection_protocol", "improvement")},
    "veracruz_state": {
        ("knows_protection_protocol", "improvement"),
        ("has_care_model", "improvement"),
    },
    "aldea_meced": {
        ("knows_protection_protocol", "improvement"),
        ("has_medical_area", "improvement"),
    },
    "tabasco_migrant": {("has_care_model", "regression")},
    "sos": {("main_needs", "new_need")},
}
SENTENCES = {
    "en": [
        "3 more centres know the Protocol",
        "1 more public centre has a care model",
        "1 public centre no longer has a care model",
        "1 more private centre now names a main need: Human",
        "1 more public centre now has this space or service: Medical",
    ],
    "es": [
        "3 centros más conocen el Protocolo",
        "1 centro público más tiene un modelo de atención",
        "1 centro público ya no tiene un modelo de atención",
        "1 centro privado más nombra ahora una necesidad principal: Humanos",
        "1 centro público más tiene ahora este espacio o servicio: Médica",
    ],
}
#: (code, gained, lost) of every row of the Changes sheet that moved.
SHEET_MOVES = [
    ("knows_protection_protocol", 3, 0),
    ("has_care_model", 1, 1),
    ("main_needs.human", 1, 0),
    ("has_medical_area", 1, 0),
]


@pytest.fixture
def rounds(researcher):
    loaded = load_assessment(interviewer=researcher, language="en")
    baseline = Round.objects.get()
    Round.objects.filter(pk=baseline.pk).update(is_open=False)
    follow_up = follow_up_round("en")
    load_follow_up(follow_up, researcher)
    keys = {centre.pk: key for key, centre in loaded.centres.items()}
    return Round.objects.get(pk=baseline.pk), follow_up, keys


def marks(html: str) -> set[tuple[str, str]]:
    rows = re.findall(r'data-item="(\w+)" data-outcome="(\w+)"', html)
    return {
        (item, outcome) for item, outcome in rows if outcome not in ("unchanged", "not_comparable")
    }


def test_each_centres_changes_page_shows_exactly_the_follow_ups_moves(client, coordinator,
                                                                      rounds):  # fmt: skip
    baseline, follow_up, keys = rounds
    client.force_login(coordinator)
    for centre_id, key in keys.items():
        url = reverse("plans:changes", args=[centre_id])
        response = client.get(url, {"from": baseline.pk, "to": follow_up.pk})
        assert response.status_code == 200
        html = response.content.decode()
        assert marks(html) == EXPECTED_MARKS[key], key
        # The defaults are the same two rounds: the open one and the one before it.
        assert marks(client.get(url).content.decode()) == EXPECTED_MARKS[key]


def test_the_changes_page_says_what_was_not_comparable_and_never_counts_it(client, coordinator,
                                                                          rounds):  # fmt: skip
    baseline, follow_up, keys = rounds
    veracruz = next(pk for pk, key in keys.items() if key == "veracruz_state")
    client.force_login(coordinator)
    html = client.get(reverse("plans:changes", args=[veracruz])).content.decode()
    # Adapted? was not asked without a care model in 2022: not comparable, not a No → Yes.
    row = re.search(r'<tr data-item="model_adapted" data-outcome="(\w+)">(.*?)</tr>', html, re.S)
    assert row.group(1) == "not_comparable"
    assert "Not applicable" in row.group(2)
    totals = dict(re.findall(r'data-total="(\w+)">(\d+)', html))
    assert totals == {"improvement": "2", "regression": "0", "new_need": "0"}


def test_actions_done_between_the_two_visits_are_listed(client, coordinator, rounds):
    _baseline, _follow_up, keys = rounds
    veracruz = next(pk for pk, key in keys.items() if key == "veracruz_state")
    between = PlanAction.objects.create(
        centre_id=veracruz, area="knowledge", priority="high", title="Protocol workshop"
    )
    later = PlanAction.objects.create(
        centre_id=veracruz, area="knowledge", priority="low", title="Refresher after the visit"
    )
    for action, day in ((between, datetime.date(2024, 3, 1)), (later, datetime.date(2027, 1, 5))):
        action.status = ActionStatus.DONE
        action.save()
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
        action.history.filter(status=ActionStatus.DONE).update(history_date=moment)
    client.force_login(coordinator)
    html = client.get(reverse("plans:changes", args=[veracruz])).content.decode()
    section = html[html.index('id="changes-actions"') :]
    assert "Protocol workshop" in section
    assert "Refresher after the visit" not in section


def test_an_analyst_reads_the_changes_without_names(client, analyst, rounds):
    _baseline, _follow_up, keys = rounds
    client.force_login(analyst)
    from interviews.models import Interview

    names = {n for n in Interview.objects.values_list("respondent_name", flat=True) if n}
    assert names
    for centre_id in keys:
        html = client.get(reverse("plans:changes", args=[centre_id])).content.decode()
        assert not any(name in html for name in names)
        assert "Demo" not in html and "researcher1" not in html
        assert "/interviews/" not in html  # no links to record pages analysts cannot open


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_overall_comparison_says_exactly_the_moves_in_both_languages(
    client, coordinator, rounds, language
):
    baseline, follow_up, _keys = rounds
    with translation.override(language):
        comparison = compare_rounds(ReportFilters(), baseline, follow_up)
        assert [text for _outcome, text in comparison.sentences] == SENTENCES[language]
        assert sentence_line(comparison) == "; ".join(SENTENCES[language])
    client.force_login(coordinator)
    client.post(reverse("set_language"), {"language": language})
    html = client.get(reverse("reports:compare")).content.decode()
    listed = re.findall(r'<li data-outcome="\w+">(.*?)</li>', html)
    assert listed == SENTENCES[language]
    # Counts then and now by sector: the Protocol was known in 1 public and 1 private CAS.
    row = re.search(r'<tr data-move="knows_protection_protocol".*?</tr>', html, re.S).group(0)
    cells = re.findall(r'<td class="text-end"[^>]*>(\d+)</td>', row)
    assert cells == ["1", "1", "2", "3", "2", "5", "3", "0"]
    results = client.get(reverse("reports:results")).content.decode()
    assert reverse("reports:compare") in results


def test_the_changes_sheet_shows_exactly_the_moves(client, coordinator, rounds):
    _baseline, follow_up, _keys = rounds
    client.force_login(coordinator)
    response = client.get(reverse("reports:workbook"), {"values": "codes", "lang": "en"})
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book["Changes"].iter_rows(values_only=True))
    header = rows[0]
    data = [dict(zip(header, row, strict=True)) for row in rows[1:]]
    moved = [(r["code"], r["gained"], r["lost"]) for r in data if r["gained"] or r["lost"]]
    assert moved == SHEET_MOVES
    protocol = next(r for r in data if r["code"] == "knows_protection_protocol")
    assert (protocol["then_total"], protocol["now_total"]) == (2, 5)
    assert (protocol["round_then"], protocol["round_now"]) == ("Línea de base 2022",
                                                                follow_up.name)  # fmt: skip
    assert protocol["gained_means"] == "improvement"
    assert protocol["sentence"] == "3 more centres know the Protocol"
    needs = next(r for r in data if r["code"] == "main_needs.human")
    assert (needs["gained_means"], needs["lost_means"]) == ("new_need", "improvement")


def test_older_records_keep_their_round_and_version(rounds):
    baseline, follow_up, _keys = rounds
    from interviews.models import Interview

    assert Interview.objects.filter(round=baseline).count() == 5
    assert Interview.objects.filter(round=follow_up).count() == 5
    assert set(Interview.objects.values_list("spec_version", flat=True)) == {1}


def test_the_follow_up_changes_name_real_items():
    with pytest.raises(KeyError):
        type(FOLLOW_UP_CHANGES[0])("interview", "sos", "no_such_item", True)


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"instrument": "survey", "item": "has_kitchen"}, "unknown instrument"),
        ({"instrument": "interview", "item": "nonsense"}, "has no item"),
        ({"instrument": "interview", "item": "place"}, "not a yes/no or multiple-choice"),
        ({"instrument": "interview", "item": "has_care_model", "kind": Kind.NEED}, "needs are"),
    ],
)
def test_the_directions_table_is_checked_when_built(kwargs, error):
    with pytest.raises(ValueError, match=error):
        Direction(**kwargs)


def test_every_direction_says_which_way_is_better():
    assert Direction("interview", "has_care_model").outcome(False, True) == Outcome.IMPROVEMENT
    assert Direction("interview", "has_care_model").outcome(True, False) == Outcome.REGRESSION
    need = Direction("interview", "main_needs", Kind.NEED)
    assert need.outcome(False, True) == Outcome.NEW_NEED
    assert need.outcome(True, False) == Outcome.IMPROVEMENT
    assert need.outcome(None, True) == Outcome.NOT_COMPARABLE
    assert len({(d.instrument, d.item) for d in DIRECTIONS}) == len(DIRECTIONS)


def _world(n: int, baseline: Round, follow_up: Round) -> None:
    for index in range(n):
        centre = CentreFactory(sector="private" if index % 2 else "public")
        for round, known in ((baseline, False), (follow_up, index % 3 == 0)):
            InterviewFactory(centre=centre, round=round, status=Status.SUBMITTED,
                             knows_protection_protocol=known, main_needs=["human"])  # fmt: skip
            ObservationFactory(centre=centre, round=round, status=Status.APPROVED,
                               has_kitchen=not known)  # fmt: skip


@pytest.mark.parametrize("sizes", [(2, 9)])
def test_the_comparison_makes_the_same_queries_whatever_the_number_of_centres(sizes):
    baseline = Round.objects.create(name="A", starts_on=datetime.date(2022, 1, 1))
    follow_up = Round.objects.create(name="B", starts_on=datetime.date(2026, 1, 1))
    counts, moved = [], []
    for n in sizes:
        _world(n, baseline, follow_up)
        with CaptureQueriesContext(connection) as queries:
            comparison = compare_rounds(ReportFilters(), baseline, follow_up)
        counts.append(len(queries))
        protocol = next(m for m in comparison.moves if m.code == "knows_protection_protocol")
        moved.append(protocol.gained.total)
    assert counts[0] == counts[1] == 4
    # 2 centres: one (index 0) learnt of the Protocol; then 9 more: indexes 0, 3, 6 (and 0).
    assert moved == [1, 1 + 3]


def test_the_demos_follow_up_round_is_still_in_the_field(db):
    # No end date: a visit recorded today (whatever today is, after it started) belongs to it,
    # so the demo's forms do not open with a "date outside the round" warning.
    follow_up = follow_up_round("es")
    assert follow_up.ends_on is None
    assert follow_up.contains(datetime.date(2030, 1, 15))


@pytest.mark.parametrize("lang", ["en", "es"])
def test_rounds_chosen_the_wrong_way_round_are_refused_next_to_the_field(client, coordinator,
                                                                        lang):  # fmt: skip
    """Later round as "before" would read every gain as a loss: a 400 that says so."""
    earlier = Round.objects.create(name="Earlier", starts_on=datetime.date(2022, 1, 1))
    later = Round.objects.create(name="Later", starts_on=datetime.date(2026, 9, 1))
    centre = CentreFactory()
    client.force_login(coordinator)
    said = {
        "en": "The round after must start after the round before",
        "es": "La ronda posterior debe comenzar después de la anterior",
    }[lang]
    for url in (reverse("reports:compare"), reverse("plans:changes", args=[centre.pk])):
        response = client.get(url, {"from": later.pk, "to": earlier.pk}, HTTP_ACCEPT_LANGUAGE=lang)
        assert response.status_code == 400, url
        html = response.content.decode()
        # At the "Round after" field, and nothing compared.
        assert html.index('id="id_to"') < html.index(said) < html.index('id="no-comparison"')
        right_way = client.get(url, {"from": earlier.pk, "to": later.pk})
        assert right_way.status_code == 200


def test_the_follow_up_exported_and_imported_back_changes_nothing(client, coordinator, rounds):
    """The demo's follow-up took a care model away from one centre but kept its answer to
    *has the model been adapted?*, a question the form no longer asks then: the round's own
    export, imported back, showed that record as an update (clearing it)."""
    from interviews.models import Interview

    from .imports_helpers import actions, export, preview, problems, workbook_bytes

    _baseline, follow_up, keys = rounds
    tabasco = next(pk for pk, key in keys.items() if key == "tabasco_migrant")
    lost = Interview.objects.get(round=follow_up, centre_id=tabasco)
    assert lost.has_care_model is False
    assert lost.model_adapted is None and lost.model_adapted_notes == ""
    client.force_login(coordinator)
    book = export(client, f"?round={follow_up.pk}&values=codes&names=1")
    for kind in ("interviews", "observations"):
        page, _url = preview(client, kind, "export.xlsx", workbook_bytes(book))
        assert actions(page) == ["unchanged"] * 5, (kind, problems(page))


def _compared(html: str) -> tuple[str, str]:
    """The two rounds the page compares (its table's columns)."""
    columns = r'<th scope="col">[^<]*</th><th scope="col">([^<]*)</th><th scope="col">([^<]*)</th>'
    head = re.search(rf'id="changes-interview".*?<thead><tr>{columns}', html, re.S)
    assert head, "nothing compared"
    return head.group(1), head.group(2)


def test_by_default_a_centre_compares_its_two_latest_rounds_with_a_counted_record(
    client, coordinator, rounds
):
    """A round after the follow-up in which this centre has no submitted record (a draft
    only): the default is still the baseline against the follow-up, never a round of "no
    record" everywhere; rounds asked for explicitly are compared as asked."""
    baseline, follow_up, keys = rounds
    celia = next(pk for pk, key in keys.items() if key == "celia")
    Round.objects.filter(pk=follow_up.pk).update(is_open=False)
    later = Round.objects.create(
        name="2027 follow-up", starts_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    InterviewFactory(centre_id=celia, round=later, status=Status.DRAFT)
    client.force_login(coordinator)
    url = reverse("plans:changes", args=[celia])
    html = client.get(url).content.decode()
    assert _compared(html) == (baseline.name, follow_up.name)
    assert marks(html) == EXPECTED_MARKS["celia"]
    assert "No record in this round" not in html
    assert f'<option value="{follow_up.pk}" selected>' in html.split('id="id_to"')[1]
    # Asked for explicitly: as asked, "no record" included.
    html = client.get(url, {"from": follow_up.pk, "to": later.pk}).content.decode()
    assert _compared(html) == (follow_up.name, later.name)
    assert "No record in this round" in html


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_centre_with_records_in_fewer_than_two_rounds_is_told_so(client, coordinator, lang):
    earlier = Round.objects.create(name="Earlier", starts_on=datetime.date(2022, 1, 1))
    Round.objects.create(name="Later", starts_on=datetime.date(2026, 1, 1))
    centre = CentreFactory()
    client.force_login(coordinator)
    url = reverse("plans:changes", args=[centre.pk])
    said = {
        "en": ("This centre has no submitted or approved record in any round yet",
               "This centre has submitted or approved records in one round only (Earlier)"),
        "es": ("Este centro aún no tiene ningún registro enviado o aprobado en ninguna ronda",
               "Este centro tiene registros enviados o aprobados en una sola ronda (Earlier)"),
    }[lang]  # fmt: skip
    html = client.get(url, HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    assert said[0] in html and 'id="changes-interview"' not in html
    InterviewFactory(centre=centre, round=earlier, status=Status.SUBMITTED)
    ObservationFactory(centre=centre, round=earlier, status=Status.APPROVED)
    html = client.get(url, HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    assert said[1] in html and 'id="changes-interview"' not in html
