"""Workbook layout, CSV from the same stream, formula-safe cells, and constant query counts."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from openpyxl.utils.escape import unescape

from fieldwork.models import Status
from interviews.spec import INTERVIEW
from observations.spec import OBSERVATION
from reports.exporters import InterviewsExporter, record_columns
from reports.filters import ReportFilters
from reports.renderers import csv_safe

from .factories import CentreFactory, CoordinationActorFactory, InterviewFactory, ObservationFactory

pytestmark = pytest.mark.django_db

SHEETS = ["Centres", "Interviews", "Actors", "Observations", "Knowledge", "Resources", "Needs",
          "Findings", "Codebook", "Changes", "Themes", "Coding", "Plan", "Programme"]  # fmt: skip
FORMULAS = [
    '=HYPERLINK("http://example.com","click")',
    "=1+1",
    "+SUM(1,2)",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
]


def workbook(client, query=""):
    response = client.get(f"/reports/export.xlsx{query or '?'}&values=codes")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="cas-assessment-')
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def test_workbook_sheets_and_layout(coordinator_client):
    interview = InterviewFactory(
        status=Status.SUBMITTED,
        visit_date=datetime.date(2022, 4, 20),
        knows_laws=["lgdnna", "refugee_law"],
        knows_laws_notes="Conoce dos",
        has_care_model=False,
    )
    ObservationFactory(status=Status.SUBMITTED, centre=interview.centre, approx_size_m2=120)
    book = workbook(coordinator_client)
    assert book.sheetnames == SHEETS
    sheet = book["Interviews"]
    header = [c.value for c in sheet[1]]
    assert header[:6] == ["id", "centre", "sector", "state", "status", "round"]
    assert header[6:9] == ["visit_date", "place", "respondent_name"]
    i = header.index("knows_laws")
    assert header[i : i + 5] == [
        "knows_laws",
        "knows_laws/lgdnna",
        "knows_laws/migration_law",
        "knows_laws/refugee_law",
        "knows_laws_notes",
    ]
    assert header.index("has_care_model_notes") == header.index("has_care_model") + 1
    assert all(c.font.b for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet[1][-1].column_letter}2"
    assert sheet.column_dimensions["B"].width >= 30
    row = {h: c for h, c in zip(header, sheet[2], strict=True)}
    assert row["knows_laws"].value == "lgdnna refugee_law"
    assert [row[f"knows_laws/{o}"].value for o in ("lgdnna", "migration_law", "refugee_law")] == [
        1,
        0,
        1,
    ]
    assert row["has_care_model"].value == "No"
    assert row["knows_cas_role"].value is None  # not answered stays empty
    assert row["consent_testimony"].value == "Yes"
    assert row["visit_date"].is_date
    assert row["visit_date"].value.date() == datetime.date(2022, 4, 20)

    observations = book["Observations"]
    obs_header = [c.value for c in observations[1]]
    assert obs_header[:6] == ["id", "centre", "sector", "state", "status", "round"]
    assert "population_received/lgbtttiqa" in obs_header
    codebook = list(book["Codebook"].iter_rows(values_only=True))
    assert codebook[0] == ("code", "instrument", "section", "question", "type", "options")
    codes = [r[0] for r in codebook[1:]]
    assert "model_adapted" in codes and "toilets_divided_notes" in codes
    duration = next(r for r in codebook if r[0] == "duration_of_stay")
    assert "under_3_months = Less than 3 months" in duration[5]


def test_every_spec_column_is_exported():
    for spec in (INTERVIEW, OBSERVATION):
        headers = {c.header for c in record_columns(spec)}
        missing = [c for c in spec.column_codes if c not in headers and c != "centre"]
        assert missing == []


def test_csv_comes_from_the_same_stream_as_the_sheet(coordinator_client):
    CoordinationActorFactory(interview__status=Status.SUBMITTED, actor_name="Red de albergues")
    for sheet in ("centres", "interviews", "actors", "observations"):
        response = coordinator_client.get(f"/reports/export/{sheet}.csv?values=codes")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
        book_rows = list(
            workbook(coordinator_client)[sheet.capitalize()].iter_rows(values_only=True)
        )
        assert rows[0] == list(book_rows[0])
        assert len(rows) == len(book_rows)
    assert coordinator_client.get("/reports/export/passwords.csv").status_code == 404


def test_formulas_are_written_as_text_in_the_workbook(coordinator_client):
    for i, formula in enumerate(FORMULAS):
        InterviewFactory(
            status=Status.SUBMITTED,
            respondent_position=formula,
            knows_cas_role_notes=formula,
            centre=CentreFactory(name=f"{formula} centre {i}" if i == 0 else f"Centro {i}"),
        )
    book = workbook(coordinator_client)
    sheet = book["Interviews"]
    header = [c.value for c in sheet[1]]
    position = header.index("respondent_position")
    notes = header.index("knows_cas_role_notes")
    seen = []
    for row in sheet.iter_rows(min_row=2):
        for cell in (row[position], row[notes]):
            assert cell.data_type == "s", cell.value
            # A lone CR is kept, as Excel's escape _x000D_ (openpyxl leaves it escaped).
            seen.append(unescape(cell.value))
    assert sorted(seen) == sorted(FORMULAS * 2)
    centre_cells = [row[0] for row in book["Centres"].iter_rows(min_row=2)]
    assert all(c.data_type != "f" for c in centre_cells)
    names = [c.value for c in book["Centres"]["B"][1:]]
    assert f"{FORMULAS[0]} centre 0" in names


def test_formulas_are_neutralised_in_csv(coordinator_client):
    for formula in FORMULAS:
        InterviewFactory(status=Status.SUBMITTED, respondent_position=formula)
    text = b"".join(
        coordinator_client.get("/reports/export/interviews.csv?values=codes").streaming_content
    ).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert sorted(r["respondent_position"] for r in rows) == sorted("'" + f for f in FORMULAS)
    assert csv_safe(-3) == -3 and csv_safe("Sin riesgo") == "Sin riesgo"


def _results_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/reports/").status_code == 200
    return len(queries)


def _make(n: int) -> None:
    for _ in range(n):
        interview = InterviewFactory(status=Status.SUBMITTED, main_needs=["human"])
        CoordinationActorFactory(interview=interview)
        ObservationFactory(status=Status.SUBMITTED, centre=interview.centre, has_kitchen=True)


def test_results_query_count_does_not_grow_with_the_data(coordinator_client):
    _make(3)
    small = _results_queries(coordinator_client)
    _make(30)
    assert _results_queries(coordinator_client) == small


def test_exporter_reads_in_chunks_with_a_constant_number_of_queries():
    _make(5)
    exporter = InterviewsExporter(ReportFilters())
    with CaptureQueriesContext(connection) as queries:
        rows = list(exporter.iterate())
    assert len(rows) == 6
    assert len(queries) == 1


@pytest.mark.parametrize(
    ("role", "status"),
    [("researcher", 403), ("analyst", 200), ("coordinator", 200)],
)
def test_results_and_exports_by_role(client, request, role, status):
    client.force_login(request.getfixturevalue(role))
    for url in ("/reports/", "/reports/export.xlsx", "/reports/export/interviews.csv"):
        assert client.get(url).status_code == status, url


BAD_FILTERS = ["round=abc", "date_from=2022-02-31", "state=Narnia", "status=lost",
               "date_from=2022-05-01&date_to=2022-04-01"]  # fmt: skip


@pytest.mark.parametrize("query", BAD_FILTERS)
def test_filters_that_cannot_apply_are_a_400_at_their_fields_and_no_download_goes_out(
    coordinator_client, query
):
    """A filter not understood used to fall back to the defaults: the page said so at the
    field with a 200, and the downloads went out with every record instead of those asked
    for. Now each is the results page with the filter's error, a 400, and nothing logged."""
    from audit.models import AccessEntry

    InterviewFactory(status=Status.SUBMITTED)
    for url in (
        "/reports/", "/reports/observations/", "/reports/export.xlsx",
        "/reports/export/interviews.csv", "/reports/export/centres.csv",
    ):  # fmt: skip
        response = coordinator_client.get(f"{url}?{query}", HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 400, url
        assert response["Content-Type"].startswith("text/html"), url
        html = response.content.decode()
        assert "invalid-feedback" in html, url
        # Neither counts nor download buttons of other filters than those asked for.
        assert 'id="filters-refused"' in html and "Correct the filters marked above" in html, url
        assert 'id="interview-base"' not in html and 'id="downloads"' not in html, url
    assert not AccessEntry.objects.exists()
    html = coordinator_client.get("/reports/").content.decode()
    assert 'id="interview-base"' in html and 'id="filters-refused"' not in html
    assert coordinator_client.get("/reports/export/centres.csv").status_code == 200


def test_the_comparison_and_the_programme_refuse_only_the_filters_they_show(coordinator_client):
    for url in ("/reports/compare/", "/reports/plan/"):
        response = coordinator_client.get(f"{url}?state=Narnia")
        assert response.status_code == 400, url
        assert "invalid-feedback" in response.content.decode(), url
        # Visit dates are not theirs to apply (nor shown): not a refusal.
        assert coordinator_client.get(f"{url}?date_from=2022-02-31").status_code == 200, url


def test_empty_results_page(coordinator_client):
    html = coordinator_client.get("/reports/").content.decode()
    assert "No interview matches these filters yet." in html
    assert "No observation matches these filters yet." in html


def test_observation_summary(coordinator_client):
    centre = CentreFactory(name="Albergue lleno")
    ObservationFactory(
        centre=centre,
        status=Status.SUBMITTED,
        expected_capacity=20,
        people_present=31,
        has_kitchen=True,
        has_medical_area=False,
        population_received=["families", "single_women"],
    )
    ObservationFactory(status=Status.SUBMITTED, expected_capacity=40, people_present=12)
    response = coordinator_client.get("/reports/")
    summary = response.context["observations"]
    assert summary.base.total == 2
    assert summary.over_capacity.total == 1
    kitchen = next(t for t in summary.space_totals if t.item.code == "has_kitchen")
    medical = next(t for t in summary.space_totals if t.item.code == "has_medical_area")
    assert kitchen.present.public == 1 and medical.missing.public == 1
    families = next(a for a in summary.population if a.code == "families")
    assert families.tally.total == 1
    html = response.content.decode()
    assert '<tr data-space="has_kitchen">' in html and "data-over-capacity" not in html
    matrix = coordinator_client.get("/reports/observations/").content.decode()
    assert matrix.count("data-over-capacity") == 1
    assert "Families, Single women" in matrix
