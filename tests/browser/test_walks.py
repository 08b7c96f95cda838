"""Each role's main job, walked in a real browser from the landing page after a real login
(the login form, not a session cookie): a researcher on a 360 px phone starts, saves and
submits an interview; a coordinator approves it from the review queue; an analyst filters
the results and downloads the workbook. At every step axe-core finds no serious or critical
violation, and on the phone nothing scrolls sideways."""

import openpyxl
import pytest
from django.utils import timezone

from centres.models import Sector
from fieldwork.models import Status
from interviews.models import Interview

from ..factories import CentreFactory, InterviewFactory
from .test_accessibility import (
    DESKTOP,
    NEXT_FRAMES,
    PHONE,
    a11y_context,
    axe,
    phone_problems,
)
from .test_field_reliability import FILL_ALL, form_ready

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "pass-for-tests-1"  # tests/factories.py
# Scrolls the first table box that scrolls sideways; how far its first two cells moved.
SCROLL_A_WIDE_TABLE = """() => {
  const box = [...document.querySelectorAll(".table-responsive")]
    .find((b) => b.scrollWidth > b.clientWidth);
  const [first, second] = box.querySelectorAll("tbody tr:first-child > *");
  const before = [first.getBoundingClientRect().left, second.getBoundingClientRect().left];
  box.scrollLeft = box.scrollWidth;
  return {tabindex: box.getAttribute("tabindex"), role: box.getAttribute("role"),
          name: box.getAttribute("aria-label"),
          first_moved: first.getBoundingClientRect().left - before[0],
          second_moved: second.getBoundingClientRect().left - before[1]};
}"""


def assert_accessible(page, step, artifacts=None):
    page.wait_for_load_state("load")  # a page just reached by a click: its styles too
    problems = [f"{step}: {violation}" for violation in axe(page)]
    if page.viewport_size["width"] == PHONE:
        problems += phone_problems(page, step)
    if artifacts is not None:
        page.screenshot(path=str(artifacts / f"{step}.png"), full_page=True)
    assert not problems, "\n".join(problems)


def log_in(browser, live_server, login_context, user, viewport):
    context = a11y_context(browser, live_server, login_context, viewport=viewport)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto("/")
    page.wait_for_url("**/accounts/login/**")
    assert_accessible(page, "login")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.locator("main").get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url
    return context, page


def open_menu_item(page, href):
    """A link of the main menu, opening the menu first where it is collapsed (phones)."""
    link = page.locator(f"#mainnav a[href='{href}']")
    if not link.is_visible():
        page.locator("button[aria-controls=mainnav]").click()
    # The new page, loaded: the link may be to the page open now (a role's landing page),
    # which a wait for its address would not tell from the page being left.
    with page.expect_navigation():
        link.click()


@pytest.fixture
def walks(artifacts):
    folder = artifacts / "walks"
    folder.mkdir(exist_ok=True)
    return folder


def test_researcher_on_a_phone_starts_saves_and_submits_an_interview(
    browser, live_server, login_context, researcher, centre, walks
):
    viewport = {"width": PHONE, "height": 740}
    context, page = log_in(browser, live_server, login_context, researcher, viewport)
    assert_accessible(page, "researcher-landing", walks)

    open_menu_item(page, "/centres/")
    page.locator(f"main a[href='/centres/{centre.pk}/']").first.click()
    page.wait_for_url(f"**/centres/{centre.pk}/")
    assert_accessible(page, "researcher-centre", walks)
    page.locator("main a[href^='/interviews/new/']").first.click()
    page.wait_for_selector("#save-status[data-state]")

    page.fill("#id_place", "Villahermosa")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_selector("#save-status[data-state=server]")
    assert page.get_by_role("status").filter(has_text="Saved to server").is_visible()
    progress = page.get_by_role("progressbar", name="Answered questions")
    assert progress.get_attribute("aria-valuetext").endswith(" answered")
    assert_accessible(page, "researcher-form-saved", walks)

    # Submitting too early: the draft is kept and the page lists what is missing.
    page.get_by_role("button", name="Submit").click()
    page.wait_for_selector("#error-summary")
    form_ready(page)  # the summary shows before the script focuses it
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert_accessible(page, "researcher-form-refused", walks)

    page.evaluate(FILL_ALL)
    page.get_by_role("button", name="Submit").click()
    page.wait_for_url("**/interviews/*/?sent=1")
    assert_accessible(page, "researcher-submitted", walks)
    interview = Interview.objects.get()
    assert interview.status == Status.SUBMITTED and interview.place == "Villahermosa"
    context.close()


