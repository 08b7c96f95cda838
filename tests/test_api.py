"""The read API: the same numbers as the results page, the same records and role rules as the
site, no names for analysts, pagination, filters, codes or labels in either language, photos
as protected links, no copy kept, constant queries, and the audit hook."""

import datetime
import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from accounts.privacy import pseudonym
from accounts.roles import Role
from api.audit import personal_read
from api.services import create_token
from audit.models import AccessEntry
from fieldwork.models import Round, Status, default_round
from interviews.models import Interview
from plans.models import PlanAction
from reports.exporters import researcher_pseudonym

from .factories import (
    CentreFactory,
    CoordinationActorFactory,
    InterviewFactory,
    ObservationFactory,
    UserFactory,
)
from .images import make_photo
from .seed_assessment import build

pytestmark = pytest.mark.django_db

RESEARCHER = "field.researcher.zq"


@pytest.fixture(autouse=True)
def _no_throttle_counts():
    cache.clear()


@pytest.fixture
def assessment():
    """The 2022 assessment; each respondent's name also typed into a note and an actor."""
    researcher = UserFactory(username=RESEARCHER, role=Role.RESEARCHER)
    interviews = build(researcher)
    for interview in interviews:
        interview.main_challenges_notes += f" Said by {interview.respondent_name}."
        interview.save()
        CoordinationActorFactory(
            interview=interview, actor_name=f"{interview.respondent_name}'s network"
        )
    return interviews


def api(client, user, url, status=200, **headers):
    client.force_login(user)
    response = client.get(url, **headers)
    assert response.status_code == status, response.content[:400]
    return response


def every_page(client, url):
    rows = []
    while url:
        page = client.get(url).json()
        rows += page["results"]
        url = page["next"]
    return rows


# Results: the numbers of the results page and its workbook.


def summary_sheets(client, query):
    response = client.get(f"/reports/export.xlsx?{query}&values=codes")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    counts = {}
    for sheet in ("Knowledge", "Resources", "Needs"):
        rows = list(book[sheet].iter_rows(values_only=True))
        header = rows[0]
        for row in rows[1:]:
            counts[(row[0], row[2])] = dict(zip(header[3:], row[3:], strict=True))
    return counts


@pytest.mark.parametrize(
    "query", ["", "split=operator", "state=Tabasco", "sector=public&date_from=2022-04-19"]
)
def test_results_are_the_numbers_of_the_results_workbook(client, coordinator, assessment, query):
    client.force_login(coordinator)
    expected = summary_sheets(client, query)
    data = api(client, coordinator, f"/api/v1/results/?{query}&lang=en").json()
    found = {}
    for section in data["sections"]:
        for item in section["items"]:
            for answer in item["answers"]:
                found[(item["code"], answer["label"])] = answer["counts"]
    assert found == expected
    assert [s["code"] for s in data["sections"]] == ["K", "R", "N"]


def test_results_by_section_and_the_line_above_them(client, analyst, assessment):
    data = api(client, analyst, "/api/v1/results/?section=R&lang=en").json()
    assert [s["code"] for s in data["sections"]] == ["R"]
    assert data["centres"] == {"public": 3, "private": 2, "total": 5}
    assert data["summary"].startswith("5 centres: 2 private, 3 public")
    assert data["statuses"] == ["submitted", "approved"]
    has_model = next(i for i in data["sections"][0]["items"] if i["code"] == "has_care_model")
    assert has_model["findings"]
    assert {a["code"]: a["counts"]["total"] for a in has_model["answers"]}["yes"] == 3


# Records: what each role may see, names as in the exports.


def test_analysts_get_no_names_anywhere(client, analyst, assessment):
    names = [i.respondent_name for i in assessment]
    body = b""
    for url in ("/api/v1/interviews/", "/api/v1/interviews/?values=labels&lang=es"):
        body += api(client, analyst, url).content
    for interview in assessment:
        body += api(client, analyst, f"/api/v1/interviews/{interview.pk}/").content
    text = body.decode()
    for name in names:
        assert name not in text
        assert pseudonym(name) in text  # the id of the site's exports
    assert RESEARCHER not in text
    assert researcher_pseudonym(RESEARCHER) in text
    # The name is masked in the notes and the actors too, not only in its own field.
    assert "Said by […]" in text
    assert "[…]'s network" in text


