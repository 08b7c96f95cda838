"""A shared phone, in a real browser: one browser profile (one localStorage, one service worker,
as on one device) used by two researchers in turn, logging in and out with the login form.
What researcher A keeps on the device is neither seen nor sent by researcher B, and waits for A."""

import pytest

from accounts.privacy import device_owner
from fieldwork.models import Status
from interviews.models import Interview
from observations.models import Photo

from ..factories import ObservationFactory
from ..images import jpeg, plain_image
from .test_field_reliability import FILL_ALL, wait_for

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "pass-for-tests-1"  # tests/factories.py
OFFLINE_PAGES = ["/interviews/new/", "/observations/new/", "/device/", "/centres/"]


@pytest.fixture
def device(browser, live_server):
    """One browser profile: the device the researchers share."""
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(15_000)
    yield context
    context.close()


# The live server's threads share one in-memory SQLite connection, so a request that meets
# another one (the service worker fetching pages) may fail: such a page is asked for again.
def visit(page, path):
    for _attempt in range(3):
        response = page.goto(path)
        if response is None or response.status < 400:
            return
        page.wait_for_timeout(500)
    raise AssertionError(f"{path} answered {response.status}")


def log_in(page, user):
    for _attempt in range(3):
        visit(page, "/accounts/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", PASSWORD)
        with page.expect_navigation():
            page.locator("main").get_by_role("button", name="Log in").click()
        if page.url.endswith("/my-work/"):
            return
    raise AssertionError(f"{user.username} could not log in")


def log_out(page):
    page.locator("#user-menu").click()  # the user's menu: name, password, log out
    page.locator("#logout-form button").click()
    page.wait_for_url("**/accounts/login/")


def offline_pages_of(page, owner):
    """Wait until the service worker keeps the offline pages for `owner` (and is done)."""
    kept = """async ([paths, owner]) => {
      for (const path of paths) {
        const hit = await caches.match(path);
        const text = hit ? await hit.text() : "";
        if (!text.includes(`data-device-owner="${owner}"`)) return false;
      }
      return true;
    }"""
    for _attempt in range(3):
        try:
            wait_for(page, lambda: page.evaluate(kept, [OFFLINE_PAGES, owner]), timeout=5)
            return
        except AssertionError:
            visit(page, page.url)  # a page fetch met a busy server: the next visit fills it
    raise AssertionError("the offline pages were not kept")


def test_a_shared_phone_keeps_each_researchers_items_apart(
    device, researcher, other_researcher, centre
):
    a_key, b_key = device_owner(researcher), device_owner(other_researcher)
    page = device.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))

    # Researcher A fills an interview with no connection and submits it: it waits on the device.
    log_in(page, researcher)
    offline_pages_of(page, a_key)
    visit(page, f"/interviews/new/?centre={centre.pk}")
    page.wait_for_selector("#save-status[data-state]")
    device.set_offline(True)
    page.evaluate(FILL_ALL)
    page.fill("#id_place", "Tenosique, de A")
    page.get_by_role("button", name="Submit").click()
    page.wait_for_selector("#save-status[data-state=queued]")
    a_draft_url = page.evaluate("location.pathname + location.search + location.hash")
    a_uid = a_draft_url.split("#draft=")[1]
    # ... and a photo of A's observation waits on the device too.
    observation = ObservationFactory(centre=centre, interviewer=researcher, consent_photos=True)
    page.evaluate(
        """([bytes, url]) => CAS.photoStore.put({
          id: "photo-of-a", owner: CAS.owner, file: new File([new Uint8Array(bytes)], "a.jpg"),
          caption: "Dormitorio", space: "dormitory", areas: [], uploadUrl: url, formUid: null,
        })""",
        [list(jpeg(plain_image())), f"/observations/{observation.pk}/photos/"],
    )

    # The connection returns but the server cannot be reached; A logs out and is told what waits.
    def unreachable(route):
        saving = route.request.method == "POST" and "/logout/" not in route.request.url
        return route.abort() if saving else route.continue_()

    device.route("**/*", unreachable)
    device.set_offline(False)
    log_out(page)
    assert "2 waiting on this device for you" in dialogs[-1]  # the form and the photo
    device.unroute("**/*", unreachable)

    # Researcher B logs in on the same device: nothing of A's is counted, listed or sent, and
    # the pages kept for offline use are B's now.
    log_in(page, other_researcher)
    assert not page.locator("#device-indicator").is_visible()
    offline_pages_of(page, b_key)
    visit(page, "/device/")
    page.evaluate("Promise.all([window.CAS.flushQueue(), window.CAS.photos.send()])")
    assert page.locator("[data-device-item]").count() == 0
    assert page.locator("#device-empty").is_visible()
    assert page.locator("#device-photos").is_hidden()
    page.locator("#device-others", has_text="other users: 2").wait_for()
    assert not Interview.objects.exists()  # nothing sent, under B or anyone
    assert not Photo.objects.exists()

    # A's form address opens a new, empty form for B, and B's typing leaves A's copy alone.
    visit(page, a_draft_url)
    page.wait_for_selector("#save-status[data-state]")
    assert page.input_value("#id_place") == ""
    assert page.input_value("input[name=uid]") != a_uid
    page.fill("#id_place", "Escrito por B")
    a_copy = page.evaluate(
        """(uid) => Object.keys(localStorage).filter((k) => k.endsWith(":" + uid))
             .map((k) => JSON.parse(localStorage.getItem(k)))""",
        a_uid,
    )
    assert len(a_copy) == 1 and a_copy[0]["owner"] == a_key
    assert ["place", "Tenosique, de A"] in a_copy[0]["fields"]

    # A logs in again: A's queued submission goes, with A as the interviewer.
    visit(page, "/device/")
    log_out(page)
    log_in(page, researcher)
    offline_pages_of(page, a_key)  # the service worker is done: the server is quiet
    sent = """Promise.all([CAS.flushQueue(), CAS.photos.send()]).then(async () =>
      CAS.store.all().length === 0 && (await CAS.photos.all()).length === 0)"""
    wait_for(page, lambda: page.evaluate(sent))  # again, if the first try met a busy server
    interview = Interview.objects.get(status=Status.SUBMITTED)
    assert interview.interviewer == researcher and interview.place == "Tenosique, de A"
    assert str(interview.uid) == a_uid
    assert Photo.objects.get().uploaded_by == researcher


