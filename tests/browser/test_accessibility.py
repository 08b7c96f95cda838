"""Every page of every role in a real browser: axe-core finds no serious or critical
violation (WCAG 2.2 AA rules and best practices), and on a 360 px phone the page does not
scroll sideways and chart text stays readable.

The pages are the URL table of tests/test_permissions.py: every GET that answers a role with a
page (200, and that role's first 403 and 404 pages), so a page added to the table is checked
here too. Screenshots at 360 px and 1366 px go to test-artifacts/pages/<role>/ for a person
to look at.

axe-core is vendored (tests/browser/vendor/axe-core/, MPL-2.0) and evaluated through
Playwright, which the page's Content Security Policy does not apply to: nothing is
downloaded, and the CSP stays on.
"""

import re
from pathlib import Path

import pytest

from .. import test_permissions
from ..seed_assessment import build
from ..test_permissions import ROLES, TABLE

pytestmark = pytest.mark.django_db(transaction=True)

world = test_permissions.world  # the table's records (a fixture), for the table's URLs

AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text()
PHONE, DESKTOP = 360, 1366
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
# At phone width, again, the rules that the narrower layout can break.
PHONE_RULES = ["scrollable-region-focusable", "target-size", "color-contrast", "region"]
RUN_AXE = """async (runOnly) => {
  const result = await axe.run(document, {runOnly, resultTypes: ["violations"]});
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help}: ` +
                v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | "));
}"""
# The smallest text of the page's charts as drawn on the screen, in px.
SMALLEST_CHART_TEXT = """() => Math.min(...[...document.querySelectorAll("svg.chart text")]
  .map((t) => parseFloat(t.getAttribute("font-size")) *
              t.ownerSVGElement.getBoundingClientRect().width /
              t.ownerSVGElement.viewBox.baseVal.width))"""
READABLE_PX = 11
NEXT_FRAMES = "() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))"
ERROR_PAGES = (403, 404)  # one of each kind per role stands for the others
NOT_PAGES = (".json", ".xlsx", ".csv", ".js", ".webmanifest")  # downloads and data
ROLES_WALKED = ("anonymous", "no_role", "owner", "coordinator", "analyst")


def pages_for(role):
    """The table's GET URLs that answer this role with a page, error pages once each."""
    column = ROLES.index(role)
    urls, errors = [], set()
    for case in TABLE:
        expected = case.expected[column]
        if case.method != "get" or expected not in (200, *ERROR_PAGES):
            continue
        if case.url.split("?")[0].endswith(NOT_PAGES):
            continue
        if expected in ERROR_PAGES:
            if expected in errors:
                continue
            errors.add(expected)
        urls.append(case.url)
    return urls


def axe(page, names=AXE_TAGS, rules=False):
    """axe's serious and critical violations on the page as it is now, one line each."""
    return page.evaluate(RUN_AXE, {"type": "rule" if rules else "tag", "values": names})


def phone_problems(page, label):
    """At 360 px: sideways scrolling, layout-dependent axe rules, unreadable chart text."""
    problems = []
    page.evaluate(NEXT_FRAMES)  # the page's resize handlers have run
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE:
        problems.append(f"{label}: {width} px wide at {PHONE} px ({wide_elements(page)})")
    problems += [f"{label} at {PHONE} px: {v}" for v in axe(page, PHONE_RULES, rules=True)]
    smallest = page.evaluate(SMALLEST_CHART_TEXT)
    if smallest < READABLE_PX:
        problems.append(f"{label}: chart text of {smallest:.1f} px at {PHONE} px")
    return problems


def check_page(page, label, name, artifacts):
    """Problems found on the open page at 1366 px and 360 px, and its two screenshots."""
    problems = [f"{label}: {violation}" for violation in axe(page)]
    page.screenshot(path=str(artifacts / f"{name}-{DESKTOP}.png"))
    page.set_viewport_size({"width": PHONE, "height": 740})
    try:
        problems += phone_problems(page, label)
        page.screenshot(path=str(artifacts / f"{name}-{PHONE}.png"), full_page=True)
    finally:
        page.set_viewport_size({"width": DESKTOP, "height": 800})
    return problems