def test_coordinators_ask_for_names_as_in_the_exports(client, coordinator, assessment):
    plain = api(client, coordinator, "/api/v1/interviews/").content.decode()
    assert assessment[0].respondent_name not in plain
    assert RESEARCHER in plain  # coordinators read researchers' usernames
    named = every_page(client, "/api/v1/interviews/?names=1")
    by_id = {row["id"]: row for row in named}
    first = by_id[assessment[0].pk]
    assert first["respondent_name"] == assessment[0].respondent_name
    assert first["main_challenges_notes"].endswith(f"Said by {assessment[0].respondent_name}.")


def test_analysts_read_submitted_and_approved_records_only(client, analyst, coordinator, centre):
    ids = {s: InterviewFactory(centre=centre, status=s).pk for s in Status.values}
    shown = {row["id"] for row in api(client, analyst, "/api/v1/interviews/").json()["results"]}
    assert shown == {ids["submitted"], ids["approved"]}
    api(client, analyst, f"/api/v1/interviews/{ids['draft']}/", 404)
    api(client, analyst, f"/api/v1/interviews/{ids['returned']}/", 404)
    refused = api(client, analyst, "/api/v1/interviews/?status=returned", 400).json()
    assert "status" in refused
    every = api(client, coordinator, "/api/v1/interviews/").json()["results"]
    assert {row["id"] for row in every} == set(ids.values())


def test_researchers_read_what_the_site_shows_them(client, researcher, other_researcher, centre):
    own = InterviewFactory(centre=centre, interviewer=researcher, status=Status.DRAFT)
    others = InterviewFactory(centre=centre, interviewer=other_researcher, status=Status.DRAFT)
    sent = InterviewFactory(centre=centre, interviewer=other_researcher, status=Status.SUBMITTED)
    rows = api(client, researcher, "/api/v1/interviews/").json()["results"]
    assert {row["id"] for row in rows} == {own.pk, sent.pk}
    api(client, researcher, f"/api/v1/interviews/{others.pk}/", 404)


# Codes or labels, either language.


def test_codes_by_default_labels_when_asked_in_either_language(client, coordinator, centre):
    InterviewFactory(centre=centre, status=Status.SUBMITTED, has_care_model=True,
                     knows_laws=["lgdnna"], consent_recording=None)  # fmt: skip
    codes = api(client, coordinator, "/api/v1/interviews/").json()["results"][0]
    assert codes["has_care_model"] is True
    assert codes["consent_recording"] is None
    assert codes["knows_laws"] == ["lgdnna"]
    assert codes["sector"] == "public" and codes["status"] == "submitted"
    spanish = api(client, coordinator, "/api/v1/interviews/?values=labels&lang=es")
    row = spanish.json()["results"][0]
    assert spanish["Content-Language"] == "es"
    assert row["has_care_model"] == "Sí"
    assert row["sector"] == "Público" and row["status"] == "Enviado"
    assert row["knows_laws"] == ["Ley General de los Derechos de Niñas, Niños y Adolescentes"]
    english = api(client, coordinator, "/api/v1/interviews/?values=labels",
                  HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
    row = english.json()["results"][0]
    assert english["Content-Language"] == "en"
    assert (row["has_care_model"], row["sector"]) == ("Yes", "Public")


@pytest.mark.parametrize(
    ("query", "message"),
    [("values=words", "Elija labels o codes."), ("lang=fr", "Choose es or en.")],
)
def test_bad_output_options_are_a_clear_400(client, coordinator, query, message):
    response = api(client, coordinator, f"/api/v1/interviews/?{query}", 400,
                   HTTP_ACCEPT_LANGUAGE="es" if "lang" not in query else "en")  # fmt: skip
    assert response.json() == {query.split("=")[0]: [message]}


# Pagination.


def test_pages_with_a_maximum(client, coordinator, centre):
    for _n in range(7):
        InterviewFactory(centre=centre, status=Status.SUBMITTED)
    first = api(client, coordinator, "/api/v1/interviews/?page_size=3").json()
    assert first["count"] == 7 and len(first["results"]) == 3 and first["previous"] is None
    assert "page=2" in first["next"]
    ids = [row["id"] for row in every_page(client, "/api/v1/interviews/?page_size=3")]
    assert ids == sorted(Interview.objects.values_list("id", flat=True))
    assert (
        len(api(client, coordinator, "/api/v1/interviews/?page_size=100000").json()["results"]) == 7
    )
    api(client, coordinator, "/api/v1/interviews/?page=9&page_size=3", 404)
    from api.base import Pages

    assert Pages.max_page_size == 500


# Filters.


def test_filters_of_the_record_lists(client, coordinator):
    tabasco = CentreFactory(state="Tabasco", sector="private", operator="civil_society")
    veracruz = CentreFactory(state="Veracruz", sector="public", operator="municipal_dif")
    early = InterviewFactory(centre=tabasco, status=Status.SUBMITTED,
                             visit_date=datetime.date(2022, 4, 18))  # fmt: skip
    late = InterviewFactory(centre=veracruz, status=Status.APPROVED,
                            visit_date=datetime.date(2022, 5, 2))  # fmt: skip
    draft = InterviewFactory(centre=veracruz, status=Status.DRAFT)
    Interview.objects.filter(pk=early.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=30)
    )

    def ids(query):
        return {
            r["id"]
            for r in api(client, coordinator, f"/api/v1/interviews/?{query}").json()["results"]
        }

    assert ids("") == {early.pk, late.pk, draft.pk}
    assert ids("state=Tabasco") == {early.pk}
    assert ids("sector=public") == {late.pk, draft.pk}
    assert ids("operator=municipal_dif") == {late.pk, draft.pk}
    assert ids("status=submitted&status=approved") == {early.pk, late.pk}
    assert ids("date_from=2022-05-01") == {late.pk}
    assert ids("date_to=2022-04-30") == {early.pk}
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    assert ids(f"updated_since={since.replace('+', '%2B')}") == {late.pk, draft.pk}
    assert ids(f"centre={tabasco.pk}") == {early.pk}


