"""Least privilege in results and exports (issue 12, item 10), table-driven per role.

Analysts count and export neither drafts nor returned records, whatever the address asks for,
and the page says so; returned records count only when the filter asks for them; analysts'
exports show researchers as pseudonyms, as they show respondents.
"""

import csv
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from fieldwork.models import Status
from reports.exporters import researcher_pseudonym

from .factories import CoordinationActorFactory, InterviewFactory, ObservationFactory, UserFactory

pytestmark = pytest.mark.django_db

S, R, A, D = Status.SUBMITTED, Status.RETURNED, Status.APPROVED, Status.DRAFT
ALL = (D, S, R, A)
RESPONDENT = "Respondente Nombre"


@pytest.fixture
def world(centre):
    maria = UserFactory(username="maria.researcher", role="researcher")
    ids = {}
    for status in ALL:
        interview = InterviewFactory(
            centre=centre,
            interviewer=maria,
            status=status,
            respondent_name=f"{RESPONDENT} {status}",
        )
        CoordinationActorFactory(interview=interview)
        observation = ObservationFactory(centre=centre, interviewer=maria, status=status)
        ids[status] = (interview.pk, observation.pk)
    return ids


def client_for(request, role: str) -> Client:
    client = Client()
    client.force_login(request.getfixturevalue(role))
    return client


def workbook(client, query: str):
    response = client.get(f"/reports/export.xlsx{query or '?'}&values=codes")
    assert response.status_code == 200
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def sheet_rows(book, sheet: str) -> list[dict]:
    header, *rows = book[sheet].iter_rows(values_only=True)
    return [dict(zip(header, row, strict=True)) for row in rows]


def csv_rows(client, query: str, sheet: str) -> list[dict]:
    response = client.get(f"/reports/export/{sheet}.csv{query or '?'}&values=codes")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


# role, query, statuses counted, whether the page says that some were ignored
# fmt: off
STATUS_CASES = [
    ("coordinator", "",                                 (S, A), False),
    ("coordinator", "?status=draft",                    (D,),   False),
    ("coordinator", "?status=returned",                 (R,),   False),
    ("coordinator", "?status=returned&status=approved", (R, A), False),
    ("coordinator", "?" + "&".join(f"status={s}" for s in ALL), ALL, False),
    ("analyst",     "",                                 (S, A), False),
    ("analyst",     "?status=submitted",                (S,),   False),
    ("analyst",     "?status=draft",                    (S, A), True),
    ("analyst",     "?status=returned",                 (S, A), True),
    ("analyst",     "?status=draft&status=approved",    (A,),   True),
    ("analyst",     "?" + "&".join(f"status={s}" for s in ALL), (S, A), True),
]
# fmt: on


@pytest.mark.parametrize(("role", "query", "counted", "ignored"), STATUS_CASES)
def test_statuses_counted_and_exported_per_role(request, world, role, query, counted, ignored):
    client = client_for(request, role)
    interviews = sorted(world[s][0] for s in counted)
    observations = sorted(world[s][1] for s in counted)

    response = client.get(f"/reports/{query}")
    assert response.status_code == 200
    # One centre, counted once (its latest record); the base line counts every interview.
    assert response.context["sections"][0].items[0].base.total == 1
    assert response.context["observations"].base.total == 1
    n = len(counted)
    interviews_line = f"{n} interview{'s' if n > 1 else ''}, the latest per centre counted"
    assert interviews_line in response.context["base_line"]
    html = response.content.decode()
    labels = ", ".join(str(Status(s).label) for s in counted)
    assert f"counted here and in the downloads: {labels}." in html
    assert ('id="ignored-statuses"' in html) is ignored
    # The filter offers analysts only what they may count.
    offered = {value for value, _label in response.context["form"].fields["status"].choices}
    assert offered == ({S, A} if role == "analyst" else set(ALL))

    book = workbook(client, query)
    assert sorted(r["id"] for r in sheet_rows(book, "Interviews")) == interviews
    assert sorted(r["id"] for r in sheet_rows(book, "Observations")) == observations
    assert sorted(r["interview"] for r in sheet_rows(book, "Actors")) == interviews
    for sheet, expected in (
        ("interviews", interviews),
        ("observations", observations),
    ):
        assert sorted(int(r["id"]) for r in csv_rows(client, query, sheet)) == expected
    assert sorted(int(r["interview"]) for r in csv_rows(client, query, "actors")) == interviews


# role, query, researcher shown by username, respondent shown by name
NAME_CASES = [
    ("coordinator", "", True, False),
    ("coordinator", "?names=1", True, True),
    ("analyst", "", False, False),
    ("analyst", "?names=1", False, False),
]


@pytest.mark.parametrize(("role", "query", "researcher_named", "respondent_named"), NAME_CASES)
def test_who_is_named_in_exports_per_role(
    request, world, role, query, researcher_named, respondent_named
):
    client = client_for(request, role)
    username = "maria.researcher"
    interviewer = username if researcher_named else researcher_pseudonym(username)
    assert interviewer.startswith("R-") is not researcher_named
    book = workbook(client, query)
    for sheet in ("Interviews", "Observations"):
        rows = sheet_rows(book, sheet)
        assert rows and {r["interviewer"] for r in rows} == {interviewer}
    for row in sheet_rows(book, "Interviews"):
        named = row["respondent_name"].startswith(RESPONDENT)
        assert named is respondent_named
        assert row["respondent_name"].startswith("P-") is not respondent_named
    for sheet in ("interviews", "observations"):
        assert {r["interviewer"] for r in csv_rows(client, query, sheet)} == {interviewer}

    page = client.get("/reports/").content.decode()
    assert ("Respondents and researchers are named by stable pseudonyms." in page) is (
        role == "analyst"
    )
    if not researcher_named:
        # Nowhere in the analyst's workbook or CSVs: the researcher's username, or a respondent.
        cells = [
            str(value)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        ]
        for sheet in ("centres", "interviews", "actors", "observations"):
            cells += [v for row in csv_rows(client, query, sheet) for v in row.values()]
        assert not [c for c in cells if username in c or RESPONDENT in c]
