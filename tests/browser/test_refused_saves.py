"""A save the server refuses as too large: the form says why, keeps what was typed, and the
device queue does not send it again and again."""

import pytest

from fieldwork.models import Status
from interviews.models import Interview

from .test_field_reliability import accept_dialogs, open_new_interview

pytestmark = pytest.mark.django_db(transaction=True)

TYPE_LONG_NOTES = """(text) => {
  const notes = document.getElementById("id_knows_laws_notes");
  notes.value = text;
  notes.dispatchEvent(new Event("input", { bubbles: true }));
}"""
DEVICE_COPY = "() => window.CAS.store.all()[0]"
QUEUE_AND_SEND = """async () => {
  const item = window.CAS.store.all()[0];
  item.state = "queued";
  item.submitSaveId = window.CAS.uuid4();
  window.CAS.store.put(item);
  await window.CAS.flushQueue();
  return window.CAS.store.get(item.uid);
}"""


def notes_on_device(page) -> str:
    fields = dict(page.evaluate(DEVICE_COPY)["fields"])
    return fields["knows_laws_notes"]


def test_a_save_over_the_size_limit_is_explained_and_kept(
    login_context, researcher, centre, settings
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 20_000
    page = login_context(researcher).new_page()
    accept_dialogs(page)
    open_new_interview(page, centre)
    long_notes = "Notas de campo muy largas. " * 1000
    page.evaluate(TYPE_LONG_NOTES, long_notes)

    # Save draft: the status line and a notice say why; the device keeps every word.
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_selector("#save-status[data-state=invalid]")
    assert "larger than the server accepts" in page.locator("#save-status").inner_text()
    assert "larger than the server accepts" in page.locator("#device-notice").inner_text()
    assert notes_on_device(page) == long_notes

    # Submit: the same explanation on the form, not a bare error page; nothing submitted.
    page.get_by_role("button", name="Submit").click()
    page.wait_for_function("() => window.CAS.store.all()[0].state === 'editing'", polling=100)
    assert "/interviews/new/" in page.url
    assert "larger than the server accepts" in page.locator("#device-notice").inner_text()
    assert page.input_value("#id_knows_laws_notes") == long_notes
    assert not Interview.objects.filter(status=Status.SUBMITTED).exists()

    # Sent from the device queue: refused once, kept for attention, not sent again.
    item = page.evaluate(QUEUE_AND_SEND)
    assert item["state"] == "attention"
    assert "larger than the server accepts" in item["message"]
    assert notes_on_device(page) == long_notes

    # A proxy in front of the server that answers "413" with its own page: the same.
    requests = []
    page.route(
        "**/interviews/new/",
        lambda route: (
            requests.append(route.request.method),
            route.fulfill(status=413, content_type="text/html", body="<h1>413</h1>"),
        ),
    )
    item = page.evaluate(QUEUE_AND_SEND)
    assert item["state"] == "attention" and "too large or unreadable" in item["message"]
    sent = len(requests)
    page.evaluate("window.CAS.flushQueue()")
    assert len(requests) == sent  # waits for the researcher, not retried
    assert not Interview.objects.filter(status=Status.SUBMITTED).exists()


def test_an_answer_refused_on_save_is_marked_next_to_its_field_until_corrected(
    login_context, researcher, centre
):
    """One number out of range: the server refuses the save; the page says which answer and
    why next to it (not only in the status line), keeps it as typed, and clears the message
    once a corrected save goes through."""
    page = login_context(researcher).new_page()
    page.goto(f"/observations/new/?centre={centre.pk}")
    page.wait_for_selector("#save-status[data-state]")
    page.evaluate(
        """() => {
          const box = document.getElementById("id_expected_capacity");
          box.closest("[data-step], section, fieldset")?.removeAttribute("hidden");
          box.value = "10001";
          box.dispatchEvent(new Event("input", { bubbles: true }));
        }"""
    )
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_selector("#save-status[data-state=invalid]")
    box = page.locator("#id_expected_capacity")
    assert box.get_attribute("aria-invalid") == "true"
    note = page.locator("#id_expected_capacity_save_error")
    assert "10000" in note.inner_text().replace(",", "").replace(" ", "")
    assert "id_expected_capacity_save_error" in box.get_attribute("aria-describedby")
    assert box.input_value() == "10001"
    page.evaluate(
        """() => {
          const box = document.getElementById("id_expected_capacity");
          box.value = "40";
          box.dispatchEvent(new Event("input", { bubbles: true }));
        }"""
    )
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_selector("#save-status[data-state=server]")
    assert page.locator("#id_expected_capacity_save_error").count() == 0
    assert box.get_attribute("aria-invalid") is None
