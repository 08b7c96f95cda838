"""A save that the server refuses for some answers names them, wherever they are; a form
already sent is recognised when it is shown again (the browser's Back); the error summary
wraps on a phone instead of cutting its text."""

import re

import pytest

from fieldwork.models import Status
from interviews.models import Interview
from observations.models import Observation
from tests.factories import InterviewFactory

from .test_field_reliability import FILL_ALL, accept_dialogs, form_ready, open_new_interview

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True}
NUMBERS = ("approx_size_m2", "expected_capacity", "people_present")

TYPE_NEGATIVE = """(names) => {
  for (const name of names) {
    const box = document.getElementById(`id_${name}`);
    box.value = "-3";
    box.dispatchEvent(new Event("input", { bubbles: true }));
  }
}"""


def open_new_observation(page, centre):
    page.goto(f"/observations/new/?centre={centre.pk}")
    page.wait_for_selector("#save-status[data-state]")


def go_to_section(page, code):
    page.locator(f"a.nav-link[href='#section-{code}']").click()
    page.wait_for_selector(f"#section-{code}:visible")


def test_a_refused_save_draft_names_the_questions_and_marks_their_section(
    login_context, researcher, centre, artifacts
):
    page = login_context(researcher, service_workers="block", **PHONE).new_page()
    # Only "Save draft" saves here: an autosave refused first (unfocused) would set the status
    # the test waits for before the button's own save has answered.
    page.add_init_script("window.CAS_AUTOSAVE_MS = 3600000;")
    open_new_observation(page, centre)
    go_to_section(page, "infrastructure")
    page.evaluate(TYPE_NEGATIVE, list(NUMBERS))
    progress_before = page.locator("#progress-text").inner_text()
    answered_before = int(progress_before.split(" ")[0])
    go_to_section(page, "photos")  # the refused answers are in another section now
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_selector("#save-status[data-state=invalid]")

    # The status line names the question, not only the message.
    status = page.locator("#save-status").inner_text()
    assert "Approximate size" in status or "Capacity" in status, status
    # A list above the form names each question and takes the focus.
    summary = page.locator("#save-error-summary")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.id") == "save-error-summary"
    text = summary.inner_text()
    for label in ("Approximate size (m²)", "Capacity (expected)",
                  "Number of people at the time of the visit"):  # fmt: skip
        assert label in text, text
    assert "(required)" not in text
    assert summary.locator("a").count() == 3
    # The section's step says it has errors, in words for screen readers too.
    pill = page.locator("a.nav-link[href='#section-infrastructure']")
    badge = pill.locator("[data-error-badge]")
    assert badge.is_visible() and "error" in badge.inner_text()
    assert "answers to correct in this section: 3" in badge.text_content()
    assert page.locator("a.nav-link[href='#section-photos'] [data-error-badge]").count() == 0
    # The progress counts the refused answers as not answered, and says so.
    progress = page.locator("#progress-text").inner_text()
    assert progress.startswith(f"{answered_before - 3} of "), (progress_before, progress)
    assert "3 to correct" in progress
    page.screenshot(path=str(artifacts / "refused-save-draft-360px.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # A link jumps to the field, opening its section.
    summary.locator("a").first.click()
    assert page.locator("#section-infrastructure").is_visible()
    assert page.locator("#id_approx_size_m2_save_error").is_visible()

    # Corrected and saved: the list, the marks and the count go.
    page.evaluate(
        """(names) => { for (const name of names) {
             const box = document.getElementById(`id_${name}`);
             box.value = "4";
             box.dispatchEvent(new Event("input", { bubbles: true }));
           } }""",
        list(NUMBERS),
    )
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_selector("#save-status[data-state=server]")
    assert page.locator("#save-error-summary").count() == 0
    assert badge.count() == 0
    assert "to correct" not in page.locator("#progress-text").inner_text()


def test_an_autosave_refusal_is_listed_without_taking_the_focus(login_context, researcher, centre):
    page = login_context(researcher, service_workers="block").new_page()
    page.add_init_script("window.CAS_AUTOSAVE_MS = 300;")
    open_new_observation(page, centre)
    go_to_section(page, "infrastructure")
    page.evaluate(TYPE_NEGATIVE, ["people_present"])
    page.focus("#id_people_present")
    page.wait_for_selector("#save-status[data-state=invalid]")
    summary = page.locator("#save-error-summary")
    assert "Number of people at the time of the visit" in summary.inner_text()
    assert page.evaluate("document.activeElement.id") == "id_people_present"
    assert page.locator(
        "a.nav-link[href='#section-infrastructure'] [data-error-badge]"
    ).is_visible()
    assert not Observation.objects.exists()


def test_a_refused_submission_marks_the_sections_with_errors(login_context, researcher, centre):
    page = login_context(researcher, service_workers="block").new_page()
    accept_dialogs(page)
    open_new_interview(page, centre)
    page.fill("#id_place", "Tenosique")
    page.get_by_role("button", name="Submit").click()
    page.wait_for_selector("#error-summary")
    form_ready(page)  # the sections' marks are the script's
    marked = page.locator("a.nav-link[href^='#section-'] [data-error-badge]")
    assert marked.count() >= 2
    assert all("answers to correct in this section" in t for t in marked.all_text_contents())


def test_the_error_summary_wraps_on_a_phone(login_context, researcher, centre, artifacts):
    page = login_context(researcher, service_workers="block", locale="es-MX", **PHONE).new_page()
    accept_dialogs(page)
    open_new_interview(page, centre)
    page.get_by_role("button", name="Enviar").click()
    page.wait_for_selector("#error-summary")
    form_ready(page)  # the page as the script leaves it (the sections' marks) is measured
    items = page.locator("#error-summary .error-list li")
    assert items.count() >= 1
    for i in range(min(items.count(), 3)):
        cut = items.nth(i).evaluate(
            "(li) => li.scrollWidth > li.clientWidth + 1"
            " || getComputedStyle(li).textOverflow === 'ellipsis'"
        )
        assert not cut, items.nth(i).inner_text()
    page.screenshot(path=str(artifacts / "error-summary-wraps-360px.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.mark.parametrize("instrument", ["interviews", "observations"])
def test_going_back_to_a_sent_form_says_it_was_sent(
    login_context, researcher, centre, artifacts, instrument
):
    page = login_context(researcher, locale="es-MX").new_page()
    accept_dialogs(page)
    page.goto(f"/{instrument}/new/?centre={centre.pk}")
    page.wait_for_selector("#save-status[data-state]")
    page.evaluate(FILL_ALL)
    page.get_by_role("button", name="Enviar").click()
    page.wait_for_url(re.compile(rf"/{instrument}/\d+/\?sent=1"))
    model = Interview if instrument == "interviews" else Observation
    record = model.objects.get()
    assert record.status == Status.SUBMITTED

    saves = []
    page.on("request", lambda r: saves.append(r.url) if r.method == "POST" else None)
    page.go_back()
    notice = page.locator("#sent-notice")
    notice.wait_for()
    assert "Este formulario ya se envió" in notice.inner_text()
    assert notice.get_by_role("link").get_attribute("href") == record.get_absolute_url()
    page.screenshot(path=str(artifacts / f"back-after-submit-{instrument}.png"))
    # Neither saved again nor offered to be: no autosave, no copy on the device.
    page.wait_for_timeout(1500)
    page.evaluate("window.CAS && window.CAS.flushQueue && window.CAS.flushQueue()")
    assert not [u for u in saves if f"/{instrument}/new/" in u]
    assert page.evaluate("window.CAS.store.all().length") == 0
    assert page.locator("#record-form").evaluate("(f) => f.inert")
    assert model.objects.count() == 1

    # The record's link opens it.
    notice.get_by_role("link").click()
    page.wait_for_url(f"**{record.get_absolute_url()}")


def test_a_sent_form_is_remembered_for_its_owner_only(
    login_context, researcher, other_researcher, centre
):
    """The list of forms sent is per user: someone else on the same phone opening the same
    address gets a form of their own, not the notice."""
    page = login_context(researcher, service_workers="block").new_page()
    open_new_interview(page, centre)
    uid = page.evaluate("document.getElementById('record-form').elements.uid.value")
    page.evaluate(f"window.CAS.store.markSent('{uid}', '/interviews/1/')")
    page.reload()
    page.wait_for_selector("#sent-notice")
    owner = page.evaluate("window.CAS.owner")
    stored = page.evaluate("JSON.stringify(Object.keys(localStorage))")
    assert f"cas:v2:sent:{owner}" in stored
    page.evaluate(
        """() => { const key = Object.keys(localStorage).find((k) => k.startsWith('cas:v2:sent:'));
                   localStorage.setItem('cas:v2:sent:someone-else', localStorage.getItem(key));
                   localStorage.removeItem(key); }"""
    )
    page.reload()
    page.wait_for_selector("#save-status[data-state]")
    assert page.locator("#sent-notice").count() == 0


def test_a_record_sent_then_returned_is_edited_as_usual(login_context, researcher, centre):
    """The list of forms sent concerns new forms only: a record sent from this device and
    returned for changes opens for editing and saves."""
    interview = InterviewFactory(centre=centre, interviewer=researcher, status=Status.RETURNED)
    page = login_context(researcher, service_workers="block").new_page()
    page.goto("/my-work/")
    page.evaluate(f"window.CAS.store.markSent('{interview.uid}', '{interview.get_absolute_url()}')")
    page.goto(interview.get_edit_url())
    page.wait_for_selector("#save-status[data-state]")
    assert page.locator("#sent-notice").count() == 0
    page.fill("#id_place", "Balancán")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_selector("#save-status[data-state=server]")
    interview.refresh_from_db()
    assert interview.place == "Balancán"