def test_the_round_filter_of_the_record_lists(client, coordinator, centre):
    baseline = default_round()
    follow_up = Round.objects.create(name="2026 follow-up", starts_on=datetime.date(2026, 9, 1))
    before = InterviewFactory(centre=centre, status=Status.SUBMITTED, round=baseline)
    after = InterviewFactory(centre=centre, status=Status.SUBMITTED, round=follow_up)

    def ids(query):
        response = api(client, coordinator, f"/api/v1/interviews/?{query}")
        return {r["id"] for r in response.json()["results"]}

    assert ids(f"round={baseline.pk}") == {before.pk}
    assert ids(f"round={follow_up.pk}") == {after.pk}
    assert ids("round=all") == {before.pk, after.pk}
    response = api(client, coordinator, "/api/v1/interviews/?round=999999", status=400)
    assert "round" in response.json()
    schema = client.get("/api/v1/schema/?format=json").json()
    names = {p["name"] for p in schema["paths"]["/api/v1/interviews/"]["get"]["parameters"]}
    assert "round" in names


@pytest.mark.parametrize(
    ("query", "field"),
    [("state=Atlantis", "state"), ("date_from=2022-13-01", "date_from"),
     ("date_from=2022-05-01&date_to=2022-04-01", "date_to"), ("status=lost", "status"),
     ("updated_since=yesterday", "updated_since"), ("centre=x", "centre")],
)  # fmt: skip
def test_a_bad_filter_is_a_400_naming_the_field_in_the_users_language(
    client, coordinator, query, field
):
    response = api(client, coordinator, f"/api/v1/interviews/?{query}&lang=es", 400)
    errors = response.json()
    assert list(errors) == [field]
    if field == "date_to":
        assert errors[field] == ["La fecha final es anterior a la fecha inicial."]


def test_centre_filters(client, analyst):
    CentreFactory(state="Tabasco", sector="private", operator="civil_society")
    closed = CentreFactory(state="Veracruz", active=False)
    rows = api(client, analyst, "/api/v1/centres/?active=false").json()["results"]
    assert [r["id"] for r in rows] == [closed.pk]
    assert api(client, analyst, "/api/v1/centres/?state=Tabasco").json()["count"] == 1
    api(client, analyst, "/api/v1/centres/?sector=none", 400)


# Observations: photos as links to the API's own permission-checked photo endpoints.


