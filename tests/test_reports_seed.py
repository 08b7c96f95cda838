"""Section III of the assessment, reproduced: page, findings in words and workbook agree."""

import io

import pytest
from openpyxl import load_workbook

from fieldwork.models import Status

from .factories import InterviewFactory
from .seed_assessment import build

pytestmark = pytest.mark.django_db

# (item, answer, public, private) as section III states them.
SEED_COUNTS = [
    ("knows_laws", "lgdnna", 3, 2),
    ("knows_laws", "migration_law", 0, 2),
    ("knows_laws", "refugee_law", 0, 2),
    ("knows_detention_prohibition", "yes", 1, 2),
    ("knows_protection_protocol", "yes", 1, 1),
    ("knows_cas_role", "yes", 2, 2),
    ("knows_cas_role", "no", 1, 0),
    ("has_care_model", "yes", 1, 2),
    ("has_care_model", "no", 2, 0),
    ("resources_available", "human", 3, 2),
    ("resources_available", "infrastructure", 3, 2),
    ("main_challenges", "coordination", 0, 2),
    ("main_challenges", "resources", 3, 0),
    ("technical_support", "skills_training", 3, 2),
    ("coordination_actors", "civil_society", 1, 2),
]

# Each finding names its subject and uses the seed's quantifiers (all, only, four of the five).
SEED_FINDINGS = [
    "General Law on the Rights of Children known in all the CAS (two private and three public "
    "CAS; 5 of 5).",
    "Migration Law known only in two private CAS (2 of 5).",
    "Law on Refugees, Complementary Protection and Political Asylum known only in two private "
    "CAS (2 of 5).",
    "Prohibition on detaining migrant children known only in two private and one public CAS "
    "(3 of 5).",
    "Migrant Child Protection Protocol known only in one private and one public CAS (2 of 5).",
    "Role of the CAS in receiving migrant children known in four of the five CAS (two private "
    "and two public CAS; 4 of 5).",
    "Care model only in two private and one public CAS (3 of 5).",
    "The two public CAS without a care model (2 of 5).",
    "Care model adapted for migrant children in two of the three CAS (two private CAS; 2 of 3 "
    "asked).",
    "Human resources in all the CAS (two private and three public CAS; 5 of 5).",
    "Coordination with civil society organisations only in two private and one public CAS "
    "(3 of 5).",
    "Skills training requested in all the CAS (two private and three public CAS; 5 of 5).",
]


@pytest.fixture
def seed(researcher):
    return build(researcher)


def page_counts(response) -> dict:
    counts = {}
    for section in response.context["sections"]:
        for result in section.items:
            for answer in result.answers:
                counts[(result.item.code, answer.code)] = (
                    answer.tally.public,
                    answer.tally.private,
                )
    return counts


def test_page_shows_the_seed_counts(coordinator_client, seed):
    response = coordinator_client.get("/reports/")
    counts = page_counts(response)
    for code, answer, public, private in SEED_COUNTS:
        assert counts[(code, answer)] == (public, private), (code, answer)
    html = response.content.decode().replace("&#x27;", "'")
    for finding in SEED_FINDINGS:
        assert finding in html, finding
    assert '<tr data-answer="yes"><td>Yes</td><td class="text-end">1</td>' in html
    assert "<svg" in html and "<title>Do you know of the Migrant Child" in html


def test_workbook_shows_the_seed_counts(coordinator_client, seed):
    response = coordinator_client.get("/reports/export.xlsx?values=codes")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    summary = {}
    for sheet in ("Knowledge", "Resources", "Needs"):
        rows = list(workbook[sheet].iter_rows(values_only=True))
        assert rows[0] == ("code", "question", "answer", "public", "private", "total")
        for code, _question, answer, public, private, total in rows[1:]:
            summary[(code, answer)] = (public, private, total)
    labels = {"yes": "Yes", "no": "No", "lgdnna": "General Law on the Rights of Children",
              "migration_law": "Migration Law", "refugee_law":
              "Law on Refugees, Complementary Protection and Political Asylum",
              "human": "Human", "infrastructure": "Infrastructure",
              "coordination": "Coordination", "resources": "Resources",
              "skills_training": "Skills training",
              "civil_society": "Civil society organisation"}  # fmt: skip
    for code, answer, public, private in SEED_COUNTS:
        assert summary[(code, labels[answer])] == (public, private, public + private)

    interviews = list(workbook["Interviews"].iter_rows(values_only=True))
    header = interviews[0]
    assert len(interviews) == 6
    col = header.index("knows_detention_prohibition")
    assert sorted(r[col] for r in interviews[1:]) == ["No", "No", "Yes", "Yes", "Yes"]
    col = header.index("knows_laws/migration_law")
    assert sum(r[col] for r in interviews[1:]) == 2
    actors = list(workbook["Actors"].iter_rows(values_only=True))
    assert len(actors) == 1 + 5 + 3


@pytest.mark.parametrize(
    ("query", "public", "private"),
    [
        ("?state=Tabasco", 1, 1),
        ("?sector=public", 3, 0),
        ("?sector=private&state=Veracruz", 0, 0),
        ("?date_from=2022-04-20&date_to=2022-05-01", 1, 1),
    ],
)
def test_filters_narrow_the_counts(coordinator_client, seed, query, public, private):
    response = coordinator_client.get(f"/reports/{query}")
    base = response.context["sections"][0].items[0].base
    assert (base.public, base.private) == (public, private)
    workbook = load_workbook(
        io.BytesIO(
            b"".join(
                coordinator_client.get(
                    f"/reports/export.xlsx{query}&values=codes"
                ).streaming_content
            )
        )
    )
    assert workbook["Interviews"].max_row - 1 == public + private


def test_drafts_count_only_when_asked(coordinator_client, seed, researcher):
    InterviewFactory(centre=seed[0].centre, interviewer=researcher, knows_cas_role=True)
    default = coordinator_client.get("/reports/").context["sections"][0].items[0].base
    assert default.total == 5
    with_drafts = (
        coordinator_client.get(f"/reports/?status={Status.DRAFT}&status={Status.SUBMITTED}")
        .context["sections"][0]
        .items[0]
        .base
    )
    # The draft is a second interview of a counted centre: the centre still counts once,
    # with its latest interview (the submitted one: the draft has no visit date).
    assert with_drafts.total == 5
    only_drafts = coordinator_client.get(f"/reports/?status={Status.DRAFT}")
    assert only_drafts.context["sections"][0].items[0].base.total == 1


def test_bad_date_range_is_reported_at_the_field(coordinator_client, seed):
    response = coordinator_client.get("/reports/?date_from=2022-06-01&date_to=2022-01-01")
    assert response.status_code == 400  # at the field, and nothing counted with other filters
    assert "The end date is before the start date." in response.content.decode()
