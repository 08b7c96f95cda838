"""Repeat rows in a real browser: coordination actors typed into a new interview exist once
after several autosaves, a reload, an edit and the submission (issue 12, item 1)."""

import csv
import io

import pytest
from openpyxl import load_workbook

from fieldwork.models import Status
from interviews.models import CoordinationActor, Interview

from .test_field_reliability import FILL_ALL, accept_dialogs, open_new_interview

pytestmark = pytest.mark.django_db(transaction=True)
FAST_AUTOSAVE = "window.CAS_AUTOSAVE_MS = 250;"
ACTOR = "#id_coordination_actors-{}-{}"


def type_actor(page, index: int, name: str, sector: str) -> None:
    page.fill(ACTOR.format(index, "actor_name"), name)
    page.select_option(ACTOR.format(index, "actor_sector"), sector)


def autosaved(page, after: int) -> int:
    """Wait until the page has saved to the server beyond version `after`; the new version.

    (The page, not the database, is polled: SQLite locks its tables while the server writes.)
    """
    page.wait_for_function(
        "(after) => parseInt(document.querySelector('#record-form [name=base_version]').value)"
        " > after",
        arg=after,
    )
    page.wait_for_selector("#save-status[data-state=server]")
    return int(page.input_value("#record-form [name=base_version]"))


def test_actors_typed_autosaved_reloaded_edited_and_submitted_exist_once(
    login_context, researcher, coordinator, centre, client
):
    context = login_context(researcher)
    context.add_init_script(FAST_AUTOSAVE)
    page = context.new_page()
    accept_dialogs(page)
    open_new_interview(page, centre)
    page.click("a.nav-link[href='#section-N']")

    type_actor(page, 0, "Procuraduría de Protección", "state")
    version = autosaved(page, 0)
    page.click("[data-add-row=coordination_actors]")
    type_actor(page, 1, "ACNUR", "international_org")
    version = autosaved(page, version)
    for text in ("Albergues", "Albergues y DIF", "Albergues, DIF y salud"):
        page.fill("#id_coordination_details", text)  # more typing, more autosaves
        version = autosaved(page, version)
    page.wait_for_timeout(1000)  # four autosave ticks with nothing changed: nothing is sent
    assert int(page.input_value("#record-form [name=base_version]")) == version
    assert CoordinationActor.objects.count() == 2
    # The page holds the rows' ids now, and so does this device's copy.
    ids = sorted(CoordinationActor.objects.values_list("pk", flat=True))
    assert sorted(int(page.input_value(ACTOR.format(i, "id"))) for i in (0, 1)) == ids

    page.reload()  # the new form comes back from this device's copy
    page.wait_for_selector("#save-status[data-state]")
    page.click("a.nav-link[href='#section-N']")
    assert page.input_value(ACTOR.format(1, "actor_name")) == "ACNUR"
    page.fill(ACTOR.format(1, "actor_name"), "ACNUR México")
    autosaved(page, version)
    page.evaluate(FILL_ALL)
    page.get_by_role("button", name="Submit").click()
    page.wait_for_url("**/interviews/*/?sent=1")

    interview = Interview.objects.get()
    assert interview.status == Status.SUBMITTED
    expected = ["ACNUR México", "Procuraduría de Protección"]
    assert sorted(a.actor_name for a in interview.coordination_actors.all()) == expected
    assert sorted(CoordinationActor.objects.values_list("pk", flat=True)) == ids

    # The record's page lists each actor once.
    answers = page.locator("#section-N").inner_text()
    assert answers.count("ACNUR México") == 1
    assert answers.count("Procuraduría de Protección") == 1

    # So do the workbook's `Actors` sheet and the actors CSV.
    client.force_login(coordinator)
    response = client.get("/reports/export.xlsx?values=codes")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    header, *rows = book["Actors"].iter_rows(values_only=True)
    names = sorted(row[header.index("actor_name")] for row in rows)
    assert names == expected
    response = client.get("/reports/export/actors.csv?values=codes")
    header, *rows = csv.reader(
        io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))
    )
    assert sorted(row[header.index("actor_name")] for row in rows) == expected
