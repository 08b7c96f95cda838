"""Issue 18: the counted records (each centre's latest record) are read through an index on
both databases, give the same records however they are read, and the matrix page is read a
page at a time and cached until the data change."""

import random
from datetime import date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from centres.models import Centre
from centres.selectors import centre_list
from fieldwork.models import Round, Status
from interviews.models import Interview
from observations.models import Observation
from reports.filters import ReportFilters
from reports.selectors import counted_records

from .factories import CentreFactory, InterviewFactory, ObservationFactory

pytestmark = pytest.mark.django_db


def _latest_in_python(records, *, per_round=False):
    """The rule of `reports.selectors`, in Python: latest visit date (none is oldest), then
    latest submission (none is oldest), then highest id."""
    best = {}
    for record in records:
        key = (record.centre_id, record.round_id) if per_round else record.centre_id
        rank = (
            record.visit_date is not None,
            record.visit_date or date.min,
            record.submitted_at is not None,
            record.submitted_at or timezone.make_aware(datetime(1970, 1, 1)),
            record.pk,
        )
        if key not in best or rank > best[key][0]:
            best[key] = (rank, record.pk)
    return sorted(pk for _rank, pk in best.values())


def test_counted_records_match_the_rule_with_ties_rounds_and_missing_dates():
    """Whichever way the database reads them (DISTINCT ON on PostgreSQL, a correlated
    subquery on SQLite), the counted records are those of the rule."""
    rng = random.Random(18)  # noqa: S311 (test data, not a secret)
    rounds = [
        Round.objects.create(name="R1", starts_on=date(2022, 1, 1)),
        Round.objects.create(name="R2", starts_on=date(2025, 1, 1)),
    ]
    centres = [CentreFactory() for _ in range(6)]
    noon = timezone.make_aware(datetime(2022, 5, 1, 12))
    for _ in range(60):
        InterviewFactory(
            centre=rng.choice(centres),
            round=rng.choice(rounds),
            status=rng.choice([Status.SUBMITTED, Status.APPROVED, Status.DRAFT]),
            visit_date=rng.choice([None, date(2022, 4, 1), date(2022, 5, 1)]),
            submitted_at=rng.choice([None, noon, noon.replace(hour=9)]),
        )
    for filters in (
        ReportFilters(),
        ReportFilters(round=rounds[0].pk),
        ReportFilters(round=rounds[1].pk),
    ):
        records = list(filters.apply(Interview.objects.all()))
        assert sorted(r.pk for r in counted_records(filters, Interview)) == _latest_in_python(
            records
        )
        per_round = counted_records(filters, Interview, per_round=True)
        assert sorted(r.pk for r in per_round) == _latest_in_python(records, per_round=True)
        # A filter added afterwards narrows the counted records; it does not pick others.
        centre = centres[0]
        narrowed = counted_records(filters, Interview).filter(centre=centre)
        assert [r.pk for r in narrowed] == [
            pk for pk in _latest_in_python(records) if Interview.objects.get(pk=pk).centre == centre
        ]


def _index_names(table: str) -> set[str]:
    with connection.cursor() as cursor:
        return {
            name
            for name, info in connection.introspection.get_constraints(cursor, table).items()
            if info["index"]
        }


def test_each_instrument_has_the_latest_record_index_and_the_right_query():
    for table in ("interviews_interview", "observations_observation"):
        assert f"{table}_latest" in _index_names(table)
    ObservationFactory(status=Status.SUBMITTED)
    sql, params = counted_records(ReportFilters(), Observation).query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"EXPLAIN {sql}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(row) for row in cursor.fetchall())
    if connection.vendor == "postgresql":
        # DISTINCT ON (a Unique over the ordered records), no subquery run once per record.
        assert "Unique" in plan and "SubPlan" not in plan
    else:
        # The correlated subquery searches the index, not the round's or the status's.
        assert "observations_observation_latest" in plan


def test_search_indexes_on_postgresql_only_with_the_same_results():
    """PostgreSQL gets a trigram index for the search (pg_trgm may be installed here); SQLite
    none. Both find a term in the name, municipality or address, whatever its case or its
    accents, and never across two of them."""
    names = _index_names("centres_centre")
    assert "centre_state_name_idx" in names
    old = {f"centres_centre_{c}_trgm" for c in ("name", "municipality", "address")}
    assert not old & names  # replaced by the search text's
    if connection.vendor == "postgresql":
        assert "centres_centre_search_text_trgm" in names
    else:
        assert "centres_centre_search_text_trgm" not in names
    by_name = CentreFactory(name="Casa Hogar Tapachula")
    by_place = CentreFactory(municipality="TAPACHULA")
    by_address = CentreFactory(address="Calle 5, tapachula centro")
    CentreFactory(name="Albergue Tijuana")
    assert set(centre_list(q="tapaCHULA")) == {by_name, by_place, by_address}
    assert set(centre_list(q="TÁPACHÚLA")) == {by_name, by_place, by_address}
    assert set(centre_list(q="Tijuana Calle")) == set()  # not across name and address


