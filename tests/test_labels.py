"""Labels, not codes, in the pages people read, and Spanish as spoken in Mexico (issue 15,
items 4 and 8)."""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from coding.notes import codable_items
from fieldwork.models import Status
from interviews.spec import INTERVIEW
from observations.spec import OBSERVATION

from .factories import CentreFactory, InterviewFactory, ObservationFactory, UserFactory
from .seed_assessment import build

pytestmark = pytest.mark.django_db

#: Every code a page could leak: items, notes, options, statuses, sectors and operators.
CODES = {
    code
    for spec in (INTERVIEW, OBSERVATION)
    for item in spec.items
    for code in (item.code, item.notes_code, *item.option_codes)
    if "_" in code  # one-word codes ("house", "other") are ordinary words as well
} | {"state_dif", "municipal_dif", "civil_society", "federal_dif"}


class _Text(HTMLParser):
    """The text a person reads: no tags, attributes (tooltips may hold codes), or scripts."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def leaked_codes(html: str) -> set[str]:
    words = set(re.findall(r"[a-z][a-z0-9_/]*", visible_text(html)))
    return {w for w in words if w in CODES or w.split("/")[0] in CODES}


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def assessment(researcher):
    build(researcher)


@pytest.mark.parametrize("language", ["es", "en"])
def test_no_code_in_the_pages_people_read(assessment, coordinator, researcher, language):
    client = logged_in(coordinator)
    interview = InterviewFactory(status=Status.SUBMITTED, interviewer=researcher)
    observation = ObservationFactory(status=Status.SUBMITTED, interviewer=researcher)
    draft = InterviewFactory(status=Status.DRAFT, interviewer=researcher)
    pages = [
        "/reports/",
        "/reports/?split=operator",
        "/reports/observations/",
        "/review/",
        f"/interviews/{interview.pk}/",
        f"/observations/{observation.pk}/",
        f"/interviews/{draft.pk}/edit/",
        f"/centres/{interview.centre_id}/",
        "/coding/",
        "/coding/note/",
        "/coding/themes/",
        "/device/",
        "/my-work/",
    ]
    for url in pages:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, url
        assert leaked_codes(response.content.decode()) == set(), url


def test_codes_stay_in_tooltips_for_analysts(assessment, coordinator):
    client = logged_in(coordinator)
    page = client.get("/reports/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'title="knows_laws"' in page
    assert '<td title="has_reception_area">It has a reception area</td>' in page
    matrix = client.get("/reports/observations/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'title="It has a reception area (has_reception_area)">Reception</th>' in matrix


def test_the_two_filters_are_not_both_called_estado(assessment, coordinator):
    page = logged_in(coordinator).get("/reports/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert re.search(r'<label\s+for="id_state"[^>]*>\s*Entidad federativa', page)
    assert "Estatus del registro" in page
    assert not re.search(r"<(label|legend)[^>]*>\s*Estado\s*<", page)
    english = logged_in(coordinator).get("/reports/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Record status" in english


def test_review_queue_names_people_not_usernames(coordinator):
    named = UserFactory(username="rgarcia", first_name="Rosa", last_name="García")
    unnamed = UserFactory(username="sinnombre", first_name="", last_name="")
    InterviewFactory(status=Status.SUBMITTED, interviewer=named)
    ObservationFactory(status=Status.SUBMITTED, interviewer=unnamed)
    page = logged_in(coordinator).get("/review/").content.decode()
    assert "<td>Rosa García</td>" in page
    assert "rgarcia" not in page
    assert "<td>sinnombre</td>" in page  # no name: the username, rather than nothing


def test_mexican_spanish(researcher, client):
    centre = CentreFactory()
    page = logged_in(researcher).get(f"/centres/{centre.pk}/", HTTP_ACCEPT_LANGUAGE="es")
    text = page.content.decode()
    assert "Nueva entrevista" in text and "Nueva observación" in text
    form = logged_in(researcher).get("/interviews/new/", HTTP_ACCEPT_LANGUAGE="es")
    assert "Agregar otro actor" in form.content.decode()
    # Logging in with a wrong password: "Ingrese", not Spain's "introduzca ... clave".
    response = client.post(
        "/accounts/login/",
        {"username": researcher.username, "password": "no-es-esta"},
        HTTP_ACCEPT_LANGUAGE="es",
    )
    message = response.content.decode()
    assert "Ingrese un nombre de usuario y una contraseña correctos." in message
    assert "ntroduzca" not in message and "clave" not in message


def test_codable_items_are_named_by_their_questions(assessment, coordinator):
    page = logged_in(coordinator).get("/coding/note/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for codable in codable_items():
        assert f'title="{codable.code}">{codable.label}</option>' in page
