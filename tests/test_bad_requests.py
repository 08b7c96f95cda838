"""Saves the server cannot read (too large, too many fields or files, text not in UTF-8) get a
clear 400 in the user's language: JSON that the form shows to its own saves, a page with the
site's layout otherwise. Never a 500, never Django's bare English "Bad Request (400)"."""

import uuid
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from interviews.models import Interview

from .payloads import actor_management

pytestmark = pytest.mark.django_db
SYNC = {"HTTP_X_CAS_SYNC": "1"}
URL = "/interviews/new/"
TOO_LARGE = {
    "en": "Nothing was saved: this is larger than the server accepts in one save",
    "es": "No se guardó nada: esto es más grande de lo que el servidor acepta en un guardado",
}
TOO_MANY_FIELDS = {
    "en": "Nothing was saved: this holds more answers and rows than the server accepts",
    "es": "No se guardó nada: esto contiene más respuestas y filas de las que el servidor acepta",
}
TOO_MANY_FILES = {
    "en": "Nothing was saved: this holds more files than the server accepts",
    "es": "No se guardó nada: esto contiene más archivos de los que el servidor acepta",
}
ENCODING = {
    "en": "Nothing was saved: the server reads forms only in UTF-8 text",
    "es": "No se guardó nada: el servidor solo lee formularios en texto UTF-8",
}
PAGE_TITLE = {"en": "Request not accepted", "es": "Solicitud no aceptada"}
BACK = {
    "en": "what you typed is still there",
    "es": "lo que escribió sigue ahí",
}


@pytest.fixture
def csrf_client(researcher):
    """A client that, like a browser, passes the CSRF check (which reads the form data)."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(researcher)
    client.get("/centres/")
    client.token = client.cookies["csrftoken"].value
    return client


def payload(centre, client=None, **extra) -> dict:
    data = {"action": "save", "centre": centre.pk, "uid": str(uuid.uuid4()),
            "place": "Tenosique", **actor_management(), **extra}  # fmt: skip
    if client is not None:
        data["csrfmiddlewaretoken"] = client.token
    return data


def post(client, data, *, language, sync, content_type=None, body=None):
    headers = {"HTTP_ACCEPT_LANGUAGE": language, "HTTP_X_CSRFTOKEN": client.token}
    if sync:
        headers.update(SYNC)
    if body is None:
        body = urlencode(data, doseq=True).encode()
        content_type = content_type or "application/x-www-form-urlencoded"
    return client.generic("POST", URL, body, content_type=content_type, **headers)


def assert_refused(response, words: str, language: str, sync: bool):
    assert response.status_code == 400
    if sync:
        body = response.json()
        assert body["ok"] is False and body["refused"] is True
        assert words in body["message"]
        assert body["errors"]["__all__"] == [body["message"]]
    else:
        page = response.content.decode()
        assert "Bad Request (400)" not in page
        assert f'<html lang="{language}">' in page
        assert 'id="logout-form"' in page  # the site's layout, for the logged-in user
        assert PAGE_TITLE[language] in page and words in page and BACK[language] in page
    assert not Interview.objects.exists()


@pytest.mark.parametrize("sync", [True, False], ids=["json", "page"])
@pytest.mark.parametrize("language", ["es", "en"])
def test_a_save_over_the_size_limit(csrf_client, centre, settings, language, sync):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    data = payload(centre, csrf_client, knows_laws_notes="x" * 20_000)
    response = post(csrf_client, data, language=language, sync=sync)
    assert_refused(response, TOO_LARGE[language], language, sync)
    text = response.json()["message"] if sync else response.content.decode()
    assert "(9.8\xa0KB)" in text  # the limit, in the language's number format


@pytest.mark.parametrize("sync", [True, False], ids=["json", "page"])
@pytest.mark.parametrize("language", ["es", "en"])
def test_a_save_with_too_many_fields(csrf_client, centre, settings, language, sync):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 50
    rows = [{"actor_name": f"Actor {i}", "actor_sector": "state"} for i in range(30)]
    data = payload(centre, csrf_client, **actor_management(rows))
    response = post(csrf_client, data, language=language, sync=sync)
    assert_refused(response, TOO_MANY_FIELDS[language], language, sync)


@pytest.mark.parametrize("sync", [True, False], ids=["json", "page"])
@pytest.mark.parametrize("language", ["es", "en"])
def test_a_save_with_too_many_files(csrf_client, centre, settings, language, sync):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 2
    files = [SimpleUploadedFile(f"{i}.txt", b"x") for i in range(3)]
    body = encode_multipart(BOUNDARY, {**payload(centre, csrf_client), "image": files})
    response = post(
        csrf_client, None, language=language, sync=sync, body=body, content_type=MULTIPART_CONTENT
    )
    assert_refused(response, TOO_MANY_FILES[language], language, sync)


@pytest.mark.parametrize("charset", ["utf-16", "utf-32", "latin-1", "no-such-charset", "x' OR 1=1"])
@pytest.mark.parametrize("kind", ["urlencoded", "multipart"])
def test_a_save_declaring_another_charset_is_refused_not_a_500(csrf_client, centre, charset, kind):
    """Django refused the urlencoded body, then its error page's CSRF check read it again: 500."""
    csrf_client.raise_request_exception = False
    data = payload(centre, csrf_client, place="Tenosique, Tabasco, México")
    if kind == "urlencoded":
        body = urlencode(data).encode()
        content_type = f"application/x-www-form-urlencoded; charset={charset}"
    else:
        body = encode_multipart(BOUNDARY, data)
        content_type = f"{MULTIPART_CONTENT}; charset={charset}"
    for language in ("es", "en"):
        response = post(
            csrf_client, data, language=language, sync=True, body=body, content_type=content_type
        )
        assert_refused(response, ENCODING[language], language, sync=True)
    page = post(csrf_client, data, language="es", sync=False, body=body, content_type=content_type)
    assert_refused(page, ENCODING["es"], "es", sync=False)


@pytest.mark.parametrize("charset", ["utf-8", "UTF-8", "utf8", '"utf-8"'])
def test_a_save_declaring_utf8_in_any_spelling_is_saved(csrf_client, centre, charset):
    data = payload(centre, csrf_client, place="Tenosique, Tabasco, México")
    response = post(
        csrf_client,
        data,
        language="es",
        sync=True,
        body=urlencode(data).encode(),
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
    )
    assert response.status_code == 200 and response.json()["ok"]
    assert Interview.objects.get().place == "Tenosique, Tabasco, México"


@pytest.mark.parametrize("language", ["es", "en"])
def test_other_bad_requests_get_the_translated_page(researcher_client, settings, language):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    query = "&".join(f"q{i}=x" for i in range(20))
    response = researcher_client.get(f"/centres/?{query}", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Bad Request (400)" not in page and 'id="logout-form"' in page
    assert PAGE_TITLE[language] in page
    assert {"en": "The server could not understand this request.",
            "es": "El servidor no pudo entender esta solicitud."}[language] in page  # fmt: skip
