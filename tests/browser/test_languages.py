"""Languages in a real browser: a Mexican phone gets Spanish, including the JavaScript's
messages, and the switcher turns the page to English, keeps it, and loses nothing typed."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_spanish_browser_then_switch_to_english(login_context, researcher, centre):
    page = login_context(researcher, locale="es-MX").new_page()
    page.goto(f"/interviews/new/?centre={centre.pk}")
    page.wait_for_selector("#save-status[data-state]")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_text("Se otorgó autorización para el testimonio").is_visible()
    # The progress line is written by the script, from the server's strings.
    assert page.locator("#progress-text").inner_text().endswith(" respondidas")
    assert page.locator("#save-status").inner_text() == "Guardado en este dispositivo"

    # Switch in the middle of a new, never-saved form: what was typed comes back.
    page.fill("#id_place", "Tapachula")
    page.locator("#language-switcher").get_by_role("button", name="English").click()
    page.wait_for_selector("html[lang='en']")
    page.wait_for_selector("#save-status[data-state]")
    assert page.get_by_text("Authorisation for the testimony was given").is_visible()
    assert page.locator("#id_place").input_value() == "Tapachula"
    assert page.locator("#progress-text").inner_text().endswith(" answered")

    page.goto("/centres/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Social Assistance Centres").is_visible()
