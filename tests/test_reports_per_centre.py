"""Results counted per centre (issue 13, items 1, 2 and 4): a centre counts once, skipped
items are not applicable, and the counts split by sector or by who runs the centre."""

import io
from datetime import date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from centres.models import Operator, Sector
from fieldwork.models import Status
from interviews.models import Interview
from reports.filters import ReportFilters
from reports.selectors import counted_records

from .factories import CentreFactory, CoordinationActorFactory, InterviewFactory, ObservationFactory

pytestmark = pytest.mark.django_db

S = Status.SUBMITTED


def interview(centre, day, **answers):
    answers.setdefault("status", S)
    return InterviewFactory(centre=centre, visit_date=date(2022, 4, day), **answers)


def results(response) -> dict:
    return {
        result.item.code: result
        for section in response.context["sections"]
        for result in section.items
    }


def counts(result) -> dict:
    return {a.code: (a.tally.public, a.tally.private) for a in result.answers}


def workbook(client, query="", **headers):
    response = client.get(f"/reports/export.xlsx{query or '?'}&values=codes", **headers)
    assert response.status_code == 200
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def summary(book, sheet) -> tuple[tuple, dict]:
    header, *rows = book[sheet].iter_rows(values_only=True)
    return header, {(row[0], row[2]): row[3:] for row in rows}


@pytest.fixture
def revisited():
    """A private centre visited twice: the protocol was unknown, then known."""
    private = CentreFactory(
        name="Casa Privada", sector=Sector.PRIVATE, operator=Operator.CIVIL_SOCIETY
    )
    public = CentreFactory(name="Casa Pública")
    first = interview(private, 5, knows_protection_protocol=False, has_care_model=False)
    second = interview(private, 20, knows_protection_protocol=True, has_care_model=True)
    interview(public, 10, knows_protection_protocol=False)
    return first, second


def test_a_centre_visited_twice_counts_once_with_its_latest_answers(coordinator_client, revisited):
    first, second = revisited
    response = coordinator_client.get("/reports/")
    by_item = results(response)
    protocol = counts(by_item["knows_protection_protocol"])
    assert protocol["yes"] == (0, 1)  # the later visit's Yes
    assert protocol["no"] == (1, 0)  # the public centre; the earlier No does not count
    assert by_item["knows_protection_protocol"].base.total == 2
    assert response.context["base_line"] == (
        "2 centres: 1 private, 1 public; 3 interviews, the latest per centre counted."
    )
    html = response.content.decode()
    assert "2 centres: 1 private, 1 public; 3 interviews, the latest per centre counted." in html

    # The summary sheets count the centre once; the row sheet keeps both visits.
    book = workbook(coordinator_client)
    _header, knowledge = summary(book, "Knowledge")
    assert knowledge[("knows_protection_protocol", "Yes")] == (0, 1, 1)
    assert knowledge[("knows_protection_protocol", "No")] == (1, 0, 1)
    ids = [row[0] for row in book["Interviews"].iter_rows(min_row=2, values_only=True)]
    assert first.pk in ids and second.pk in ids and len(ids) == 3
    findings = [row[2] for row in book["Findings"].iter_rows(min_row=2, values_only=True)]
    assert "Migrant Child Protection Protocol known only in one private CAS (1 of 2)." in findings


def test_the_base_line_in_spanish(coordinator_client, revisited):
    response = coordinator_client.get("/reports/", HTTP_ACCEPT_LANGUAGE="es")
    assert response.context["base_line"] == (
        "2 centros: 1 privado, 1 público; 3 entrevistas, se cuenta la más reciente de cada centro."
    )


def test_filters_choose_among_the_visits(coordinator_client, revisited):
    # Within the dates of the first visit, the first visit is the centre's latest.
    response = coordinator_client.get("/reports/?date_to=2022-04-15")
    assert counts(results(response)["knows_protection_protocol"])["no"] == (1, 1)


