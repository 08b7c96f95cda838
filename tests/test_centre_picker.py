"""The forms' centre: pages that do not grow with the registry, the compact centre list the
device caches (and revalidates cheaply), and the centre typed by hand without JavaScript."""

import gzip
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from centres.models import Centre, Operator, Sector
from interviews.forms import InterviewForm
from interviews.models import Interview

from .factories import CentreFactory, InterviewFactory, ObservationFactory
from .payloads import actor_management

pytestmark = pytest.mark.django_db

SYNC = {"HTTP_X_CAS_SYNC": "1"}


def add_centres(n: int, start: int = 0) -> None:
    Centre.objects.bulk_create(
        Centre(
            name=f"Centro de prueba {i}",
            state="Chiapas",
            municipality="Tapachula",
            sector=Sector.PUBLIC,
            operator=Operator.STATE_DIF,
        )
        for i in range(start, start + n)
    )


def measure(client, url: str) -> tuple[int, int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries.captured_queries), len(response.content), response.content.decode()


def test_form_pages_do_not_grow_with_the_registry(researcher_client, researcher, centre):
    interview = InterviewFactory(centre=centre, interviewer=researcher)
    observation = ObservationFactory(centre=centre, interviewer=researcher)
    urls = [
        "/interviews/new/",
        "/observations/new/",
        f"/interviews/new/?centre={centre.pk}",
        f"/observations/new/?centre={centre.pk}",
        interview.get_edit_url(),
        observation.get_edit_url(),
    ]
    researcher_client.get("/device/")
    add_centres(3)
    small = {url: measure(researcher_client, url) for url in urls}
    add_centres(400, start=3)
    for url in urls:
        queries, size, page = measure(researcher_client, url)
        assert queries == small[url][0], url
        assert abs(size - small[url][1]) < 100, url  # ids and tokens only
        assert "Centro de prueba" not in page
    # The page names its centre (from the address or the record) with no list at all.
    for url in urls[2:]:
        page = measure(researcher_client, url)[2]
        assert f'data-centre-id="{centre.pk}"' in page
        assert f'value="{centre.name}"' in page  # the text box, for a browser without scripts
    # A blank form costs the session, the user and their groups, the menu's count of
    # records returned for changes, and the rounds its round select offers.
    assert small["/interviews/new/"][0] == 5


def test_centre_list_is_compact_and_complete(researcher_client):
    CentreFactory(name="Casa Mañana", state="Querétaro", municipality="Querétaro")
    add_centres(2)
    response = researcher_client.get("/centres/choices.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = json.loads(response.content)
    assert body["fields"] == ["id", "name", "state", "municipality"]
    assert [row[1] for row in body["centres"]] == sorted(c.name for c in Centre.objects.all())
    mañana = Centre.objects.get(name="Casa Mañana")
    assert [mañana.pk, "Casa Mañana", "Querétaro", "Querétaro"] in body["centres"]
    assert "Casa Mañana".encode() in response.content  # UTF-8, not \\u escapes
    assert b", " not in response.content  # no padding
    assert "private" in response["Cache-Control"] and "no-cache" in response["Cache-Control"]


def test_centre_list_revalidates_cheaply(researcher_client, centre):
    researcher_client.get("/device/")
    first = researcher_client.get("/centres/choices.json")
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('W/"')

    with CaptureQueriesContext(connection) as queries:
        again = researcher_client.get("/centres/choices.json", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    # Session, user, groups and two aggregates: no read of the centres themselves.
    assert len(queries.captured_queries) == 5
    assert not any('"centres_centre"."name"' in q["sql"] for q in queries.captured_queries)
    assert (
        researcher_client.get("/centres/choices.json", HTTP_IF_MODIFIED_SINCE=modified).status_code
        == 304
    )

    # Any change of the registry makes a new list: a new centre, an edit, a deletion.
    CentreFactory()
    added = researcher_client.get("/centres/choices.json", HTTP_IF_NONE_MATCH=etag)
    assert added.status_code == 200 and added["ETag"] != etag
    centre.municipality = "Tenosique"
    centre.save()
    edited = researcher_client.get("/centres/choices.json", HTTP_IF_NONE_MATCH=added["ETag"])
    assert edited.status_code == 200 and edited["ETag"] != added["ETag"]
    assert [centre.pk, centre.name, centre.state, "Tenosique"] in json.loads(edited.content)[
        "centres"
    ]
    Centre.objects.exclude(pk=centre.pk).first().delete()
    deleted = researcher_client.get("/centres/choices.json", HTTP_IF_NONE_MATCH=edited["ETag"])
    assert deleted.status_code == 200 and deleted["ETag"] != edited["ETag"]


def test_centre_list_is_compressed_for_the_phone(researcher_client):
    add_centres(200)
    plain = researcher_client.get("/centres/choices.json")
    packed = researcher_client.get("/centres/choices.json", HTTP_ACCEPT_ENCODING="gzip")
    assert packed["Content-Encoding"] == "gzip"
    assert len(packed.content) < len(plain.content) / 4
    assert gzip.decompress(packed.content) == plain.content
    assert packed["ETag"] == plain["ETag"]


def test_centre_list_is_for_the_roles_that_fill_forms(client, analyst):
    client.force_login(analyst)
    assert client.get("/centres/choices.json").status_code == 403


@pytest.mark.parametrize("typed", ["{name}", "  {upper}  ", "{pk}"])
def test_centre_typed_without_javascript(researcher_client, centre, typed):
    value = typed.format(name=centre.name, upper=centre.name.upper(), pk=centre.pk)
    data = {"action": "save", "centre": value, "place": "Tapachula", **actor_management()}
    response = researcher_client.post("/interviews/new/", data)
    assert response.status_code == 302
    assert Interview.objects.get().centre == centre


def test_unknown_centre_is_refused_and_what_was_typed_kept(researcher_client, centre):
    data = {"action": "save", "centre": "Casa que no existe", "place": "Tapachula"}
    response = researcher_client.post("/interviews/new/", {**data, **actor_management()})
    page = response.content.decode()
    assert not Interview.objects.exists()
    assert "No centre in the registry is called “Casa que no existe”" in page
    assert 'value="Casa que no existe"' in page
    assert 'value="Tapachula"' in page
    assert "centre-picker is-invalid" in page  # the message shows beside the box

    saved = researcher_client.post("/interviews/new/", {**data, **actor_management()}, **SYNC)
    assert saved.status_code == 400
    assert "Casa que no existe" in saved.json()["errors"]["centre"][0]
    huge = researcher_client.post(
        "/interviews/new/", {**data, "centre": "9" * 40, **actor_management()}, **SYNC
    )
    assert huge.status_code == 400 and "centre" in huge.json()["errors"]


def test_same_centre_by_name_is_not_a_change(researcher_client, researcher, centre):
    interview = InterviewFactory(centre=centre, interviewer=researcher, place="Antes")
    data = {
        "action": "save",
        "centre": centre.name,
        "place": "Antes",
        "base_version": interview.version,
        **actor_management(),
    }
    form = InterviewForm(data, instance=interview)
    assert form.is_valid(), form.errors
    assert "centre" not in form.changed_data


def test_centre_page_title_is_the_name_alone(client, coordinator, centre):
    # The page's <title> once carried the gallery and the whole history a second time.
    centre.municipality = "Tenosique"
    centre.save()
    client.force_login(coordinator)
    page = client.get(centre.get_absolute_url()).content.decode()
    title = page.split("<title>")[1].split("</title>")[0]
    assert title.startswith(f"{centre.name} · ")
    assert "<" not in title
