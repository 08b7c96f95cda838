"""The registry kept by coordinators (issue 15, item 2): centres added and edited without the
Django admin, validated, a duplicate name a warning to confirm, changes in the history, and
inactive centres instead of deleted ones."""

import pytest
from django.test import Client

from centres.models import Centre, Operator, RegistryStatus, Sector
from interviews.models import Interview

from .factories import CentreFactory, InterviewFactory

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Casa Hogar San José",
    "state": "Tabasco",
    "municipality": "Centro",
    "address": "Calle 5 de Mayo 12, Villahermosa",
    "sector": Sector.PRIVATE,
    "operator": Operator.CIVIL_SOCIETY,
    "specialises_in_migrant_children": "true",
    "registry_status": RegistryStatus.REGISTERED,
    "capacity": "30",
    "active": "on",
}


def logged_in(user, language="en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def test_a_coordinator_adds_a_centre_with_every_registry_field(coordinator):
    client = logged_in(coordinator)
    assert client.get("/centres/new/").status_code == 200
    response = client.post("/centres/new/", VALID)
    centre = Centre.objects.get()
    assert response.status_code == 302 and response.url == f"/centres/{centre.pk}/"
    assert (centre.name, centre.state, centre.municipality, centre.address) == (
        "Casa Hogar San José", "Tabasco", "Centro", "Calle 5 de Mayo 12, Villahermosa"
    )  # fmt: skip
    assert (centre.sector, centre.operator, centre.registry_status, centre.capacity) == (
        "private", "civil_society", "registered", 30
    )  # fmt: skip
    assert centre.specialises_in_migrant_children is True and centre.active
    assert centre.history.get().history_user == coordinator
    page = client.get(f"/centres/{centre.pk}/").content.decode()
    assert "Edit the centre" in page and "Centre created" in page


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"sector": Sector.PRIVATE, "operator": Operator.STATE_DIF}, "sector", "A DIF centre"),
        ({"sector": Sector.PUBLIC}, "sector", "run by civil society is private"),
        ({"capacity": "100000"}, "capacity", "less than or equal to 10000"),
        ({"capacity": "-3"}, "capacity", "greater than or equal to 0"),
        ({"name": "  X "}, "name", "full name"),
        ({"municipality": "   "}, "municipality", "required"),
        ({"state": "Texas"}, "state", "not one of the available choices"),
    ],
)
def test_bad_input_is_a_400_that_says_why_and_keeps_what_was_typed(
    coordinator, changes, field, message
):
    response = logged_in(coordinator).post("/centres/new/", {**VALID, **changes})
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert f'id="error_1_id_{field}"' in page or f"id_{field}" in page
    assert "Calle 5 de Mayo 12, Villahermosa" in page  # nothing typed is lost
    assert not Centre.objects.exists()


def test_errors_are_in_the_users_language(coordinator):
    data = {**VALID, "operator": Operator.MUNICIPAL_DIF}
    response = logged_in(coordinator, "es").post("/centres/new/", data)
    assert response.status_code == 400
    assert "Un centro del DIF es público" in response.content.decode()


def test_a_duplicate_name_in_the_same_state_is_a_warning_to_confirm(coordinator):
    existing = CentreFactory(name="Casa Hogar San José", state="Tabasco")
    client = logged_in(coordinator)
    similar = {**VALID, "name": "casa hogar  SAN JOSE."}
    response = client.post("/centres/new/", similar)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="duplicate-warning"' in page and existing.get_absolute_url() in page
    assert "Save anyway" in page and 'name="confirm_duplicate"' in page
    assert Centre.objects.count() == 1
    # Confirmed: saved.
    response = client.post("/centres/new/", {**similar, "confirm_duplicate": "on"})
    assert response.status_code == 302
    assert Centre.objects.filter(name="casa hogar SAN JOSE.").exists()
    # The same name in another state is no warning; the exact same name stays refused.
    elsewhere = {**similar, "state": "Chiapas", "name": "Casa Hogar San Jose"}
    assert client.post("/centres/new/", elsewhere).status_code == 302
    response = client.post("/centres/new/", {**VALID, "confirm_duplicate": "on"})
    assert response.status_code == 400 and "already exists" in response.content.decode()


def test_editing_a_centre_is_in_its_history_and_keeps_its_own_name(coordinator):
    centre = CentreFactory(name="Casa Hogar San José", state="Tabasco", capacity=20)
    client = logged_in(coordinator)
    page = client.get(f"/centres/{centre.pk}/edit/").content.decode()
    assert "Casa Hogar San José" in page and 'name="active"' in page
    response = client.post(f"/centres/{centre.pk}/edit/", {**VALID, "capacity": "45"})
    assert response.status_code == 302  # its own name is no duplicate of itself
    centre.refresh_from_db()
    assert centre.capacity == 45 and centre.sector == Sector.PRIVATE
    page = client.get(f"/centres/{centre.pk}/").content.decode()
    history = page[page.index('id="history"') :]
    assert "Capacity: <del>20</del> → <ins>45</ins>" in history
    assert coordinator.get_full_name() in history