def test_latest_by_visit_date_then_submission_then_id(coordinator_client):
    centre = CentreFactory()
    noon = timezone.make_aware(datetime(2022, 5, 1, 12))
    later = interview(centre, 9, knows_cas_role=True, submitted_at=noon)
    interview(centre, 9, knows_cas_role=False, submitted_at=noon.replace(hour=9))
    interview(centre, 1, knows_cas_role=False)
    undated = InterviewFactory(centre=centre, status=S, knows_cas_role=False)
    counted = list(counted_records(ReportFilters(), Interview))
    assert counted == [later]
    # Same date and submission: the higher id counts. A record with no date is the oldest.
    tie = interview(centre, 9, knows_cas_role=False, submitted_at=noon)
    assert list(counted_records(ReportFilters(), Interview)) == [tie]
    assert undated not in counted_records(ReportFilters(), Interview)


def test_observations_count_per_centre(coordinator_client):
    centre = CentreFactory()
    ObservationFactory(centre=centre, status=S, visit_date=date(2022, 4, 1), has_kitchen=False)
    ObservationFactory(centre=centre, status=S, visit_date=date(2022, 5, 1), has_kitchen=True)
    summary_ = coordinator_client.get("/reports/").context["observations"]
    assert summary_.base.total == 1
    kitchen = next(t for t in summary_.space_totals if t.item.code == "has_kitchen")
    assert (kitchen.present.total, kitchen.missing.total) == (1, 0)


def _populate(n: int) -> None:
    for i in range(n):
        centre = CentreFactory(
            sector=Sector.PRIVATE if i % 2 else Sector.PUBLIC,
            operator=Operator.CIVIL_SOCIETY if i % 2 else Operator.MUNICIPAL_DIF,
        )
        for day in (1, 2):
            record = interview(centre, day, has_care_model=bool(i % 3), model_adapted=True)
            CoordinationActorFactory(interview=record)
        ObservationFactory(centre=centre, status=S, visit_date=date(2022, 4, 3))


@pytest.mark.parametrize("query", ["", "?split=operator"])
def test_results_page_query_count_does_not_grow_with_the_data(coordinator_client, query):
    _populate(2)
    with CaptureQueriesContext(connection) as small:
        assert coordinator_client.get(f"/reports/{query}").status_code == 200
    _populate(12)
    with CaptureQueriesContext(connection) as large:
        response = coordinator_client.get(f"/reports/{query}")
    assert response.context["sections"][0].items[0].base.total == 14
    assert len(large) == len(small)


# Item 2: not applicable is not unanswered -------------------------------------------------


@pytest.fixture
def skipped(researcher):
    """One centre without a care model (model_adapted is skipped), one with an adapted model,
    one with a model whose adaptation was not answered."""
    without = CentreFactory(name="Sin modelo")
    record = interview(without, 3, interviewer=researcher, has_care_model=False)
    # A stale answer of the skipped item is not counted either.
    Interview.objects.filter(pk=record.pk).update(model_adapted=True)
    private = CentreFactory(name="Con modelo", sector=Sector.PRIVATE)
    interview(private, 3, has_care_model=True, model_adapted=True)
    interview(CentreFactory(name="Sin respuesta"), 3, has_care_model=True)
    return record


@pytest.mark.parametrize(
    ("lang", "not_applicable", "not_answered", "finding"),
    [
        (
            "en",
            "Not applicable",
            "Not answered",
            "Care model adapted for migrant children only in one private CAS (1 of 2 asked).",
        ),
        (
            "es",
            "No aplica",
            "Sin respuesta",
            "Modelo de atención adaptado para la niñez migrante solo en un CAS privado "
            "(1 de 2 consultados).",
        ),
    ],
)
def test_record_page_results_page_and_summary_sheet_agree_on_not_applicable(
    coordinator_client, skipped, lang, not_applicable, not_answered, finding
):
    headers = {"HTTP_ACCEPT_LANGUAGE": lang}
    page = coordinator_client.get(f"/interviews/{skipped.pk}/", **headers).content.decode()
    block = page[page.index('data-item="model_adapted"') :]
    block = block[: block.index("item-block")]
    assert 'data-answer="not_applicable"' in block and not_applicable in block
    assert not_answered not in block

    response = coordinator_client.get("/reports/", **headers)
    adapted = results(response)["model_adapted"]
    assert counts(adapted) == {
        "yes": (0, 1),
        "no": (0, 0),
        "blank": (1, 0),  # asked, not answered
        "not_applicable": (1, 0),  # not asked: no care model
    }
    assert adapted.asked.total == 2 and adapted.base.total == 3
    assert finding in adapted.findings
    html = response.content.decode()
    assert f'<tr data-answer="not_applicable" class="text-body-secondary"><td>{not_applicable}' in (
        html
    )

    book = workbook(coordinator_client, **headers)
    _header, resources = summary(book, list(book.sheetnames)[5])
    assert resources[("model_adapted", not_applicable)] == (1, 0, 1)
    assert resources[("model_adapted", not_answered)] == (1, 0, 1)
    assert resources[("model_adapted", "Sí" if lang == "es" else "Yes")] == (0, 1, 1)