def wide_elements(page):
    """The elements sticking out on the right, to say what to fix."""
    return page.evaluate(
        """() => [...document.querySelectorAll("body *")]
          .filter((el) => el.getBoundingClientRect().right > innerWidth + 1)
          .slice(0, 5)
          .map((el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
                       (typeof el.className === "string" && el.className.trim()
                        ? "." + el.className.trim().split(/\\s+/).join(".") : ""))
          .join(", ")"""
    )


def slug(url):
    return re.sub(r"[^a-z0-9]+", "-", url.lower()).strip("-") or "home"


def a11y_context(browser, live_server, login_context, user=None, **options):
    """A browser context with axe injected into every page. Reduced motion: no colour
    transition is caught half-way when axe measures contrast."""
    options.setdefault("viewport", {"width": DESKTOP, "height": 800})
    if user is None:
        context = browser.new_context(base_url=live_server.url, reduced_motion="reduce", **options)
        context.set_default_timeout(15_000)
    else:
        context = login_context(user, reduced_motion="reduce", **options)
    context.add_init_script(script=AXE)
    return context


def test_every_page_of_every_role(world, login_context, browser, live_server, artifacts):
    """One browser context per role, its pages in sequence (one test: the data is made once).
    The 2022 assessment is loaded beside the table's records, so that the results, the
    observation summary's wide tables and the registry hold real, long names and numbers."""
    users, ids = world
    build(users["owner"])
    problems = []
    for role in ROLES_WALKED:
        user = None if role == "anonymous" else users[role]
        # In Spanish, the default and the longer of the two languages (the walks are in English).
        context = a11y_context(browser, live_server, login_context, user, locale="es-MX")
        page = context.new_page()
        folder = artifacts / "pages" / role
        folder.mkdir(parents=True, exist_ok=True)
        checked = 0
        for template in pages_for(role):
            url = template.format(**ids)
            response = page.goto(url)
            if "text/html" not in (response.headers.get("content-type") or ""):
                continue  # a photo, a thumbnail
            problems += check_page(page, f"{role} {url}", slug(template), folder)
            checked += 1
        assert checked, role
        if user is None:
            context.close()
    assert not problems, "\n".join(problems)


FOCUS_RING = """() => {
  const el = document.activeElement, style = getComputedStyle(el);
  const bar = document.querySelector(".form-actions");  // the sticky save bar
  const hidden_by_bar = !!bar && !bar.contains(el) &&
    el.getBoundingClientRect().top >= bar.getBoundingClientRect().top - 4;
  return {tag: el.tagName, id: el.id, text: (el.textContent || "").trim().slice(0, 30),
          outline: style.outlineStyle, width: parseFloat(style.outlineWidth),
          top: el.getBoundingClientRect().top, hidden_by_bar};
}"""


def test_keyboard_skip_link_first_and_a_visible_focus_ring(
    login_context, browser, live_server, researcher, centre
):
    context = a11y_context(browser, live_server, login_context, researcher)
    page = context.new_page()
    page.goto(f"/interviews/new/?centre={centre.pk}")
    page.wait_for_selector("#save-status[data-state]")
    page.keyboard.press("Tab")
    first = page.evaluate(FOCUS_RING)
    assert first["text"] == "Skip to main content" and first["top"] >= 0  # shown when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # Every control reached by Tab shows a solid ring of at least 2 px: the navbar's links,
    # the language buttons, the section steps, the centre, the answers, the buttons.
    page.evaluate("document.activeElement.blur()")
    seen = []
    for _ in range(80):
        page.keyboard.press("Tab")
        ring = page.evaluate(FOCUS_RING)
        if ring["tag"] == "BODY":
            break  # past the last control of the page
        assert ring["outline"] == "solid" and ring["width"] >= 2, ring
        assert not ring["hidden_by_bar"], ring  # WCAG 2.4.11: focus not obscured
        seen.append(ring)
    assert {"A", "BUTTON", "INPUT"} <= {ring["tag"] for ring in seen}
    assert "Submit" in [ring["text"] for ring in seen]
