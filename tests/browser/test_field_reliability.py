"""Field reliability in a real browser: autosave, offline entry and queue, no duplicates,
no lost updates, and the form on a 360 px phone screen."""

import time

import pytest
from django.db import OperationalError

from fieldwork.models import Status
from interviews.models import Interview
from observations.models import Observation

pytestmark = pytest.mark.django_db(transaction=True)

# Answers every field of the form, in every section, the way a person would: the first
# option of each question (Yes for yes/no), a text in each text box.
FILL_ALL = """() => {
  const form = document.getElementById("record-form");
  const seen = new Set();
  for (const el of form.querySelectorAll("input, textarea, select")) {
    if (!el.name || el.type === "hidden" || el.name.includes("__prefix__")) continue;
    if (el.form !== form) continue; // the photo step's fields belong to another form
    if (el.name.startsWith("coordination_actors")) continue;
    if (el.type === "radio" || el.type === "checkbox") {
      if (!seen.has(el.name)) { el.checked = true; seen.add(el.name); }
    } else if (el.type === "date") { el.value = "2026-11-20"; }
    else if (el.type === "number") { el.value = "12"; }
    else if (el.tagName === "SELECT") { if (!el.value) el.selectedIndex = 1; }
    else if (!el.value) { el.value = "Respuesta de campo"; }
  }
  form.dispatchEvent(new Event("change", { bubbles: true }));
}"""


