"""The form tells before it refuses, in a real browser (issue 15, item 5): required questions
marked for people and for screen readers, a refused submission on a 360 px phone (kept as a
draft, a short list that expands), the confirmation focused after an offline send, and the
photo step with no space chosen for you."""

import re

import pytest
from django.utils import timezone

from fieldwork.models import Status
from interviews.models import Interview

from ..images import jpeg, plain_image
from .test_field_reliability import (
    FILL_ALL,
    accept_dialogs,
    form_ready,
    open_new_interview,
    wait_for,
)

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True}


def test_required_marks_and_a_refused_submission_on_a_phone(
    login_context, researcher, centre, artifacts
):
    page = login_context(researcher, service_workers="block", **PHONE).new_page()
    accept_dialogs(page)
    open_new_interview(page, centre)
    # A required question says so in words, which is also its accessible name.
    place = page.get_by_role("textbox", name=re.compile(r"^Place \(required\)$"))
    assert place.is_visible()
    assert page.locator("label[for=id_place] .required-mark").is_visible()
    # Not required: no mark.
    assert "(required)" not in page.locator("[data-item=knows_laws]").text_content()
    # The visit date starts as today where the site is (the day the server checks against).
    assert page.input_value("#id_visit_date") == timezone.localdate().isoformat()

    page.fill("#id_place", "Tenosique")
    page.get_by_role("button", name="Submit").click()
    summary = page.locator("#error-summary")
    summary.wait_for()
    form_ready(page)  # the summary shows before the script focuses it and fixes the address
    # Kept as a draft on the server, as the page says; only the submission waits.
    interview = Interview.objects.get()
    assert interview.status == Status.DRAFT and interview.place == "Tenosique"
    assert "Your draft is saved" in summary.inner_text()
    assert page.input_value("#id_place") == "Tenosique"
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert page.evaluate("location.pathname") == f"/interviews/{interview.pk}/edit/"
    # A short list: three questions, the rest behind a count that expands.
    more = page.locator("#error-more")
    assert more.get_attribute("open") is None
    assert re.match(r"\d+ answers to complete: show all", more.locator("summary").inner_text())
    page.screenshot(path=str(artifacts / "refused-submit-360px.png"))
    assert summary.bounding_box()["height"] < 740 / 2
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    more.locator("summary").click()
    assert more.locator("li").first.is_visible()
    # A link in the list opens the question's section.
    more.locator("a").first.click()
    target = more.locator("a").first.get_attribute("href")
    assert page.locator(target).is_visible()


def test_the_confirmation_takes_focus_after_an_offline_send(login_context, researcher, centre):
    context = login_context(researcher, service_workers="block")
    page = context.new_page()
    accept_dialogs(page)
    open_new_interview(page, centre)
    context.set_offline(True)
    wait_for(page, lambda: not page.evaluate("navigator.onLine"))
    page.evaluate(FILL_ALL)
    page.get_by_role("button", name="Submit").click()
    page.wait_for_selector("#save-status[data-state=queued]")

    context.set_offline(False)  # the queue is sent by itself, and the record's page opens
    page.wait_for_url("**/interviews/*/?sent=1")
    wait_for(page, lambda: page.evaluate("document.activeElement.id") == "sent-confirmation")
    assert "Submitted. Thank you." in page.locator("#sent-confirmation").inner_text()
    assert Interview.objects.get().status == Status.SUBMITTED


def test_the_photo_step_asks_for_the_space(login_context, researcher, centre):
    page = login_context(researcher, service_workers="block").new_page()
    accept_dialogs(page)
    page.goto(f"/observations/new/?centre={centre.pk}")
    page.wait_for_selector("#save-status[data-state]")
    page.evaluate(FILL_ALL)  # consent_photos: Yes; the photo step's fields are left alone
    page.locator("a.nav-link[href='#section-photos']").click()
    picker = page.locator("#section-photos")
    assert picker.is_visible() and page.locator(".form-actions").is_visible()
    # The photo step sits above the save bar, one of the form's steps.
    assert picker.bounding_box()["y"] < page.locator(".form-actions").bounding_box()["y"]
    assert page.input_value("#photo_space") == ""
    photo = {"name": "a.jpg", "mimeType": "image/jpeg", "buffer": jpeg(plain_image())}
    page.set_input_files("#photo_image", files=[photo])
    status = page.locator("[data-picker-status]")
    wait_for(page, lambda: "as it will be stored" in status.inner_text())  # the preview is back
    page.get_by_role("button", name="Add the photo").click()
    wait_for(page, lambda: "space" in status.inner_text())
    assert "Choose the space the photo shows." in status.inner_text()
    assert page.evaluate("document.activeElement.id") == "photo_space"
    assert page.evaluate("CAS.photos.all().then(p => p.length)") == 0