def test_pages_kept_for_offline_use_are_not_shown_to_the_next_user(
    device, researcher, other_researcher
):
    page = device.new_page()
    log_in(page, researcher)
    offline_pages_of(page, device_owner(researcher))
    device.clear_cookies()  # A's session ends without logging out (idle timeout)

    log_in(page, other_researcher)
    offline_pages_of(page, device_owner(other_researcher))
    device.set_offline(True)
    visit(page, "/interviews/new/")
    assert page.locator("body").get_attribute("data-device-owner") == device_owner(other_researcher)
    assert researcher.get_full_name() not in page.content()


def test_a_copy_kept_before_owners_were_recorded_is_nobodys_until_claimed(
    device, researcher, centre
):
    uid = "0b5e2c8e-6a4b-4c1e-9d7f-3f2a1b0c9d8e"
    page = device.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, researcher)
    offline_pages_of(page, device_owner(researcher))
    old = {
        "uid": uid,
        "title": "Entrevista",
        "url": "/interviews/new/",
        "pageUrl": f"/interviews/new/?centre={centre.pk}#draft={uid}",
        "state": "queued",
        "savedAt": "2026-11-20T10:00:00Z",
        "fields": [["centre", str(centre.pk)], ["place", "Copia sin dueño"]],
    }
    page.evaluate("([key, item]) => localStorage.setItem(key, JSON.stringify(item))",
                  [f"cas:v1:item:{uid}", old])  # fmt: skip

    # Not counted, not sent, not opened: listed apart, with a warning.
    visit(page, "/device/")
    page.evaluate("window.CAS.flushQueue()")
    assert not page.locator("#device-indicator").is_visible()
    assert page.locator("#device-items [data-device-item]").count() == 0
    assert page.locator("#device-unowned").is_visible()
    assert page.locator("#device-unowned [data-action=open]").is_hidden()
    visit(page, old["pageUrl"])
    page.wait_for_selector("#save-status[data-state]")
    assert page.input_value("#id_place") == ""
    assert not Interview.objects.exists()

    # Whoever typed it claims it: it is theirs from then on.
    visit(page, "/device/")
    page.route("**/interviews/new/", lambda route: route.abort())  # keep it waiting here
    page.locator("#device-unowned [data-action=claim]").click()
    page.wait_for_selector("#device-items [data-device-item]")
    assert page.locator("#device-unowned").is_hidden()
    assert page.evaluate(f"window.CAS.store.get('{uid}').owner") == device_owner(researcher)
