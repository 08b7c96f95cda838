"""The results page's counts are cached until the data change (issue 18, item 2).

The counts are kept keyed by a data version that every write to what they count replaces
(reports/freshness.py), the filters, the role's statuses and the language. A read with
nothing changed runs no aggregate query; each kind of write is seen by the next read.
"""

import re
import uuid

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from coding.services import code_note
from fieldwork.models import Status
from interviews.models import Interview
from interviews.spec import INTERVIEW
from reports.freshness import data_changed, data_version

from .factories import (
    CentreFactory,
    CoordinationActorFactory,
    InterviewFactory,
    ObservationFactory,
    ThemeFactory,
)
from .payloads import complete_payload

pytestmark = pytest.mark.django_db


def _client(user, language="en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def _base(client, query: str = "") -> str:
    """The line that says what is counted ("2 centres: 1 private, 1 public; 2 interviews…")."""
    page = client.get(f"/reports/{query}").content.decode()
    return re.search(r'<p class="lead" id="interview-base">(.*?)</p>', page).group(1)


def _centres(client, query: str = "") -> int:
    return int(re.match(r"(\d+) centre", _base(client, query)).group(1))


def _read(client, url: str = "/reports/") -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in queries.captured_queries]


def _aggregates(sql: list[str]) -> list[str]:
    return [q for q in sql if "COUNT(" in q and "django_session" not in q and "'returned'" not in q]


def _make(n: int, sector: str = "public") -> list[Interview]:
    interviews = []
    for _ in range(n):
        interview = InterviewFactory(status=Status.SUBMITTED, centre=CentreFactory(sector=sector))
        CoordinationActorFactory(interview=interview)
        ObservationFactory(status=Status.SUBMITTED, centre=interview.centre)
        interviews.append(interview)
    return interviews


# Reading ------------------------------------------------------------------------------------


def test_a_read_with_nothing_changed_runs_no_aggregate_query(coordinator):
    client = _client(coordinator)
    _make(2)
    first = _read(client)
    assert _aggregates(first)  # computed once
    second = _read(client)
    assert not _aggregates(second), _aggregates(second)
    assert len(second) < len(first)
    _make(20)  # many more records: the next read computes again, then none
    assert _aggregates(_read(client))
    again = _read(client)
    assert len(again) == len(second)  # the same queries, whatever the number of records
    assert not _aggregates(again)


def test_the_cached_counts_are_per_filter_language_and_role(coordinator, analyst):
    _make(2, "public")
    _make(1, "private")
    english, spanish = _client(coordinator), _client(coordinator, "es")
    assert _base(english).startswith("3 centres: 1 private, 2 public")
    assert _base(spanish).startswith("3 centros")
    assert _centres(english, "?sector=private") == 1
    assert _centres(english, "?sector=public") == 2
    # A coordinator may count drafts; an analyst's `?status=draft` is ignored.
    InterviewFactory(status=Status.DRAFT, centre=CentreFactory())
    assert _centres(english, "?status=draft") == 1
    assert _centres(_client(analyst), "?status=draft") == 3
    # The link to the matrix keeps each request's own filters.
    page = english.get("/reports/?sector=private").content.decode()
    assert 'href="/reports/observations/?sector=private"' in page


# Every kind of write is seen by the next read --------------------------------------------------


def test_a_saved_draft_is_seen(coordinator, researcher, centre):
    client = _client(coordinator)
    assert _centres(client, "?status=draft") == 0
    data = complete_payload(INTERVIEW, centre, action="save")
    response = _client(researcher).post(f"/interviews/new/?centre={centre.pk}", data)
    assert response.status_code == 302
    assert _centres(client, "?status=draft") == 1


def test_a_submission_is_seen(coordinator, researcher, centre):
    client = _client(coordinator)
    _make(1)
    assert _centres(client) == 1
    data = complete_payload(
        INTERVIEW, centre, actors=[{"actor_name": "DIF", "actor_sector": "state"}]
    )
    response = _client(researcher).post(f"/interviews/new/?centre={centre.pk}", data)
    assert response.status_code == 302
    assert Interview.objects.get(centre=centre).status == Status.SUBMITTED
    assert _centres(client) == 2


@pytest.mark.parametrize(("decision", "approved", "counted"), [("approve", 1, 1), ("return", 0, 0)])
def test_a_review_is_seen(coordinator, decision, approved, counted):
    client = _client(coordinator)
    (interview,) = _make(1)
    assert (_centres(client), _centres(client, "?status=approved")) == (1, 0)
    response = client.post(
        f"/interviews/{interview.pk}/review/",
        {"version": interview.version, "decision": decision, "comment": "Revise."},
    )
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.status == (Status.APPROVED if approved else Status.RETURNED)
    assert (_centres(client), _centres(client, "?status=approved")) == (counted, approved)


def test_a_discarded_draft_is_seen(coordinator, researcher, centre):
    client = _client(coordinator)
    draft = InterviewFactory(centre=centre, interviewer=researcher, status=Status.DRAFT)
    assert _centres(client, "?status=draft") == 1
    response = _client(researcher).post(f"/interviews/{draft.pk}/discard/")
    assert response.status_code == 302
    assert not Interview.objects.filter(pk=draft.pk).exists()
    assert _centres(client, "?status=draft") == 0


def test_a_deleted_record_is_seen(coordinator):
    client = _client(coordinator)
    interviews = _make(2)
    assert _centres(client) == 2
    interviews[0].delete()  # as the admin deletes
    assert _centres(client) == 1


def test_a_changed_centre_is_seen(coordinator):
    client = _client(coordinator)
    (interview,) = _make(1, "public")
    assert _base(client).startswith("1 centre: 1 public;")
    interview.centre.sector = "private"
    interview.centre.operator = "civil_society"
    interview.centre.save()
    assert _base(client).startswith("1 centre: 1 private;")


def test_a_changed_coordination_actor_is_seen(coordinator):
    client = _client(coordinator)
    (interview,) = _make(1)
    before = data_version()
    actor = interview.coordination_actors.get()
    actor.actor_sector = "federal"
    actor.save()
    assert data_version() != before
    page = client.get("/reports/").content.decode()
    row = re.search(r'<tr data-answer="federal">.*?</tr>', page, re.S).group(0)
    assert 'fw-semibold">1</td>' in row


def test_a_coded_note_is_seen(coordinator):
    client = _client(coordinator)
    (interview,) = _make(1)
    interview.main_challenges = "Falta personal"
    interview.save()
    theme = ThemeFactory(items=["main_challenges"])
    page = client.get("/reports/").content.decode()
    assert f'data-theme-finding="{theme.code}"' not in page
    code_note(instrument="interview", record_id=interview.pk, item="main_challenges",
              themes=[theme], quote="", coder=coordinator)  # fmt: skip
    page = client.get("/reports/").content.decode()
    assert f'data-theme-finding="{theme.code}"' in page


def test_a_write_without_signals_says_so_with_data_changed(coordinator):
    """`QuerySet.update()` and `bulk_create()` send no signals: an import in bulk calls
    `data_changed()` in its transaction, and the next read counts what it wrote."""
    client = _client(coordinator)
    _make(2)
    assert _centres(client) == 2
    with transaction.atomic():
        Interview.objects.update(status=Status.RETURNED)
        assert _centres(client) == 2  # nothing said yet: the cached counts
        data_changed()
    assert _centres(client) == 0


def test_the_version_is_a_fresh_token_on_every_write(centre):
    first = data_version()
    centre.save()
    second = data_version()
    centre.save()
    assert len({first, second, data_version()}) == 3
    assert uuid.UUID(data_version())
