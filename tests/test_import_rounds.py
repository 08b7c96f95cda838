"""The round of imported interviews and observations: a column of the export and of the
import, by the round's name (either language's header; case, accents and spaces aside), an
unknown round an error by cell, an empty cell or no column the current round as before."""

import copy
import datetime
import uuid

import pytest
from django.utils import timezone

from assessment.services import load_assessment
from fieldwork.models import INITIAL_ROUND_NAME, Round
from interviews.models import Interview
from observations.models import Observation

from .factories import CentreFactory
from .imports_helpers import actions, confirm, csv_bytes, export, preview, problems, workbook_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def rounds(db):
    """The baseline, closed, and a follow-up that is the current round."""
    baseline = Round.objects.get(name=INITIAL_ROUND_NAME)
    baseline.is_open = False
    baseline.save()
    follow_up = Round.objects.create(
        name="Seguimiento 2026", starts_on=timezone.localdate() - datetime.timedelta(days=30)
    )
    assert Round.objects.current() == follow_up
    return baseline, follow_up


def test_the_export_names_each_records_round_after_its_status(
    coordinator_client, researcher, rounds
):
    baseline, _follow_up = rounds
    load_assessment(interviewer=researcher, language="es", round=baseline)
    for query, sheet, header_row in (
        ("?round=all&values=codes", "Interviews", 0),
        ("?round=all&lang=es", "Observaciones", 1),
    ):
        book = export(coordinator_client, query)
        rows = book[sheet]
        codes = rows[header_row]
        assert codes[4:6] == ["status", "round"], sheet
        if header_row:  # labels: the question over the code, in the export's language
            assert rows[0][5] == "Ronda"
        column = codes.index("round")
        assert {row[column] for row in rows[header_row + 1 :]} == {INITIAL_ROUND_NAME}


def test_past_visits_go_to_their_own_round_by_its_name_in_either_language(
    coordinator_client, rounds
):
    baseline, follow_up = rounds
    CentreFactory(name="Casa Uno")
    uids = [str(uuid.uuid4()) for _n in range(4)]
    rows = [
        # The header in Spanish (the question's label), the names in any case and accents.
        ["centre", "visit_date", "status", "Ronda", "place", "uid"],
        ["Casa Uno", "2022-04-20", "draft", "linea de base 2022", "A", uids[0]],
        ["Casa Uno", "2022-05-20", "draft", "  LÍNEA DE  BASE 2022 ", "B", uids[1]],
        ["Casa Uno", "2026-05-20", "draft", "Seguimiento 2026", "C", uids[2]],
        # An empty cell: the current round, as without the column.
        ["Casa Uno", "2026-06-20", "draft", "", "D", uids[3]],
    ]
    page, url = preview(coordinator_client, "interviews", "visitas.csv", csv_bytes(rows))
    assert actions(page) == ["create"] * 4, problems(page)
    assert confirm(coordinator_client, url, page).status_code == 302
    got = {str(i.uid): i.round for i in Interview.objects.all()}
    assert got == {uids[0]: baseline, uids[1]: baseline, uids[2]: follow_up, uids[3]: follow_up}

    # Observations too, with the English header.
    rows = [
        ["Centre", "Visit date", "Record status", "Round", "uid"],
        ["Casa Uno", "2022-04-20", "draft", "Línea de base 2022", str(uuid.uuid4())],
    ]
    page, url = preview(coordinator_client, "observations", "obs.csv", csv_bytes(rows))
    assert actions(page) == ["create"], problems(page)
    confirm(coordinator_client, url, page)
    assert Observation.objects.get().round == baseline


def test_without_the_column_new_records_go_to_the_current_round(coordinator_client, rounds):
    _baseline, follow_up = rounds
    CentreFactory(name="Casa Uno")
    rows = [["centre", "visit_date", "status"], ["Casa Uno", "2022-04-20", "draft"]]
    page, url = preview(coordinator_client, "interviews", "e.csv", csv_bytes(rows))
    assert actions(page) == ["create"]
    confirm(coordinator_client, url, page)
    assert Interview.objects.get().round == follow_up


def test_an_unknown_round_is_an_error_of_its_cell(coordinator_client, rounds):
    CentreFactory(name="Casa Uno")
    rows = [
        ["centre", "visit_date", "status", "round"],
        ["Casa Uno", "2022-04-20", "draft", "Línea de base 2021"],
    ]
    _page, url = preview(coordinator_client, "interviews", "e.csv", csv_bytes(rows))
    page = coordinator_client.get(url, HTTP_ACCEPT_LANGUAGE="es")
    html = page.content.decode()
    assert problems(page) == ["unknown_round"] and actions(page) == ["error"]
    assert "<span data-cell>D2</span>" in html
    assert "Ronda desconocida" in html
    assert "“Línea de base 2021” no es una ronda" in html and "Seguimiento 2026" in html
    assert 'id="confirm-form"' not in html
    assert not Interview.objects.exists()


def test_round_trip_is_unchanged_and_a_moved_round_is_an_update(
    coordinator_client, researcher, rounds
):
    baseline, follow_up = rounds
    load_assessment(interviewer=researcher, language="es", round=baseline)
    book = export(coordinator_client, "?round=all")  # labels, two header rows
    for kind in ("interviews", "observations"):
        page, _url = preview(coordinator_client, kind, "export.xlsx", workbook_bytes(book))
        assert actions(page) == ["unchanged"] * 5, (kind, problems(page))

    changed = copy.deepcopy(book)
    codes = changed["Interviews"][1]
    column = codes.index("round")
    changed["Interviews"][2][column] = "seguimiento 2026"
    uid = changed["Interviews"][2][codes.index("uid")]
    page, url = preview(coordinator_client, "interviews", "export.xlsx", workbook_bytes(changed))
    assert sorted(actions(page)) == ["unchanged"] * 4 + ["update"]
    assert f"Round: {INITIAL_ROUND_NAME} → Seguimiento 2026" in page.content.decode()
    assert confirm(coordinator_client, url, page).status_code == 302
    assert Interview.objects.get(uid=uid).round == follow_up
    assert Interview.objects.filter(round=baseline).count() == 4


def test_an_empty_round_cell_keeps_a_stored_records_round(coordinator_client, researcher, rounds):
    baseline, _follow_up = rounds
    load_assessment(interviewer=researcher, language="es", round=baseline)
    book = export(coordinator_client, "?round=all&values=codes")
    sheet = book["Interviews"]
    column = sheet[0].index("round")
    for row in sheet[1:]:
        row[column] = None
    page, _url = preview(coordinator_client, "interviews", "e.xlsx", workbook_bytes(book))
    assert actions(page) == ["unchanged"] * 5, problems(page)
    assert Interview.objects.filter(round=baseline).count() == 5
