"""My work in a real browser (issue 15, item 1): the researcher lands on it, sees what was
returned with the coordinator's comment, and finds the drafts this device keeps, including
one the server does not have, without remembering its centre."""

import pytest
from django.utils import timezone

from fieldwork.models import Status
from interviews.models import Interview

from ..factories import CentreFactory, InterviewFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_my_work_lists_device_drafts_beside_the_servers(login_context, researcher, coordinator):
    centre = CentreFactory(name="Casa Hogar Tenosique")
    draft = InterviewFactory(centre=CentreFactory(name="Aldea Meced"), interviewer=researcher)
    InterviewFactory(
        centre=centre, interviewer=researcher, status=Status.RETURNED, reviewed_by=coordinator,
        reviewed_at=timezone.now(), review_comment="Falta la fecha de la visita.",
    )  # fmt: skip
    # No service worker, so that the saves this test refuses are refused (no connection to
    # the server for them): the first form stays on the device only.
    context = login_context(researcher, service_workers="block")
    page = context.new_page()
    page.goto("/")
    page.wait_for_url("**/my-work/")
    assert "Falta la fecha de la visita." in page.locator("#returned").inner_text()
    assert page.locator("#nav-my-work [data-returned-count]").inner_text().startswith("1")

    context.route(
        "**/interviews/new/",
        lambda route: route.abort() if route.request.method == "POST" else route.continue_(),
    )
    page.goto(f"/interviews/new/?centre={centre.pk}")
    page.wait_for_selector("#save-status[data-state]")
    page.fill("#id_place", "Tenosique, solo en el teléfono")
    page.goto(f"/interviews/{draft.pk}/edit/")
    page.wait_for_selector("#save-status[data-state]")
    page.fill("#id_place", "Cambio en el teléfono")

    page.goto("/my-work/")
    device = page.locator("#device-drafts [data-device-draft]")
    device.first.wait_for()
    assert device.count() == 1  # the server's draft is not listed twice
    assert "Casa Hogar Tenosique" in device.inner_text()
    assert "Not on the server yet" in device.inner_text()
    server_row = page.locator(f'#server-drafts [data-record="interview:{draft.pk}"]')
    assert server_row.locator("[data-on-device]").is_visible()
    assert not page.locator("#no-drafts").is_visible()

    device.get_by_role("link", name="Continue").click()
    page.wait_for_selector("#save-status[data-state]")
    assert "#draft=" in page.url
    assert page.input_value("#id_place") == "Tenosique, solo en el teléfono"
    assert Interview.objects.count() == 2  # nothing reached the server


def test_a_discarded_draft_leaves_the_server_and_this_device(login_context, researcher, centre):
    context = login_context(researcher, service_workers="block")
    page = context.new_page()
    page.goto(f"/interviews/new/?centre={centre.pk}")
    page.wait_for_selector("#save-status[data-state]")
    page.fill("#id_place", "Tenosique")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_selector("#save-status[data-state=server]")
    draft = Interview.objects.get()
    uids = "() => window.CAS.store.all().map((item) => item.uid)"
    assert page.evaluate(uids) == [str(draft.uid)]

    page.goto("/my-work/")
    page.get_by_role("link", name=f"Discard draft #{draft.pk}").click()
    page.wait_for_url(f"**/interviews/{draft.pk}/discard/")
    page.get_by_role("button", name="Discard the draft").click()
    page.wait_for_url("**/my-work/")
    assert "Draft discarded." in page.locator("main").inner_text()
    assert not Interview.objects.exists()
    assert page.evaluate(uids) == []  # the device will not bring it back
    assert page.locator("#device-drafts [data-device-draft]").count() == 0
