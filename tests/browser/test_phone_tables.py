"""The pages a researcher, coordinator or analyst uses on a phone: at 360 px every table cell
is within the screen (the rows become cards), nothing scrolls sideways, and the menu button
stays on the navbar's first line. Screenshots at 360 and 1366 px in test-artifacts/."""

import datetime

import pytest
from django.utils import timezone

from api.services import create_token, revoke_token
from audit.services import record_access
from fieldwork.models import Round, Status
from reports.models import Export
from tests.factories import CentreFactory, InterviewFactory, ObservationFactory

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True}
DESKTOP = {"viewport": {"width": 1366, "height": 900}}

# Every table cell (and the table's controls) drawn outside the screen, as text for a message.
CELLS_OUTSIDE = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const cell of document.querySelectorAll("main table :is(td, th)")) {
    const box = cell.getBoundingClientRect();
    if (!box.width && !box.height) continue;  // not shown
    if (box.left < -1 || box.right > width + 1)
      out.push(`${cell.closest("table").id || "table"}: "${cell.textContent.trim().slice(0, 30)}" `
               + `${Math.round(box.left)}-${Math.round(box.right)}`);
  }
  return out;
}"""


@pytest.fixture
def records(researcher, coordinator):
    now = timezone.now()
    round_ = Round.objects.create(name="Seguimiento 2026", starts_on=datetime.date(2026, 1, 1))
    names = [
        "Centro de Asistencia Social para niñas, niños y adolescentes migrantes acompañados",
        "Albergue para niñas, niños y adolescentes del DIF estatal",
        "Aldeas Infantiles SOS",
    ]
    centres = [CentreFactory(name=name) for name in names]
    for i, centre in enumerate(centres):
        for factory in (InterviewFactory, ObservationFactory):
            factory(centre=centre, interviewer=researcher, round=round_,
                    status=Status.APPROVED if i == 0 else Status.SUBMITTED,
                    visit_date=datetime.date(2026, 9, 10 + i), submitted_at=now)  # fmt: skip
    InterviewFactory(centre=centres[1], interviewer=researcher, round=round_,
                     status=Status.RETURNED, review_comment="Falta el cargo.")  # fmt: skip
    InterviewFactory(centre=centres[2], interviewer=researcher, round=round_)
    for what in ("workbook", "csv:interviews", "centre_report_pdf"):
        record_access(coordinator, what, filters={"state": "Tabasco", "sector": "public"},
                      with_names=what == "workbook", rows=120, fmt="xlsx")  # fmt: skip
    return centres


def tokens_for(user):
    create_token(user, "Script de R para el tablero", days=30)
    revoke_token(user, create_token(user, "Power BI", days=30).token.pk)


def check(page, url, artifacts, name):
    page.goto(url)
    page.wait_for_load_state("load")
    outside = page.evaluate(CELLS_OUTSIDE)
    page.screenshot(path=str(artifacts / f"{name}.png"), full_page=True)
    assert not outside, f"{url}: cells outside the screen: {outside}"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{url} is {width} px wide"


@pytest.mark.parametrize("language", ["es-MX", "en-GB"])
@pytest.mark.parametrize("size", ["360", "1366"])
def test_tables_fit_a_phone(
    login_context, researcher, coordinator, analyst, records, artifacts, language, size
):
    options = PHONE if size == "360" else DESKTOP
    tokens_for(analyst)
    tokens_for(coordinator)
    Export.objects.create(user=coordinator, total_rows=20000, progress_rows=5000, status="running")
    lang = language[:2]
    pages = {
        researcher: ["/my-work/", f"/centres/{records[0].pk}/", "/account/"],
        coordinator: [
            "/review/",
            f"/centres/{records[1].pk}/",
            "/rounds/",
            "/audit/",
            "/reports/exports/",
            "/my-work/",
            "/account/",
            "/coding/",
        ],
        analyst: ["/account/", "/reports/exports/"],
    }
    for user, urls in pages.items():
        page = login_context(user, locale=language, service_workers="block", **options).new_page()
        for url in urls:
            slug = url.strip("/").replace("/", "_") or "home"
            check(page, url, artifacts, f"table-{user.username}-{lang}-{size}-{slug}")
        page.close()


def test_the_stacked_rows_name_their_columns(login_context, researcher, records, analyst):
    tokens_for(analyst)
    page = login_context(analyst, service_workers="block", **PHONE).new_page()
    page.goto("/account/")
    row = page.locator("#token-list tbody tr").first
    assert row.locator("td").first.get_attribute("data-label") == "Name"
    # The revoke control is on the screen, and can be used.
    revoke = page.locator("#token-list").get_by_role("link", name="Revoke").first
    box = revoke.bounding_box()
    assert box and box["x"] + box["width"] <= 360
    page = login_context(researcher, service_workers="block", locale="es-MX", **PHONE).new_page()
    page.goto("/my-work/")
    status = page.locator("#sent-records tbody tr").first.locator("td").nth(4)
    assert status.get_attribute("data-label") == "Estatus"
    assert status.is_visible() and status.bounding_box()["x"] >= 0
    assert "Estatus" in status.evaluate("(td) => getComputedStyle(td, '::before').content")


@pytest.mark.parametrize("language", ["es-MX", "en-GB"])
def test_an_imports_errors_and_rows_fit_a_phone(login_context, coordinator, artifacts, language):
    """The preview's tables kept their columns' widths on a phone: the problem, what to do
    about it, was past the right edge of the screen."""
    from imports.services import keep_upload

    centre = CentreFactory(name="Aldeas Infantiles SOS")
    InterviewFactory(centre=centre, status=Status.SUBMITTED, visit_date=datetime.date(2026, 9, 7))
    content = (
        "centre,visit_date,knows_protection_protocol\n"
        f"{'Narnia ' * 20},31/02/2022,Quizás\n"
        "Aldeas Infantiles SOS,2026-09-07,\n"
    ).encode()
    pending = keep_upload(user=coordinator, kind="interviews", file_name="c.csv", content=content)
    page = login_context(coordinator, locale=language, service_workers="block", **PHONE).new_page()
    page.goto(f"/imports/{pending.token}/")
    # tables.js has made both tables cards.
    page.wait_for_selector("#import-errors.stack-ready")
    page.wait_for_selector("#import-rows.stack-ready")
    page.screenshot(path=str(artifacts / f"table-import-{language[:2]}-360.png"), full_page=True)
    assert page.evaluate(CELLS_OUTSIDE) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.locator("#import-errors tbody tr").count() >= 3
    message = page.locator("#import-errors td.import-message").first
    assert message.is_visible() and message.bounding_box()["x"] >= 0


@pytest.mark.parametrize("language", ["en-GB", "es-MX"])
@pytest.mark.parametrize("user_name", ["researcher", "coordinator", "analyst"])
def test_the_menu_button_stays_beside_the_title_on_a_phone(
    login_context, request, user_name, language
):
    user = request.getfixturevalue(user_name)
    page = login_context(user, locale=language, service_workers="block", **PHONE).new_page()
    page.goto("/account/")
    brand = page.locator(".navbar-brand").bounding_box()
    toggler = page.locator(".navbar-toggler").bounding_box()
    switcher = page.locator("#language-switcher").bounding_box()
    # One line: the button's top is above the title's bottom.
    assert toggler["y"] < brand["y"] + brand["height"], (brand, toggler)
    assert switcher["y"] < brand["y"] + brand["height"]
    assert toggler["x"] + toggler["width"] <= 360
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