def test_an_inactive_centre_leaves_the_search_and_the_list_but_its_records_keep_it(
    coordinator, researcher
):
    centre = CentreFactory(name="Albergue cerrado")
    other = CentreFactory(name="Albergue abierto")
    interview = InterviewFactory(centre=centre, interviewer=researcher)
    client = logged_in(coordinator)
    choices = client.get("/centres/choices.json")
    etag = choices["ETag"]
    assert {row[1] for row in choices.json()["centres"]} == {centre.name, other.name}
    data = {**VALID, "name": centre.name, "sector": "public", "operator": "state_dif"}
    data.pop("active")  # unticked
    response = client.post(f"/centres/{centre.pk}/edit/", data, follow=True)
    assert response.redirect_chain == [(f"/centres/{centre.pk}/", 302)]
    assert "This centre is inactive" in response.content.decode()
    centre.refresh_from_db()
    assert not centre.active and Centre.objects.count() == 2  # not deleted
    # The forms' centre search no longer offers it (and the device's copy is refreshed).
    choices = client.get("/centres/choices.json", HTTP_IF_NONE_MATCH=etag)
    assert choices.status_code == 200
    assert [row[1] for row in choices.json()["centres"]] == [other.name]
    # The list hides it unless asked.
    listed = client.get("/centres/").content.decode()
    assert other.name in listed and centre.name not in listed
    listed = client.get("/centres/?show=inactive").content.decode()
    assert centre.name in listed and other.name not in listed and "data-inactive" in listed
    listed = client.get("/centres/?show=all").content.decode()
    assert centre.name in listed and other.name in listed
    # Its record keeps it, can be edited and saved, and its page says it is inactive.
    researcher_client = logged_in(researcher)
    page = researcher_client.get(f"/interviews/{interview.pk}/").content.decode()
    assert centre.name in page
    assert (
        "This centre is inactive"
        in researcher_client.get(f"/centres/{centre.pk}/").content.decode()
    )
    response = researcher_client.post(
        f"/interviews/{interview.pk}/edit/",
        {"action": "save", "centre": centre.pk, "place": "Villahermosa",
         "coordination_actors-TOTAL_FORMS": "0", "coordination_actors-INITIAL_FORMS": "0"},
    )  # fmt: skip
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.centre == centre and interview.place == "Villahermosa"
    # A new record cannot be started at it, by number or by exact name (no JavaScript), nor
    # can another record be moved to it; the refusal names it next to the field.
    other_interview = InterviewFactory(centre=other, interviewer=researcher)
    for url, value in [("/interviews/new/", centre.pk), ("/interviews/new/", centre.name),
                       (f"/interviews/{other_interview.pk}/edit/", centre.pk)]:  # fmt: skip
        response = researcher_client.post(
            url,
            {"action": "save", "centre": value, "place": "Tenosique",
             "coordination_actors-TOTAL_FORMS": "0", "coordination_actors-INITIAL_FORMS": "0"},
        )  # fmt: skip
        assert "“Albergue cerrado” is inactive in the registry" in response.content.decode(), url
    assert Interview.objects.filter(centre=centre).count() == 1
    other_interview.refresh_from_db()
    assert other_interview.centre == other


@pytest.mark.parametrize("url", ["/centres/new/", "/centres/{pk}/edit/"])
def test_researchers_and_analysts_cannot_edit_the_registry(url, centre, researcher, analyst):
    url = url.format(pk=centre.pk)
    for user in (researcher, analyst):
        client = logged_in(user)
        assert client.get(url).status_code == 403
        assert client.post(url, {**VALID, "name": "Otro"}).status_code == 403
    assert not Centre.objects.filter(name="Otro").exists()
    assert "New centre" not in logged_in(researcher).get("/centres/").content.decode()
    assert (
        "Edit the centre"
        not in logged_in(researcher).get(f"/centres/{centre.pk}/").content.decode()
    )


@pytest.mark.parametrize(
    "typed", ["Aldeas Infantiles S.O.S.", "ALDEAS INFANTILES S O S", "Aldeas-Infantiles SOS"]
)
def test_dots_and_spaces_within_a_name_do_not_hide_a_duplicate(coordinator, typed):
    existing = CentreFactory(name="Aldeas Infantiles SOS", state="Tabasco")
    response = logged_in(coordinator).post("/centres/new/", {**VALID, "name": typed})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="duplicate-warning"' in page and existing.get_absolute_url() in page
    assert Centre.objects.count() == 1


def test_normalised_names_keep_letters_and_digits_only():
    from centres.selectors import normalised_name

    assert normalised_name("Aldeas Infantiles S.O.S.") == normalised_name("aldeas infantiles sos")
    assert normalised_name("Casa Hogar Nº 2, Ángeles") == "casahogarno2angeles"
    assert normalised_name("Casa Hogar 12") != normalised_name("Casa Hogar 1 2 3")