@pytest.mark.parametrize(
    ("stored", "typed"),
    [
        ("Casa Hogar Niño Jesús", "nino jesus"),
        ("CASA DEL NIÑO", "niño"),
        ("Ciudad de México", "MEXICO"),
        ("Albergue Mexico", "méxico"),
        ("Centro Ñuu Savi", "ñuu"),
        ("Güeros del Norte", "GUEROS"),
        ("ÁNGELES ÉXITO ÍNDIGO ÓRALE ÚNICO", "angeles exito indigo orale unico"),
    ],
)
def test_search_ignores_accents_and_case(stored, typed):
    """A search for "mexico" finds "México" and "niño" finds "NIÑO", whatever was stored or
    typed: the database's fold (a generated column, kept on every write) and the query's
    agree."""
    centre = CentreFactory(name=stored)
    CentreFactory(name="Otro albergue")
    assert list(centre_list(q=typed)) == [centre]


def test_search_finds_the_state_too():
    """ "mexico" finds the centres of Ciudad de México and Estado de México; "nuevo leon" those of
    Nuevo León (the forms' centre search filters by state too)."""
    capital = CentreFactory(name="Albergue Uno", state="Ciudad de México", municipality="Tlalpan")
    state = CentreFactory(name="Albergue Dos", state="Estado de México", municipality="Toluca")
    north = CentreFactory(name="Albergue Tres", state="Nuevo León", municipality="Monterrey")
    assert set(centre_list(q="mexico")) == {capital, state}
    assert list(centre_list(q="nuevo leon")) == [north]


def test_search_text_kept_on_every_kind_of_write():
    """The database writes the search text: bulk_create() and update() keep it too."""
    (centre,) = Centre.objects.bulk_create([CentreFactory.build(name="Casa Lupita")])
    assert list(centre_list(q="lupita")) == [centre]
    Centre.objects.filter(pk=centre.pk).update(municipality="Mérida")
    assert list(centre_list(q="merida")) == [centre]


def _matrix(client, url="/reports/observations/"):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    # The records' reads, not the menu's badge (the user's returned records).
    reads = [
        q["sql"]
        for q in queries
        if "observations_observation" in q["sql"] and "interviewer_id" not in q["sql"]
    ]
    return response.content.decode(), len(queries), reads


def test_matrix_page_is_cached_until_the_data_change(coordinator_client):
    for n in range(3):
        ObservationFactory(status=Status.SUBMITTED, centre=CentreFactory(name=f"Centro {n}"))
    html, queries, reads = _matrix(coordinator_client)
    assert "Centro 2" in html and len(reads) == 2  # the count and the page's rows
    again, cached_queries, cached_reads = _matrix(coordinator_client)
    table = html[html.index("<table") : html.rindex("</table>")]
    assert table in again and cached_reads == [] and cached_queries == queries - 2
    # A new observation changes the data version: the page is read again.
    ObservationFactory(status=Status.SUBMITTED, centre=CentreFactory(name="Centro nuevo"))
    html, _, reads = _matrix(coordinator_client)
    assert "Centro nuevo" in html and len(reads) == 2


def test_matrix_rows_are_each_centres_latest_in_name_order(coordinator_client, monkeypatch):
    from reports import observations

    monkeypatch.setattr(observations, "MATRIX_PAGE_SIZE", 2)
    b, a, c = (CentreFactory(name=name) for name in ("B", "A", "C"))
    ObservationFactory(
        centre=a, status=Status.SUBMITTED, visit_date=date(2022, 4, 1), has_kitchen=True
    )
    ObservationFactory(
        centre=a, status=Status.SUBMITTED, visit_date=date(2022, 5, 1), has_kitchen=False
    )
    ObservationFactory(centre=b, status=Status.SUBMITTED, visit_date=date(2022, 4, 1))
    ObservationFactory(centre=c, status=Status.DRAFT)  # not counted: no row for C
    first = observations.observation_matrix(ReportFilters(), "1")
    assert first.paginator.count == 2
    assert [row.centre for row in first.object_list] == ["A", "B"]
    assert first.object_list[0].visit_date == date(2022, 5, 1)
    assert not first.has_next()


def test_matrix_queries_do_not_grow_with_the_records(coordinator_client):
    def make(n):
        for _ in range(n):
            ObservationFactory(status=Status.SUBMITTED)

    make(2)
    _, small, _ = _matrix(coordinator_client, "/reports/observations/?round=all")
    make(60)
    _, large, _ = _matrix(coordinator_client, "/reports/observations/?round=all&page=2")
    assert large == small
