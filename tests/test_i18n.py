"""Spanish and English throughout: catalogues, language choice, forms, errors and formats.

Exports per language are in test_i18n_exports.py; the codebook labels in test_i18n_codebook.py.
"""

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.utils import translation
from django.utils.html import escape
from django.views.defaults import server_error

from accounts.models import Profile
from interviews.spec import INTERVIEW
from observations.spec import OBSERVATION

from . import codebook
from .factories import InterviewFactory, ObservationFactory
from .payloads import complete_payload

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
#: The project's catalogue and every app's: a new app's is checked without being listed.
CATALOGUES = [ROOT / "locale", *sorted(p.parent for p in ROOT.glob("*/locale/es"))]


def _key(entry) -> tuple:
    return (entry.msgctxt, entry.msgid)


@pytest.mark.parametrize("locale_dir", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_spanish_catalogue_is_complete_and_compiled(locale_dir):
    po = polib.pofile(str(locale_dir / "es" / "LC_MESSAGES" / "django.po"))
    assert len(po) > 0
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []
    # The committed .mo is what Django reads: it must hold exactly what the .po says.
    mo = polib.mofile(str(locale_dir / "es" / "LC_MESSAGES" / "django.mo"))
    compiled = {_key(e): (e.msgstr, e.msgstr_plural) for e in mo if e.msgid}
    written = {_key(e): (e.msgstr, e.msgstr_plural) for e in po.translated_entries()}
    assert compiled == written


def _page(client, url, language):
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()


def test_spanish_is_the_default_without_accept_language(settings):
    settings.LANGUAGE_CODE = "es"
    page = Client().get("/accounts/login/").content.decode()
    assert '<html lang="es">' in page
    assert "Iniciar sesión" in page and "Log in" not in page


@pytest.mark.parametrize(
    ("accept", "lang", "words"),
    [
        ("es-MX,es;q=0.9", "es", "Iniciar sesión"),
        ("es", "es", "¿Olvidó su contraseña?"),
        ("en-GB,en;q=0.8", "en", "Forgot your password?"),
        ("fr-FR,en;q=0.5", "en", "Log in"),
    ],
)
def test_browser_language_decides_before_any_choice(accept, lang, words):
    response = Client().get("/accounts/login/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response["Content-Language"] == lang
    assert words in response.content.decode()


@pytest.mark.parametrize(("ns", "spec"), [("interviews", INTERVIEW), ("observations", OBSERVATION)])
def test_form_shows_the_codebook_labels_in_the_browsers_language(
    researcher_client, centre, ns, spec
):
    url = f"/{ns}/new/?centre={centre.pk}"
    pages = {lang: _page(researcher_client, url, lang) for lang in ("es", "en")}
    labels = codebook.item_labels()
    checked = 0
    for code in spec.form_field_codes:
        if code not in labels:
            continue  # notes companions and prose items
        english, spanish = labels[code]
        assert escape(spanish) in pages["es"], code
        assert escape(english) in pages["en"], code
        if english != spanish:
            assert escape(english) not in pages["es"], code
        checked += 1
    assert checked >= 10
    for section in spec.sections:
        with translation.override("es"):
            assert escape(str(section.title)) in pages["es"]


def test_switcher_changes_the_language_and_keeps_it(researcher_client, researcher):
    page = _page(researcher_client, "/centres/", "es")
    assert 'id="language-switcher"' in page and 'name="language" value="en"' in page
    response = researcher_client.post(
        "/language/", {"language": "en", "next": "/centres/?q=x"}, HTTP_ACCEPT_LANGUAGE="es"
    )
    assert response.status_code == 302 and response["Location"] == "/centres/?q=x"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    for url in ("/centres/", "/device/"):
        response = researcher_client.get(url, HTTP_ACCEPT_LANGUAGE="es")
        assert response["Content-Language"] == "en", url
        assert '<html lang="en">' in response.content.decode()
    # ...and it is the user's own preference: on another device it follows them after login.
    assert Profile.objects.get(user=researcher).language == "en"
    researcher.set_password("pw-for-switcher-test")
    researcher.save()
    other_device = Client()
    other_device.post(
        "/accounts/login/",
        {"username": researcher.username, "password": "pw-for-switcher-test"},
        HTTP_ACCEPT_LANGUAGE="es",
    )
    assert other_device.get("/centres/", HTTP_ACCEPT_LANGUAGE="es")["Content-Language"] == "en"


def test_switcher_works_before_login_and_refuses_bad_input():
    client = Client()
    response = client.post("/language/", {"language": "en", "next": "/accounts/login/"})
    assert response["Location"] == "/accounts/login/"
    assert client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="es")["Content-Language"] == "en"
    bad_inputs = [
        {"language": "fr", "next": "/accounts/login/"},
        {"language": "es", "next": "https://evil.example/"},
    ]
    for data in bad_inputs:
        response = client.post("/language/", data)
        assert response.status_code == 302
        assert not response["Location"].startswith("https://evil")
    # The unsupported language changed nothing; the valid one took effect.
    assert client.get("/accounts/login/")["Content-Language"] == "es"


@pytest.mark.parametrize(
    ("lang", "not_found", "not_allowed", "failed"),
    [
        ("es", "No encontrado", "Acceso no permitido", "Algo salió mal"),
        ("en", "Not found", "Not allowed", "Something went wrong"),
    ],
)
def test_error_pages_in_both_languages(client, analyst, lang, not_found, not_allowed, failed):
    client.force_login(analyst)
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 404 and not_found in response.content.decode()
    assert 'id="language-switcher"' in response.content.decode()
    response = client.get("/centres/", HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 403 and not_allowed in response.content.decode()
    with translation.override(lang):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert failed in page and f'<html lang="{lang}">' in page


def test_validation_errors_in_spanish(researcher_client, centre):
    data = complete_payload(OBSERVATION, centre)
    data["people_present"] = "-3"
    data["approx_size_m2"] = "mucho"
    data["visit_date"] = "2022-13-45"
    response = researcher_client.post(
        f"/observations/new/?centre={centre.pk}", data, HTTP_ACCEPT_LANGUAGE="es"
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Asegúrese de que este valor es mayor o igual a 0." in page
    assert "Introduzca un número." in page
    assert "Introduzca una fecha válida." in page
    assert "Todavía no se guardó nada: corrija las respuestas marcadas." in page
    # What was typed is still there.
    assert 'value="mucho"' in page and escape(data["centre_profile"]) in page

    data = complete_payload(INTERVIEW, centre)
    del data["knows_detention_prohibition"]
    page = researcher_client.post(
        f"/interviews/new/?centre={centre.pk}", data, HTTP_ACCEPT_LANGUAGE="es"
    ).content.decode()
    assert "Responda esta pregunta antes de enviar." in page
    assert "Answer this question" not in page


def test_mexican_formats_in_spanish_and_british_in_english(researcher_client, researcher, centre):
    from datetime import date

    interview = InterviewFactory(
        centre=centre, interviewer=researcher, visit_date=date(2022, 4, 20)
    )
    url = interview.get_absolute_url()
    assert "20 de abril de 2022" in _page(researcher_client, url, "es")
    assert "20 Apr 2022" in _page(researcher_client, url, "en")
    centre_page = _page(researcher_client, centre.get_absolute_url(), "es")
    assert "20/04/2022" in centre_page


def test_device_strings_follow_the_language(researcher_client, researcher, centre):
    ObservationFactory(centre=centre, interviewer=researcher)
    page = _page(researcher_client, "/device/", "es")
    assert "Guardado en este dispositivo" in page and "Saved on this device" not in page
