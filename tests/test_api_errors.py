"""Every error of the API is JSON in the user's language: an address no view answers (a bad id),
a missing record, a method not allowed, a request the server cannot read, an error of the
server; the site's own pages keep their HTML error pages."""

import pytest
from django.test import Client

from accounts.models import Profile
from accounts.roles import Role
from api.services import create_token

from .factories import CentreFactory, UserFactory

pytestmark = pytest.mark.django_db

NOT_FOUND = {
    "en": "Not found: no record or address of the API has this id or path",
    "es": "No encontrado: ningún registro ni dirección de la API tiene este identificador",
}


def _json_error(response, status: int, language: str) -> str:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/json"
    assert response["Content-Language"] == language
    assert "no-store" in response["Cache-Control"]
    return response.json()["detail"]


@pytest.fixture
def coordinator_client(client):
    client.force_login(UserFactory(username="coord.errors", role=Role.COORDINATOR))
    return client


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize(
    "path",
    ["/api/v1/centres/abc/", "/api/v1/interviews/1x/", "/api/v1/nothing/", "/api/v2/"],
)
def test_an_address_no_view_answers_is_a_json_404(coordinator_client, path, language):
    response = coordinator_client.get(path, HTTP_ACCEPT_LANGUAGE=language)
    assert NOT_FOUND[language] in _json_error(response, 404, language)


def test_an_anonymous_request_for_a_bad_id_is_json_too(client):
    response = client.get("/api/v1/centres/abc/", HTTP_ACCEPT_LANGUAGE="es")
    assert NOT_FOUND["es"] in _json_error(response, 404, "es")


@pytest.mark.parametrize("language", ["es", "en"])
def test_a_missing_record_is_said_in_the_users_language(coordinator_client, language):
    response = coordinator_client.get("/api/v1/centres/999999/", HTTP_ACCEPT_LANGUAGE=language)
    detail = _json_error(response, 404, language)
    assert NOT_FOUND[language] in detail and "matches the given query" not in detail


def test_a_token_request_gets_its_users_language_and_lang_wins():
    user = UserFactory(username="analyst.errors", role=Role.ANALYST)
    Profile.objects.update_or_create(user=user, defaults={"language": "es"})
    token = create_token(user, name="R")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token.key}")
    response = client.get("/api/v1/centres/abc/", HTTP_ACCEPT_LANGUAGE="en")
    assert NOT_FOUND["es"] in _json_error(response, 404, "es")
    response = client.get("/api/v1/centres/abc/?lang=en", HTTP_ACCEPT_LANGUAGE="es")
    assert NOT_FOUND["en"] in _json_error(response, 404, "en")


@pytest.mark.parametrize("language", ["es", "en"])
def test_a_method_not_allowed_is_json(coordinator_client, language):
    centre = CentreFactory()
    response = coordinator_client.delete(
        f"/api/v1/centres/{centre.pk}/", HTTP_ACCEPT_LANGUAGE=language
    )
    detail = _json_error(response, 405, language)
    assert detail == {"es": "Método \"DELETE\" no permitido.",
                      "en": "Method \"DELETE\" not allowed."}[language]  # fmt: skip


@pytest.mark.parametrize("language", ["es", "en"])
def test_a_request_the_server_cannot_read_is_a_json_400(coordinator_client, settings, language):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    query = "&".join(f"q{i}=x" for i in range(20))
    response = coordinator_client.get(f"/api/v1/centres/?{query}", HTTP_ACCEPT_LANGUAGE=language)
    detail = _json_error(response, 400, language)
    assert detail.startswith({"es": "Solicitud incorrecta", "en": "Bad request"}[language])
    # Form data the server refuses to read (the site's middleware): JSON on the API too.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    response = coordinator_client.post(
        "/api/v1/centres/", {"q": "x" * 500}, HTTP_ACCEPT_LANGUAGE=language
    )
    detail = _json_error(response, 400, language)
    assert detail.startswith({"es": "Solicitud incorrecta", "en": "Bad request"}[language])


@pytest.mark.parametrize("language", ["es", "en"])
def test_a_server_error_is_a_json_500(coordinator_client, monkeypatch, language):
    from api import views

    def broken(self, request):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.ApiRoot, "get", broken)
    coordinator_client.raise_request_exception = False
    response = coordinator_client.get("/api/v1/", HTTP_ACCEPT_LANGUAGE=language)
    detail = _json_error(response, 500, language)
    assert detail.startswith({"es": "Error del servidor", "en": "Server error"}[language])
    assert "boom" not in detail


def test_the_sites_pages_keep_their_html_error_pages(coordinator_client):
    response = coordinator_client.get("/centres/abc/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert "This page does not exist" in response.content.decode()
