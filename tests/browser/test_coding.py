"""Coding notes with the keyboard only, and the theme counted per centre on the results."""

import pytest

from centres.models import Sector
from coding.models import CodedNote, Theme
from fieldwork.models import Status
from tests.factories import CentreFactory, InterviewFactory, ThemeFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_coordinator_codes_two_notes_by_keyboard_and_the_results_count_them(
    login_context, coordinator
):
    Theme.objects.all().delete()  # the shipped themes, when the database has not been flushed yet
    theme = ThemeFactory(label_en="Continuous training of teams", items=["main_challenges"])
    ThemeFactory(label_en="Lack of resources", items=["main_challenges"])
    for name, sector, note in (
        ("A private shelter", Sector.PRIVATE, "We need continuous training for the team."),
        ("B public shelter", Sector.PUBLIC, "Staff change often; training never ends."),
    ):
        InterviewFactory(
            centre=CentreFactory(name=name, sector=sector),
            status=Status.SUBMITTED,
            main_challenges_notes=note,
            respondent_name="Rosa Martínez",
        )
    page = login_context(coordinator, locale="en-GB").new_page()
    page.goto("/coding/note/?item=main_challenges")
    page.wait_for_selector("#coding-form[data-keys=ready]")
    assert page.locator("#note").get_attribute("data-note").startswith("interview-")
    assert "A private shelter" in page.locator("#note").inner_text()
    assert page.locator("#coding-progress").inner_text().startswith("0 of 2 notes coded")
    # First note: theme 1, Enter saves and opens the next.
    page.keyboard.press("1")
    page.keyboard.press("Enter")
    page.wait_for_selector("#note:has-text('B public shelter')")
    # The new page's keys are only listened to once its script has run (the note is shown
    # before): a key pressed earlier is lost, as a person's would be.
    page.wait_for_selector("#coding-form[data-keys=ready]")
    assert page.locator("#coding-progress").inner_text().startswith("1 of 2 notes coded")
    # Second note: theme 1, Q to the quote, type an excerpt, Enter saves: all coded.
    page.keyboard.press("1")
    page.keyboard.press("q")
    page.keyboard.type("training never ends")
    page.keyboard.press("Enter")
    page.wait_for_url("**/coding/")
    assert "2 of 2 notes coded" in page.locator("#coding-progress").inner_text()
    assert CodedNote.objects.count() == 2
    assert all(list(note.themes.all()) == [theme] for note in CodedNote.objects.all())

    page.goto("/reports/#results-themes")
    finding = page.locator(f"[data-theme-finding='{theme.code}']").inner_text()
    assert finding == (
        "Continuous training of teams was mentioned in all the CAS "
        "(one private and one public CAS; 2 of 2)."
    )
    row = page.locator(f"#theme-counts tr[data-theme='{theme.code}'] td")
    assert [row.nth(i).inner_text() for i in (1, 2, 3)] == ["1", "1", "2"]
    assert "“training never ends”" in page.locator("#results-themes").inner_text()
    assert "Rosa" not in page.content()