def test_coordinator_approves_from_the_review_queue(
    browser, live_server, login_context, coordinator, researcher, centre, walks
):
    interview = InterviewFactory(
        centre=centre, interviewer=researcher, status=Status.SUBMITTED, submitted_at=timezone.now()
    )
    viewport = {"width": DESKTOP, "height": 800}
    context, page = log_in(browser, live_server, login_context, coordinator, viewport)
    assert_accessible(page, "coordinator-landing", walks)

    open_menu_item(page, "/review/")
    page.wait_for_url("**/review/")
    assert_accessible(page, "coordinator-queue", walks)
    page.locator(f"main a[href='/interviews/{interview.pk}/']").first.click()
    page.wait_for_url(f"**/interviews/{interview.pk}/")
    assert_accessible(page, "coordinator-record", walks)
    page.get_by_role("button", name="Approve").click()
    page.get_by_role("status").filter(has_text="Approved.").wait_for()
    assert_accessible(page, "coordinator-approved", walks)
    interview.refresh_from_db()
    assert interview.status == Status.APPROVED
    context.close()


def test_analyst_filters_the_results_and_downloads_the_workbook(
    browser, live_server, login_context, analyst, researcher, walks
):
    for sector, status in [(Sector.PUBLIC, Status.SUBMITTED), (Sector.PRIVATE, Status.APPROVED)]:
        InterviewFactory(
            centre=CentreFactory(sector=sector),
            interviewer=researcher,
            status=status,
            visit_date="2026-03-02",
            submitted_at=timezone.now(),
            knows_laws=["migration_law"],
        )
    viewport = {"width": DESKTOP, "height": 800}
    context, page = log_in(browser, live_server, login_context, analyst, viewport)
    assert_accessible(page, "analyst-landing", walks)

    open_menu_item(page, "/reports/")
    page.select_option("#id_sector", Sector.PUBLIC)
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**/reports/?*sector=public*")
    assert page.locator("svg.chart").count() > 5
    assert_accessible(page, "analyst-results", walks)

    with page.expect_download() as download:
        page.get_by_role("button", name="Download workbook (.xlsx)").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    with open(download.value.path(), "rb") as file:  # a temporary name, with no .xlsx
        workbook = openpyxl.load_workbook(file)
    # Labels (the download's default): the questions over their codes, then the one public
    # centre.
    assert [cell.value for cell in workbook["Interviews"]["A"]][:2] == ["No.", "id"]
    assert len(workbook["Interviews"]["A"]) == 3

    # On a phone a wide table scrolls inside its own box, which the keyboard reaches, and its
    # first column stays in place.
    page.set_viewport_size({"width": PHONE, "height": 740})
    page.evaluate(NEXT_FRAMES)
    scrolled = page.evaluate(SCROLL_A_WIDE_TABLE)
    assert scrolled["tabindex"] == "0" and scrolled["role"] == "region" and scrolled["name"]
    assert scrolled["first_moved"] == 0 and scrolled["second_moved"] < -20, scrolled

    # A filter that matches nothing says so, on a phone too, instead of drawing empty charts.
    page.fill("#id_date_from", "2030-01-01")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**/reports/?*date_from=2030-01-01*")
    assert page.get_by_role("status").filter(has_text="No interview matches").is_visible()
    assert page.locator("svg.chart").count() == 0
    assert_accessible(page, "analyst-results-empty", walks)
    context.close()
