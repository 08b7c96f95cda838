"""A coordinator agrees, assigns and closes plan actions with the keyboard on a 360 px
screen."""

import datetime

import pytest

from fieldwork.models import Status
from plans.models import PlanAction
from tests.factories import InterviewFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_coordinator_agrees_assigns_and_closes_actions_by_keyboard_on_a_phone(
    login_context, coordinator, researcher, centre, artifacts
):
    InterviewFactory(
        centre=centre,
        interviewer=researcher,
        status=Status.SUBMITTED,
        knows_laws=["lgdnna", "migration_law", "refugee_law"],
        knows_protection_protocol=False,
        has_care_model=False,
    )
    context = login_context(
        coordinator, viewport={"width": 360, "height": 740}, is_mobile=True, locale="en-GB"
    )
    page = context.new_page()
    page.goto(f"/centres/{centre.pk}/plan/")  # opening the page proposes the actions
    protocol = PlanAction.objects.get(centre=centre, rule="training_protection_protocol")
    assert set(PlanAction.objects.values_list("rule", flat=True)) == {
        "training_protection_protocol",
        "care_model_design",
    }
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    card = page.locator(f"#action-{protocol.pk}")
    assert "Training on the Migrant Child Protection Protocol" in card.inner_text()

    # Agree: a button of the status form, by keyboard.
    card.get_by_role("button", name="Agreed").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/plan/#action-{protocol.pk}")
    card = page.locator(f"#action-{protocol.pk}")
    assert card.locator("[data-action-status]").inner_text() == "Agreed"

    # Assign: open "Edit, assign" with Enter, type the owner, save with Enter.
    card.locator("[data-edit] summary").focus()
    page.keyboard.press("Enter")
    owner = card.get_by_label("Owner")
    owner.focus()
    page.keyboard.type("IDC México")
    card.get_by_label("Due date").fill("2026-03-31")
    card.get_by_label("Status").select_option("in_progress")
    owner.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#action-{protocol.pk}[data-status='in_progress']")
    card = page.locator(f"#action-{protocol.pk}")
    assert card.locator("[data-owner]").inner_text() == "IDC México"
    assert card.locator("[data-due]").inner_text() == "31 Mar 2026"

    # Close: Done.
    card.get_by_role("button", name="Done").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#action-{protocol.pk}[data-status='done']")
    protocol.refresh_from_db()
    assert (protocol.status, protocol.owner, protocol.due) == (
        "done",
        "IDC México",
        datetime.date(2026, 3, 31),
    )
    assert "In progress → Done" in page.locator("#history").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    path = artifacts / "plan-360px.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