def test_an_item_that_applies_shows_its_answer(coordinator_client, skipped):
    record = Interview.objects.exclude(pk=skipped.pk).get(centre__name="Con modelo")
    page = coordinator_client.get(f"/interviews/{record.pk}/").content.decode()
    block = page[page.index('data-item="model_adapted"') :]
    assert "Not applicable" not in block[: block.index("item-block")]


# Item 4: by who runs the centre ------------------------------------------------------------


@pytest.fixture
def operators():
    for name, sector, operator, model in (
        ("Sociedad 1", Sector.PRIVATE, Operator.CIVIL_SOCIETY, True),
        ("Estatal 1", Sector.PUBLIC, Operator.STATE_DIF, True),
        ("Municipal 1", Sector.PUBLIC, Operator.MUNICIPAL_DIF, False),
        ("Municipal 2", Sector.PUBLIC, Operator.MUNICIPAL_DIF, False),
    ):
        centre = CentreFactory(name=name, sector=sector, operator=operator)
        interview(centre, 2, has_care_model=model, resources_available=["human"])


@pytest.mark.parametrize(
    ("lang", "line", "finding"),
    [
        (
            "en",
            "4 centres: 1 civil society, 1 state DIF, 2 municipal DIF; 4 interviews",
            "The two municipal DIF CAS without a care model (2 of 4).",
        ),
        (
            "es",
            "4 centros: 1 de la sociedad civil, 1 del DIF estatal, 2 del DIF municipal; "
            "4 entrevistas",
            "Dos CAS del DIF municipal sin modelo de atención (2 de 4).",
        ),
    ],
)
def test_split_by_operator(coordinator_client, operators, lang, line, finding):
    headers = {"HTTP_ACCEPT_LANGUAGE": lang}
    response = coordinator_client.get("/reports/?split=operator", **headers)
    assert response.status_code == 200
    assert response.context["base_line"].startswith(line)
    model = results(response)["has_care_model"]
    assert finding in model.findings
    html = response.content.decode()
    assert 'data-group="municipal_dif"' in html and 'data-group="public"' not in html

    book = workbook(coordinator_client, "?split=operator", **headers)
    header, resources = summary(book, book.sheetnames[5])
    assert header == (
        "code", "question", "answer",
        "civil_society", "federal_dif", "state_dif", "municipal_dif", "other", "total",
    )  # fmt: skip
    assert resources[("has_care_model", "No")] == (0, 0, 0, 2, 0, 2)


def test_filter_by_operator(coordinator_client, operators):
    response = coordinator_client.get("/reports/?operator=municipal_dif")
    model = results(response)["has_care_model"]
    assert model.base.total == 2
    assert counts(model)["no"] == (2, 0)
    assert "The two public CAS without a care model (2 of 2)." in model.findings
    book = workbook(coordinator_client, "?operator=municipal_dif")
    assert book["Interviews"].max_row == 3
    assert book["Centres"].max_row == 3


def test_a_bad_split_is_a_form_error_not_a_500(coordinator_client, operators):
    response = coordinator_client.get("/reports/?split=bogus")
    assert response.status_code == 400
    assert response.context["form"].errors["split"]
    assert results(response)["has_care_model"].split == "sector"