def test_photos_are_links_to_the_apis_permission_checked_endpoints(
    client, coordinator, analyst, researcher
):
    observation = ObservationFactory(interviewer=researcher, status=Status.SUBMITTED,
                                     consent_photos=True)  # fmt: skip
    photo = make_photo(observation, researcher)
    data = api(client, coordinator, f"/api/v1/observations/{observation.pk}/").json()
    [shown] = data["photos"]
    base = f"http://testserver/api/v1/observations/{observation.pk}/photos/{photo.pk}/"
    assert (shown["url"], shown["thumbnail_url"]) == (base, f"{base}thumb/")
    assert "/media/" not in str(data)
    assert client.get(shown["url"]).status_code == 200  # the site's session works too
    client.force_login(analyst)
    assert client.get(shown["url"]).status_code == 403  # the site's rule for photos
    # The site's own views keep their rules: no token opens them.
    site = photo.get_absolute_url()
    key = create_token(coordinator, "script").key
    assert Client(HTTP_AUTHORIZATION=f"Bearer {key}").get(site).status_code == 302  # to login


def test_a_token_opens_the_photos_its_user_may_see_and_the_read_is_audited(
    coordinator, analyst, researcher, other_researcher
):
    observation = ObservationFactory(interviewer=researcher, status=Status.SUBMITTED,
                                     consent_photos=True)  # fmt: skip
    photo = make_photo(observation, researcher)
    draft = ObservationFactory(interviewer=researcher, consent_photos=True)
    draft_photo = make_photo(draft, researcher)
    url = f"/api/v1/observations/{observation.pk}/photos/{photo.pk}/"
    draft_url = f"/api/v1/observations/{draft.pk}/photos/{draft_photo.pk}/"

    def with_token(user, address, **headers):
        key = create_token(user, "script").key
        return Client(HTTP_AUTHORIZATION=f"Token {key}").get(address, **headers)

    before = AccessEntry.objects.count()
    response = with_token(coordinator, url, HTTP_ACCEPT="image/jpeg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"  # a JPEG
    assert "no-store" in response["Cache-Control"]
    entry = AccessEntry.objects.get(what="api:photo")
    assert (entry.user, entry.format, entry.with_names) == (coordinator, "jpeg", False)
    assert entry.filters == {"observation": observation.pk, "photo": photo.pk}
    # Thumbnails are the galleries': served, not traced.
    assert with_token(coordinator, f"{url}thumb/").status_code == 200
    assert AccessEntry.objects.count() == before + 1
    # The permissions table's rows for photos: the researcher their own draft's, another
    # researcher a submitted one's but not that draft's (404), an analyst none (403).
    assert with_token(researcher, draft_url).status_code == 200
    assert with_token(other_researcher, url).status_code == 200
    assert with_token(other_researcher, draft_url).status_code == 404
    assert with_token(analyst, url).status_code == 403
    assert with_token(analyst, f"{url}thumb/").status_code == 403
    # A photo of another observation, and no token at all.
    elsewhere = f"/api/v1/observations/{draft.pk}/photos/{photo.pk}/"
    assert with_token(coordinator, elsewhere).status_code == 404
    assert Client().get(url).status_code == 401
    assert AccessEntry.objects.filter(what="api:photo").count() == 3


# The support plan.


def test_a_centres_plan(client, analyst, centre):
    PlanAction.objects.create(centre=centre, area="resources", priority="low", title="Funds")
    PlanAction.objects.create(centre=centre, area="knowledge", priority="high", title="Training",
                              due=datetime.date(2027, 1, 31))  # fmt: skip
    data = api(client, analyst, f"/api/v1/centres/{centre.pk}/plan/?values=labels&lang=en").json()
    assert data["centre_id"] == centre.pk
    assert [(a["title"], a["area"], a["priority"]) for a in data["actions"]] == [
        ("Training", "Knowledge of the issue", "High"),
        ("Funds", "Resources", "Low"),
    ]
    assert data["actions"][0]["due"] == "2027-01-31"
    assert (
        api(client, analyst, f"/api/v1/centres/{CentreFactory().pk}/plan/").json()["actions"] == []
    )


# No copy kept, constant queries, the audit hook.


def test_no_browser_or_proxy_keeps_a_copy(client, coordinator, centre):
    for url in ("/api/v1/", "/api/v1/interviews/", "/api/v1/results/", "/api/v1/schema/"):
        response = api(client, coordinator, url)
        assert "no-store" in response["Cache-Control"], url


@pytest.mark.parametrize("kind", ["interviews", "observations"])
def test_a_page_costs_the_same_queries_whatever_the_number_of_records(client, coordinator, kind):
    factory = InterviewFactory if kind == "interviews" else ObservationFactory

    def queries():
        client.force_login(coordinator)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/api/v1/{kind}/").status_code == 200
        return len(captured)

    for _n in range(2):
        record = factory(status=Status.SUBMITTED)
        if kind == "interviews":
            CoordinationActorFactory(interview=record)
    few = queries()
    for _n in range(8):
        record = factory(status=Status.SUBMITTED)
        if kind == "interviews":
            CoordinationActorFactory(interview=record)
    assert queries() == few


def test_every_read_of_personal_fields_goes_through_the_audit_hook(
    client, coordinator, analyst, centre
):
    interview = InterviewFactory(centre=centre, status=Status.SUBMITTED)
    heard = []

    def receiver(sender, **entry):
        heard.append(entry)

    personal_read.connect(receiver)
    try:
        api(client, analyst, "/api/v1/interviews/?state=Tabasco&page_size=5")
        api(client, coordinator, f"/api/v1/interviews/{interview.pk}/?names=1")
        api(client, coordinator, "/api/v1/observations/")
        api(client, coordinator, "/api/v1/centres/")
        api(client, coordinator, "/api/v1/results/")
    finally:
        personal_read.disconnect(receiver)
    assert [(e["user"], e["what"], e["names"], e["count"], e["record_id"]) for e in heard] == [
        (analyst, "interviews", False, 1, None),
        (coordinator, "interviews", True, 1, interview.pk),
        (coordinator, "observations", False, 0, None),
    ]
    assert heard[0]["filters"] == {"state": ["Tabasco"], "page_size": ["5"]}
    # Each in the audit log that coordinators read, beside the exports.
    from audit.models import AccessEntry

    logged = list(AccessEntry.objects.order_by("pk"))
    assert [(e.user, e.what, e.with_names, e.rows, e.format) for e in logged] == [
        (analyst, "api:interviews", False, 1, "json"),
        (coordinator, "api:interviews", True, 1, "json"),
        (coordinator, "api:observations", False, 0, "json"),
    ]
    assert logged[1].filters["record_id"] == interview.pk


def test_results_carry_the_observation_summary_of_the_results_page(client, analyst, assessment):
    from reports.filters import ReportFilters
    from reports.observations import observation_summary

    data = api(client, analyst, "/api/v1/results/?state=Veracruz&lang=en").json()["observations"]
    summary = observation_summary(ReportFilters(state="Veracruz"))
    assert data["centres"] == {"public": 2, "private": 0, "total": 2}
    assert data["over_capacity"]["total"] == summary.over_capacity.total
    assert [
        (s["code"], s["present"]["public"], s["missing"]["public"]) for s in data["spaces"]
    ] == [(t.item.code, t.present.public, t.missing.public) for t in summary.space_totals]
    assert [a["counts"]["total"] for a in data["population_received"]] == [
        a.tally.total for a in summary.population
    ]


def test_a_token_request_speaks_the_users_own_language(
    analyst, django_assert_num_queries, settings
):
    from accounts.models import Profile

    key = create_token(analyst, "script").key
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    # No preference: the request's Accept-Language, else the site's default.
    assert client.get("/api/v1/results/", HTTP_ACCEPT_LANGUAGE="en")["Content-Language"] == "en"
    assert client.get("/api/v1/results/")["Content-Language"] == settings.LANGUAGE_CODE == "en"
    with CaptureQueriesContext(connection) as without:
        client.get("/api/v1/results/")
    # The language they chose on the site answers their token too (over the header, as on
    # the site's pages), with no query more.
    Profile.objects.create(user=analyst, language="es")
    with django_assert_num_queries(len(without)):
        response = client.get("/api/v1/results/", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Language"] == "es"
    assert response.json()["groups"] == {"public": "Público", "private": "Privado"}
    # `?lang=` still wins.
    assert client.get("/api/v1/results/?lang=en")["Content-Language"] == "en"


def test_an_api_read_logs_the_round_it_applied(coordinator):
    baseline = default_round()
    key = create_token(coordinator, "script").key
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    client.get("/api/v1/interviews/")
    client.get("/api/v1/interviews/?round=all")
    entries = AccessEntry.objects.filter(what="api:interviews").order_by("id")
    assert [e.filters.get("round") for e in entries] == [baseline.pk, "all"]
