"""The results pages stay the same size, and make the same queries, however many records."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fieldwork.models import Status
from reports import observations

from .factories import CentreFactory, CoordinationActorFactory, InterviewFactory, ObservationFactory

pytestmark = pytest.mark.django_db


def _make(n: int) -> None:
    for _ in range(n):
        interview = InterviewFactory(status=Status.SUBMITTED, main_needs=["human"])
        CoordinationActorFactory(interview=interview)
        ObservationFactory(
            status=Status.SUBMITTED,
            centre=interview.centre,
            has_kitchen=True,
            has_medical_area=False,
            expected_capacity=10,
            people_present=12,
            population_received=["families"],
            duration_of_stay="unlimited",
        )


def _get(client, url: str) -> tuple[int, int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), len(response.content), response.content.decode()


def test_results_page_is_counts_whatever_the_number_of_records(coordinator_client):
    _make(3)
    _get(coordinator_client, "/reports/")  # once, for what a process loads once (content types)
    _make(1)
    queries, size, _html = _get(coordinator_client, "/reports/")
    _make(29)
    more_queries, more_size, html = _get(coordinator_client, "/reports/")
    assert more_queries == queries
    # Only numbers get wider (3 → 33); a row per record would add kilobytes.
    assert more_size - size < 1024
    assert '<tr data-space="has_kitchen"><td title="has_kitchen">The CAS has a kitchen area' in html
    assert "33 / 0</td>" in html  # has_kitchen present in 33 public centres
    assert "data-over-capacity" not in html


def test_summary_counts_spaces_population_and_stay_by_sector(coordinator_client):
    _make(2)
    ObservationFactory(
        status=Status.SUBMITTED,
        centre=CentreFactory(sector="private"),
        has_kitchen=False,
        duration_of_stay="under_3_months",
    )
    summary = coordinator_client.get("/reports/").context["observations"]
    kitchen = next(t for t in summary.space_totals if t.item.code == "has_kitchen")
    assert (kitchen.present.public, kitchen.present.private) == (2, 0)
    assert (kitchen.missing.public, kitchen.missing.private) == (0, 1)
    stay = {a.code: (a.tally.public, a.tally.private) for a in summary.duration}
    assert stay["unlimited"] == (2, 0) and stay["under_3_months"] == (0, 1)
    assert (summary.over_capacity.public, summary.over_capacity.private) == (2, 0)


def test_matrix_is_its_own_page_linked_with_the_filters(coordinator_client):
    _make(1)
    html = coordinator_client.get("/reports/?sector=public").content.decode()
    assert 'href="/reports/observations/?sector=public" id="observation-matrix-link"' in html
    matrix = coordinator_client.get("/reports/observations/?sector=public").content.decode()
    assert 'class="text-center table-success">Yes</td>' in matrix
    assert 'class="text-center table-danger">No</td>' in matrix
    assert matrix.count("data-over-capacity") == 1
    assert "Families" in matrix and "Unlimited time" in matrix
    assert 'href="/reports/?sector=public#observation-summary"' in matrix
    empty = coordinator_client.get("/reports/observations/?sector=private").content.decode()
    assert "No observation matches these filters yet." in empty


def test_matrix_pages_keep_size_queries_and_translations_flat(coordinator_client, monkeypatch):
    monkeypatch.setattr(observations, "MATRIX_PAGE_SIZE", 2)
    translated = []
    gettext = observations._
    monkeypatch.setattr(observations, "_", lambda text: translated.append(text) or gettext(text))
    _make(3)
    queries, size, html = _get(coordinator_client, "/reports/observations/?sector=public")
    assert html.count("data-over-capacity") == 2
    assert 'href="?sector=public&page=2"' in html
    calls = len(translated)
    _make(12)
    translated.clear()
    more_queries, more_size, _ = _get(coordinator_client, "/reports/observations/?sector=public")
    assert more_queries == queries
    assert abs(more_size - size) < 256
    assert len(translated) == calls  # the marks are translated once a page, not once a cell
    last = coordinator_client.get("/reports/observations/?sector=public&page=8")
    assert last.content.decode().count("data-over-capacity") == 1
    # A page that is not a number or is past the end shows a page, not an error.
    for page in ("x", "999"):
        response = coordinator_client.get(f"/reports/observations/?page={page}")
        assert response.status_code == 200