def wait_for(page, condition, timeout=15.0):
    """Wait while Playwright keeps serving the page's events (dialogs, routes), and on a
    timeout say what the device still holds and what the server has, to tell why."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except OperationalError:
            # SQLite: the live server's threads share the test's in-memory connection, and a
            # read that meets the server's write is refused ("table is locked"): not yet.
            pass
        page.wait_for_timeout(200)
    held = page.evaluate(
        "window.CAS ? CAS.store.all().map(i => ({state: i.state, lastError: i.lastError, "
        "message: i.message, url: i.url, recordId: i.recordId})) : 'no CAS on the page'"
    )
    online = page.evaluate("navigator.onLine")
    records = [
        (model.__name__, *row)
        for model in (Interview, Observation)
        for row in model.objects.values_list("pk", "status", "uid", "version", "last_save_id")
    ]
    raise AssertionError(
        f"condition not met in {timeout} s; page {page.url} online={online}; "
        f"device holds {held}; server has {records}"
    )


def open_new_interview(page, centre):
    page.goto(f"/interviews/new/?centre={centre.pk}")
    page.wait_for_selector("#save-status[data-state]")


def form_ready(page):
    """Wait for the form page's script to have run: a page reached by a click or a submission
    shows its server-rendered parts (an error summary) before its script restores the answers,
    listens to the buttons and moves the focus."""
    page.wait_for_selector("#record-form[data-script=ready]")


def accept_dialogs(page):
    page.on("dialog", lambda dialog: dialog.accept())


def test_fill_a_form_and_submit(login_context, researcher, centre):
    page = login_context(researcher).new_page()
    accept_dialogs(page)
    open_new_interview(page, centre)
    # Sections are steps; the progress counts answered relevant questions.
    assert page.locator("section[id^='section-']:visible").count() == 1
    before = page.locator("#progress-text").inner_text()
    # The centre and the visit date (today) are preset.
    assert before.startswith("2 of ") and before.endswith(" answered")
    page.evaluate(FILL_ALL)
    after = page.locator("#progress-text").inner_text()
    answered, relevant = (int(n) for n in after.split()[::2][:2])
    assert answered == relevant > 1
    page.get_by_role("button", name="Next section").click()
    assert not page.locator("#id_respondent_position").is_visible()
    page.locator("a.nav-link[href^='#section-']").first.click()  # jump back to a section
    page.fill("#id_respondent_position", "Coordinadora general")
    page.get_by_role("button", name="Submit").click()
    page.wait_for_url("**/interviews/*/?sent=1")
    interview = Interview.objects.get()
    assert interview.status == Status.SUBMITTED
    assert interview.consent_testimony is True
    assert interview.respondent_position == "Coordinadora general"
    # The device copy is cleared after a successful submit.
    assert page.evaluate("window.CAS.store.all().length") == 0


def test_offline_fill_reload_queue_and_send_once(login_context, researcher, centre):
    context = login_context(researcher)
    page = context.new_page()
    accept_dialogs(page)
    open_new_interview(page, centre)  # online once: the service worker installs and caches
    page.wait_for_function(
        "navigator.serviceWorker.controller !== null || "
        "navigator.serviceWorker.ready.then(() => true)"
    )
    page.wait_for_function(
        "caches.match('/interviews/new/').then(r => !!r)", polling=200, timeout=15_000
    )

    context.set_offline(True)
    open_new_interview(page, centre)  # served by the service worker with no connection
    page.fill("#id_place", "Tenosique, sin conexión")
    assert page.locator("#save-status").get_attribute("data-state") == "offline"
    page.reload()  # the browser reloads (or crashes and comes back): nothing is lost
    page.wait_for_selector("#save-status[data-state]")
    assert page.input_value("#id_place") == "Tenosique, sin conexión"

    page.evaluate(FILL_ALL)
    page.get_by_role("button", name="Submit").click()
    page.wait_for_selector("#save-status[data-state=queued]")
    indicator = page.locator("#device-indicator")
    assert indicator.is_visible()
    assert "1 waiting on this device" in indicator.inner_text()
    # Nothing was submitted while offline. (Chromium's offline emulation can let a draft
    # autosave through the service worker; a draft on the server is harmless here.)
    assert not Interview.objects.exclude(status=Status.DRAFT).exists()
    page.close()  # the researcher closes the browser

    context.set_offline(False)
    later = context.new_page()  # ... and opens it again later, online
    later.goto("/device/")
    # A draft autosaved while "offline" (see above) may already be there: wait for the send,
    # as the device learns it went (the server has then finished with it).
    wait_for(later, lambda: later.locator("#device-sent").is_visible(), timeout=30)
    interview = Interview.objects.get()
    assert interview.status == Status.SUBMITTED
    assert interview.place == "Tenosique, sin conexión"
    later.wait_for_selector("#device-empty:visible")
    assert not later.locator("#device-indicator").is_visible()

    later.goto(f"/centres/{centre.pk}/")
    assert later.locator(f"a[href='/interviews/{interview.pk}/']").count() == 1
    # Sent once: the queue is empty and nothing is sent again.
    later.evaluate("window.CAS.flushQueue()")
    later.wait_for_timeout(500)
    assert Interview.objects.count() == 1


def test_a_failed_send_is_retried_within_seconds_not_at_the_next_timer(
    login_context, researcher, centre
):
    context = login_context(researcher)
    page = context.new_page()
    accept_dialogs(page)
    open_new_interview(page, centre)
    page.evaluate(FILL_ALL)
    context.set_offline(True)
    page.get_by_role("button", name="Submit").click()
    page.wait_for_selector("#save-status[data-state=queued]")
    page.close()
    context.set_offline(False)

    later = context.new_page()
    sends = []  # each submission as it leaves the browser

    def drop_the_first_send(route):
        if route.request.method == "POST":
            sends.append(route.request.url)
            if len(sends) == 1:
                return route.abort("connectionreset")  # the server restarting, a flaky connection
        route.continue_()

    later.route("**/interviews/**", drop_the_first_send)
    later.goto("/device/")
    # The regular timer tries every 20 s; a failed attempt is retried after 1 s, then 2 s, ...
    # The retry is timed as it leaves the browser, not as a busy server finishes it.
    for _ in range(40):  # 8 s, in the browser's time (the route handler runs meanwhile)
        if len(sends) >= 2:
            break
        later.wait_for_timeout(200)
    assert sends, "the first send was not attempted"
    assert len(sends) >= 2, "the failed send was not retried within seconds"
    wait_for(later, lambda: later.locator("#device-sent").is_visible())
    assert Interview.objects.filter(status=Status.SUBMITTED).count() == 1


def test_a_save_whose_answer_was_lost_is_retried_as_the_same_save_after_a_reload(
    login_context, researcher, centre
):
    page = login_context(researcher).new_page()
    accept_dialogs(page)
    lost = []

    def deliver_then_lose_the_answer(route):
        if route.request.method == "POST" and not lost:
            route.fetch()  # the server stores the draft ...
            lost.append(route.request.url)
            route.abort("connectionreset")  # ... and the answer never reaches the phone
        else:
            route.continue_()

    page.route("**/interviews/**", deliver_then_lose_the_answer)
    open_new_interview(page, centre)
    page.fill("#id_place", "Tenosique")
    page.get_by_role("button", name="Save draft").click()
    for _ in range(50):
        if lost and Interview.objects.exists():
            break
        page.wait_for_timeout(200)
    assert lost and Interview.objects.count() == 1
    page.reload()  # the page comes back from the device's copy, before any other save
    page.wait_for_selector("#save-status[data-state]")
    page.get_by_role("button", name="Save draft").click()
    # The same save again: recognised, not a conflict with the draft it had created.
    page.wait_for_selector("#save-status[data-state=server]")
    assert Interview.objects.count() == 1
    assert Interview.objects.get().place == "Tenosique"


def test_double_click_on_submit_creates_one_record(login_context, researcher, centre):
    page = login_context(researcher).new_page()
    accept_dialogs(page)
    open_new_interview(page, centre)
    page.evaluate(FILL_ALL)
    page.get_by_role("button", name="Submit").dblclick()
    page.wait_for_url("**/interviews/*/?sent=1")
    page.wait_for_timeout(500)
    assert Interview.objects.filter(status=Status.SUBMITTED).count() == 1


def test_two_tabs_the_second_save_is_refused_and_nothing_is_lost(login_context, researcher, centre):
    interview = Interview.objects.create(centre=centre, interviewer=researcher, place="Inicio")
    context = login_context(researcher)
    first, second = context.new_page(), context.new_page()
    for page in (first, second):
        page.goto(f"/interviews/{interview.pk}/edit/")
        page.wait_for_selector("#save-status[data-state]")

    first.fill("#id_place", "Primera pestaña")
    first.get_by_role("button", name="Save draft").click()
    first.wait_for_selector("#save-status[data-state=server]")

    second.fill("#id_place", "Segunda pestaña")
    second.get_by_role("button", name="Save draft").click()
    second.wait_for_selector("#save-status[data-state=conflict]")
    interview.refresh_from_db()
    assert interview.place == "Primera pestaña"
    assert second.input_value("#id_place") == "Segunda pestaña"

    # Comparing shows what differs, with the second tab's answers still in the form.
    second.get_by_role("button", name="Compare").click()
    second.wait_for_selector("#conflict")
    assert "Primera pestaña" in second.locator("[data-difference=place]").inner_text()
    assert second.input_value("#id_place") == "Segunda pestaña"
    interview.refresh_from_db()
    assert interview.place == "Primera pestaña"


def test_form_on_a_phone_screen(login_context, researcher, centre, artifacts):
    context = login_context(researcher, viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    open_new_interview(page, centre)
    overflow = page.evaluate("document.documentElement.scrollWidth")
    assert overflow <= 360
    buttons = page.locator(".form-actions button")
    for index in range(buttons.count()):
        assert buttons.nth(index).bounding_box()["height"] >= 44  # comfortable touch targets
    path = artifacts / "interview-form-360px.png"
    page.screenshot(path=str(path), full_page=False)
    assert path.stat().st_size > 10_000
