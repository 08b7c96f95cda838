"""The centre search of the forms in a real browser: a combobox over the device's copy of the
registry, operated with the keyboard on a 360 px screen, with no connection."""

import pytest
from playwright.sync_api import expect

from centres.models import Centre
from interviews.models import Interview

from ..factories import CentreFactory
from .test_field_reliability import accept_dialogs

pytestmark = pytest.mark.django_db(transaction=True)

CACHED = (
    "() => navigator.serviceWorker.controller !== null && "
    "Promise.all([caches.match('/interviews/new/'), caches.match('/centres/choices.json')])"
    ".then(([form, list]) => !!form && !!list)"
)


def test_choose_a_centre_with_the_keyboard_in_a_new_form_started_offline(login_context, researcher):
    first = CentreFactory(
        name="Casa Hogar Tijuana", state="Baja California", municipality="Tijuana"
    )
    wanted = CentreFactory(name="Casa Mañana", state="Querétaro", municipality="Querétaro")
    CentreFactory(name="Albergue Querétaro Norte", state="Querétaro", municipality="El Marqués")
    CentreFactory.create_batch(3)
    context = login_context(researcher, viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    accept_dialogs(page)

    # Opened from a centre's page: the page shows that centre and a control to change it.
    page.goto(f"/interviews/new/?centre={first.pk}")
    page.wait_for_selector("#save-status[data-state]")
    assert page.locator(".centre-chosen").inner_text().startswith("Casa Hogar Tijuana")
    assert not page.locator("#id_centre").is_visible()
    page.wait_for_function(CACHED, polling=200)  # the blank form and the registry, apart

    # No connection: a blank form, from the device, and the search over the device's list.
    context.set_offline(True)
    page.goto("/interviews/new/")
    page.wait_for_selector("#save-status[data-state=offline]")
    combobox = page.get_by_role("combobox", name="Name of CAS")
    assert combobox.is_visible() and combobox.input_value() == ""  # not the last centre opened
    combobox.press_sequentially("quer")  # no accent needed; matches names and states
    options = page.get_by_role("listbox").get_by_role("option")  # not the round select's
    options.first.wait_for()
    assert combobox.get_attribute("aria-expanded") == "true"
    assert options.count() == 2
    listbox = page.get_by_role("listbox").bounding_box()
    assert listbox["x"] >= 0 and listbox["x"] + listbox["width"] <= 360
    combobox.press("ArrowDown")
    combobox.press("ArrowDown")
    active = combobox.get_attribute("aria-activedescendant")
    assert page.locator(f"#{active}").get_attribute("aria-selected") == "true"
    assert page.locator(f"#{active}").inner_text().startswith("Casa Mañana")
    combobox.press("Enter")
    assert page.get_by_role("listbox").is_hidden()
    assert page.locator("input[type=hidden][name=centre]").input_value() == str(wanted.pk)
    change = page.get_by_role("button", name="Change the centre")
    expect(change).to_be_focused()
    assert "Querétaro" in page.locator(".centre-chosen").inner_text()

    # Changing it, then thinking better of it (Escape), keeps the choice.
    change.click()
    expect(combobox).to_be_focused()
    assert page.locator(".centre-chosen").is_hidden()
    combobox.press("Escape")
    expect(page.locator(".centre-chosen")).to_be_visible()
    assert page.locator("input[type=hidden][name=centre]").input_value() == str(wanted.pk)

    # Kept on the device: a reload with no connection shows the centre from the device's list.
    page.fill("#id_place", "Querétaro, sin conexión")
    page.reload()
    page.wait_for_selector("#save-status[data-state]")
    page.get_by_text("Casa Mañana").wait_for()
    assert page.locator("input[type=hidden][name=centre]").input_value() == str(wanted.pk)

    context.set_offline(False)
    page.wait_for_function("navigator.onLine")  # the emulation may take a moment to say so
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_selector("#save-status[data-state=server]")
    interview = Interview.objects.get()
    assert interview.centre == wanted
    assert interview.place == "Querétaro, sin conexión"
    assert Centre.objects.count() == 6


def test_a_stale_link_opens_the_form_and_what_is_typed_is_saved(login_context, researcher):
    """A link to a centre that is no longer there (`?centre=` of another database, a typo):
    the form with the search and why beside it; the centre chosen and the answers typed are
    saved from that same address."""
    wanted = CentreFactory(name="Casa Mañana", state="Querétaro", municipality="Querétaro")
    context = login_context(researcher, viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    accept_dialogs(page)
    response = page.goto("/interviews/new/?centre=abc")
    assert response.status == 404
    page.wait_for_selector("#save-status[data-state]")
    notice = page.locator("[data-centre-notice]")
    expect(notice).to_be_visible()
    assert "was not found in the registry" in notice.inner_text()
    combobox = page.get_by_role("combobox", name="Name of CAS")
    assert combobox.input_value() == ""
    assert "id_centre_notice" in combobox.get_attribute("aria-describedby")
    combobox.press_sequentially("mañana")
    page.get_by_role("listbox").get_by_role("option").first.click()
    page.fill("#id_place", "Querétaro, desde un enlace viejo")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_selector("#save-status[data-state=server]")
    interview = Interview.objects.get()
    assert (interview.centre, interview.place) == (wanted, "Querétaro, desde un enlace viejo")
