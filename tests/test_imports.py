"""Spreadsheet import: the assessment's five centres with one error of each kind, fixed and
imported; the round trip of the app's own workbook; idempotence; the history; the caps."""

import copy
import uuid

import pytest
from django.db import transaction
from openpyxl.utils import get_column_letter

from assessment.services import load_assessment
from centres.models import Centre
from fieldwork.history import change_log
from imports.models import PendingImport
from imports.reading import MAX_ROWS
from interviews.models import CoordinationActor, Interview
from observations.models import Observation
from observations.spec import MAX_PEOPLE

from .factories import CentreFactory, UserFactory
from .imports_helpers import (
    actions,
    confirm,
    csv_bytes,
    export,
    preview,
    problems,
    upload,
    workbook_bytes,
)

pytestmark = pytest.mark.django_db

ROW_SHEETS = ("Centres", "Interviews", "Actors", "Observations")
#: Columns that are this database's row numbers, not data.
LOCAL_IDS = {"id", "interview"}


def _rows(book: dict, sheet: str) -> list[dict]:
    """A sheet (one header row of codes) as dicts, without this database's ids."""
    header, *rows = book[sheet]
    return [
        {code: value for code, value in zip(header, row, strict=True) if code not in LOCAL_IDS}
        for row in rows
    ]


def _exported_then_forgotten(client, researcher, query: str) -> dict:
    """The assessment loaded, exported, and rolled back: an empty database and its workbook."""
    with transaction.atomic():
        load_assessment(interviewer=researcher, language="es")
        book = export(client, query)
        transaction.set_rollback(True)
    assert not Interview.objects.exists() and not Centre.objects.exists()
    return {title: book[title] for title in ROW_SHEETS}


def _set(book: dict, sheet: str, row: int, code: str, value) -> tuple[str, int]:
    """Set a cell by its column code (header row 1 of codes); its letter and row number."""
    column = book[sheet][0].index(code)
    book[sheet][row][column] = value
    return f"{get_column_letter(column + 1)}{row + 1}", row + 1


def test_assessment_centres_with_one_error_of_each_kind_then_fixed(coordinator_client, researcher):
    client = coordinator_client
    original = _exported_then_forgotten(client, researcher, "?values=codes&names=1")
    broken = copy.deepcopy(original)
    expected = {
        # kind of problem: (sheet, cell)
        "unknown_code": _set(broken, "Centres", 1, "sector", "semi_public"),
        "not_offered": _set(broken, "Centres", 2, "state", "Tabascoo"),
        "out_of_range": _set(broken, "Centres", 3, "capacity", 20_000),
    }
    centres = workbook_bytes(broken)
    page, url = preview(client, "centres", "centros.xlsx", centres)
    assert page.status_code == 200
    assert sorted(problems(page)) == sorted(expected)
    html = page.content.decode()
    for cell, _row in expected.values():
        assert f"<span data-cell>{cell}</span>" in html
    assert "Its codes: public, private" in html
    assert 'id="confirm-form"' not in html
    # Confirming anyway (an old digest, a crafted post) writes nothing.
    assert client.post(f"{url}confirm/", {"digest": "0" * 64}).status_code == 409
    assert not Centre.objects.exists()

    # The registry fixed: five centres created.
    page, url = preview(client, "centres", "centros.xlsx", workbook_bytes(original))
    assert actions(page) == ["create"] * 5
    assert confirm(client, url, page).status_code == 302
    assert Centre.objects.count() == 5

    # Interviews and observations, with one error of each remaining kind.
    expected = {
        "unknown_centre": _set(broken, "Interviews", 1, "centre", "Casa que no existe"),
        "bad_date": _set(broken, "Interviews", 2, "visit_date", "31/02/2022"),
        "unknown_code": _set(broken, "Interviews", 3, "knows_laws", "ley_inventada"),
        "not_offered": _set(broken, "Interviews", 4, "consent_recording", "Quizá"),
        "required": _set(broken, "Interviews", 5, "knows_cas_role", None),
    }
    page, _url = preview(client, "interviews", "entrevistas.xlsx", workbook_bytes(broken))
    assert sorted(problems(page)) == sorted(expected)
    assert actions(page) == ["error"] * 5
    for cell, _row in expected.values():
        assert f"<span data-cell>{cell}</span>" in page.content.decode()
    assert "Nothing is saved while the file has errors" in page.content.decode()
    out_of_range = _set(broken, "Observations", 2, "people_present", MAX_PEOPLE + 1)
    page, _url = preview(client, "observations", "observaciones.xlsx", workbook_bytes(broken))
    assert problems(page) == ["out_of_range"]
    assert f"<span data-cell>{out_of_range[0]}</span>" in page.content.decode()
    assert not Interview.objects.exists() and not Observation.objects.exists()

    # Fixed: everything is imported, and the records are those of the data set.
    for kind, sheet in (("interviews", "Interviews"), ("observations", "Observations")):
        page, url = preview(client, kind, "evaluacion.xlsx", workbook_bytes(original))
        assert actions(page) == ["create"] * 5, sheet
        assert confirm(client, url, page).status_code == 302
    again = export(client, "?values=codes&names=1")
    for sheet in ROW_SHEETS:
        assert _rows(again, sheet) == _rows(original, sheet), sheet
    assert Interview.objects.filter(interviewer=researcher, status="submitted").count() == 5
    assert CoordinationActor.objects.count() == len(original["Actors"]) - 1
    assert not PendingImport.objects.exists()  # confirmed files are not kept


@pytest.mark.parametrize(
    "query",
    ["", "?lang=en", "?values=codes", "?values=codes&lang=en&names=1"],
    ids=["labels-es", "labels-en", "codes", "codes-en-names"],
)
def test_round_trip_changes_nothing_and_one_cell_one_update(coordinator_client, researcher, query):
    client = coordinator_client
    load_assessment(interviewer=researcher, language="es")
    book = export(client, query)
    labels = "codes" not in query
    for kind in ("centres", "interviews", "observations"):
        page, _url = preview(client, kind, "export.xlsx", workbook_bytes(book))
        assert actions(page) == ["unchanged"] * 5, (kind, problems(page))
        assert 'id="import-nothing"' in page.content.decode()
    # One cell changed: one record updated, nothing else.
    changed = copy.deepcopy(book)
    header = changed["Interviews"][1 if labels else 0]
    first_row = 2 if labels else 1
    column = header.index("place")
    changed["Interviews"][first_row][column] = "Otro lugar"
    page, url = preview(client, "interviews", "export.xlsx", workbook_bytes(changed))
    assert sorted(actions(page)) == ["unchanged"] * 4 + ["update"]
    uid = changed["Interviews"][first_row][header.index("uid")]
    before = Interview.objects.get(uid=uid)
    assert confirm(client, url, page).status_code == 302
    after = Interview.objects.get(uid=uid)
    assert after.place == "Otro lugar" and after.version == before.version + 1
    assert after.status == before.status and after.interviewer == before.interviewer


def test_reimporting_the_same_file_changes_nothing(coordinator_client, researcher):
    client = coordinator_client
    with transaction.atomic():
        load_assessment(interviewer=researcher, language="en")
        book = export(client, "?values=codes&names=1")
        transaction.set_rollback(True)
    content = workbook_bytes(book)
    for kind in ("centres", "interviews", "observations"):
        page, url = preview(client, kind, "a.xlsx", content)
        assert confirm(client, url, page).status_code == 302
    counts = (Centre.objects.count(), Interview.objects.count(), CoordinationActor.objects.count())
    versions = list(Interview.objects.order_by("pk").values_list("version", flat=True))
    for kind in ("centres", "interviews", "observations"):
        page, _url = preview(client, kind, "a.xlsx", content)
        assert set(actions(page)) == {"unchanged"}, kind
    assert (Centre.objects.count(), Interview.objects.count(),
            CoordinationActor.objects.count()) == counts  # fmt: skip
    assert list(Interview.objects.order_by("pk").values_list("version", flat=True)) == versions


def test_matched_by_centre_and_visit_date_without_uid(coordinator_client, researcher):
    client = coordinator_client
    load_assessment(interviewer=researcher, language="es")
    book = export(client, "?values=codes")
    sheet = book["Interviews"]
    uid_column = sheet[0].index("uid")
    rows = [[c for i, c in enumerate(row) if i != uid_column] for row in sheet]
    page, _url = preview(
        client, "interviews", "sin-uid.xlsx", workbook_bytes({"Entrevistas": rows})
    )
    assert actions(page) == ["unchanged"] * 5
    # Each record named by its centre and its visit date, in the page's format.
    assert "Aldeas Infantiles SOS · 18/04/2022" in page.content.decode()
    assert "2022-04-18" not in page.content.decode()


def test_imported_changes_are_marked_in_the_history(coordinator_client, researcher, coordinator):
    client = coordinator_client
    load_assessment(interviewer=researcher, language="es")
    book = export(client, "?values=codes")
    header = book["Interviews"][0]
    book["Interviews"][1][header.index("place")] = "Villahermosa"
    page, url = preview(client, "interviews", "visitas 2022.xlsx", workbook_bytes(book))
    confirm(client, url, page)
    interview = Interview.objects.get(uid=book["Interviews"][1][header.index("uid")])
    latest = interview.history.latest()
    assert latest.history_change_reason == "Imported from visitas 2022.xlsx"
    assert latest.history_user == coordinator
    entry = change_log(interview)[0]
    assert entry.reason == "Importado de visitas 2022.xlsx" or "visitas 2022.xlsx" in entry.reason
    page = client.get(f"/interviews/{interview.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Imported from visitas 2022.xlsx" in page.content.decode()


def test_actors_sheet_adds_and_removes_the_interviews_actors(coordinator_client, researcher):
    client = coordinator_client
    load_assessment(interviewer=researcher, language="es")
    book = export(client, "?values=codes")
    actors = book["Actors"]
    header = actors[0]
    removed = actors.pop(1)
    interview_uid = removed[header.index("interview_uid")]
    new = list(removed)
    new[header.index("actor_name")] = "Procuraduría de Protección"
    new[header.index("actor_sector")] = "Estatal"  # a label, in Spanish
    new[header.index("uid")] = None
    actors.append(new)
    page, url = preview(client, "interviews", "actores.xlsx", workbook_bytes(book))
    assert sorted(actions(page)) == ["unchanged"] * 4 + ["update"]
    assert confirm(client, url, page).status_code == 302
    interview = Interview.objects.get(uid=interview_uid)
    names = set(interview.coordination_actors.values_list("actor_name", "actor_sector"))
    assert ("Procuraduría de Protección", "state") in names
    assert removed[header.index("uid")] not in {
        str(u) for u in interview.coordination_actors.values_list("uid", flat=True)
    }


def test_centres_from_a_csv_with_spanish_labels(coordinator_client):
    rows = [
        ["Nombre", "Entidad federativa", "Municipio", "Sector", "Operado por", "Capacidad"],
        ["Casa Hogar Norte", "nuevo leon", "Monterrey", "Privado", "Sociedad civil", "40"],
        ["Casa Hogar Sur", "Chiapas", "Tapachula", "público", "DIF municipal", ""],
    ]
    page, url = preview(coordinator_client, "centres", "centros.csv", csv_bytes(rows, ";"))
    assert actions(page) == ["create", "create"], problems(page)
    confirm(coordinator_client, url, page)
    north = Centre.objects.get(name="Casa Hogar Norte")
    assert (north.state, north.sector, north.operator, north.capacity) == (
        "Nuevo León", "private", "civil_society", 40,
    )  # fmt: skip
    assert Centre.objects.get(name="Casa Hogar Sur").operator == "municipal_dif"


def test_centres_form_rules_apply(coordinator_client):
    rows = [
        ["name", "state", "municipality", "sector", "operator"],
        ["Casa DIF", "Tabasco", "Centro", "private", "state_dif"],
        ["", "Tabasco", "Centro", "public", "state_dif"],
        ["Casa DIF dos", "Tabasco", "", "public", "state_dif"],
    ]
    page, _url = preview(coordinator_client, "centres", "c.csv", csv_bytes(rows))
    assert actions(page) == ["error"] * 3
    html = page.content.decode()
    assert "A DIF centre is public" in html  # the registry form's own message
    assert problems(page).count("required") == 2


def test_preview_belongs_to_its_uploader_and_expires(client, coordinator):
    client.force_login(coordinator)
    page, url = preview(client, "centres", "c.csv", csv_bytes([["name"], ["Casa"]]))
    assert page.status_code == 200
    other = UserFactory(username="coordinator2", role="coordinator")
    client.force_login(other)
    assert client.get(url).status_code == 404
    assert client.post(f"{url}confirm/", {"digest": "x"}).status_code == 404
    client.force_login(coordinator)
    PendingImport.objects.update(created_at="2000-01-01T00:00:00Z")
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("c.txt", b"name\nCasa\n", "(.xlsx)"),
        ("c.xlsx", b"not a zip", ".xlsx"),
        ("c.csv", "name\nCasa Peña\n".encode("latin-1"), "UTF-8"),
        ("c.csv", ("name\n" + "Casa\n" * (MAX_ROWS + 5)).encode(), f"{MAX_ROWS:,}"),
    ],
    ids=["extension", "not-a-workbook", "not-utf8", "too-many-rows"],
)
def test_unreadable_files_are_refused_with_a_reason(coordinator_client, name, content, message):
    response = upload(coordinator_client, "centres", name, content)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PendingImport.objects.exists()


def test_a_sheet_of_another_kind_is_said(coordinator_client):
    content = workbook_bytes({"Centres": [["name"], ["Casa"]], "Other": [["x"]]})
    page, _url = preview(coordinator_client, "interviews", "c.xlsx", content)
    assert 'id="import-file-errors"' in page.content.decode()
    assert 'id="confirm-form"' not in page.content.decode()


def test_a_new_draft_stays_a_draft_and_names_its_researcher(coordinator_client, researcher):
    centre = CentreFactory(name="Casa Uno")
    uid = str(uuid.uuid4())
    rows = [
        ["centre", "visit_date", "status", "interviewer", "place", "uid"],
        ["Casa Uno", "2022-04-20", "Borrador", "researcher1", "Centro", uid],
    ]
    page, url = preview(coordinator_client, "interviews", "e.csv", csv_bytes(rows))
    assert actions(page) == ["create"]
    confirm(coordinator_client, url, page)
    interview = Interview.objects.get(uid=uid)
    assert (interview.status, interview.interviewer, interview.centre) == (
        "draft", researcher, centre,
    )  # fmt: skip


def test_templates_hold_the_layouts_headers(coordinator_client):
    from .imports_helpers import read_sheets

    response = coordinator_client.get(
        "/imports/template/interviews.xlsx", HTTP_ACCEPT_LANGUAGE="es"
    )
    assert response.status_code == 200
    sheets = read_sheets(response.content)
    assert list(sheets) == ["Entrevistas", "Actores"]
    labels, codes = sheets["Entrevistas"]
    assert codes[:5] == ["id", "centre", "sector", "state", "status"] and codes[-1] == "uid"
    assert "Fecha" in labels
    # A template filled in is a file the import reads.
    centre = CentreFactory(name="Casa Dos")
    row = {"centre": centre.name, "visit_date": "20/04/2022", "status": "draft"}
    rows = [labels, codes, [row.get(code) for code in codes]]
    page, _url = preview(coordinator_client, "interviews", "t.xlsx",
                         workbook_bytes({"Entrevistas": rows}))  # fmt: skip
    assert actions(page) == ["create"], problems(page)


def test_a_second_confirmation_writes_nothing_more(coordinator_client):
    content = csv_bytes([["name", "state", "municipality", "sector", "operator"],
                         ["Casa Tres", "Tabasco", "Centro", "public", "state_dif"]])  # fmt: skip
    page, url = preview(coordinator_client, "centres", "c.csv", content)
    assert confirm(coordinator_client, url, page).status_code == 302
    assert coordinator_client.post(f"{url}confirm/", {"digest": "x"}).status_code == 404
    assert Centre.objects.filter(name="Casa Tres").count() == 1


def test_records_changed_since_the_preview_are_not_overwritten(coordinator_client, researcher):
    load_assessment(interviewer=researcher, language="es")
    book = export(coordinator_client, "?values=codes")
    header = book["Interviews"][0]
    book["Interviews"][1][header.index("place")] = "Según el archivo"
    page, url = preview(coordinator_client, "interviews", "e.xlsx", workbook_bytes(book))
    uid = book["Interviews"][1][header.index("uid")]
    Interview.objects.filter(uid=uid).update(place="Cambiado en el sitio", version=99)
    response = confirm(coordinator_client, url, page)
    assert response.status_code == 409
    assert 'id="import-changed"' in response.content.decode()
    assert Interview.objects.get(uid=uid).place == "Cambiado en el sitio"


def test_all_or_nothing_when_a_write_fails_half_way(coordinator_client, monkeypatch):
    from django.db import IntegrityError

    import centres.services

    real, calls = centres.services.save_centre, []

    def second_fails(form):
        calls.append(form)
        if len(calls) == 2:
            raise IntegrityError("a centre of that name was saved meanwhile")
        return real(form)

    monkeypatch.setattr(centres.services, "save_centre", second_fails)
    content = csv_bytes([["name", "state", "municipality", "sector", "operator"],
                         ["Casa Uno", "Tabasco", "Centro", "public", "state_dif"],
                         ["Casa Dos", "Tabasco", "Centro", "public", "state_dif"]])  # fmt: skip
    page, url = preview(coordinator_client, "centres", "c.csv", content)
    assert confirm(coordinator_client, url, page).status_code == 409
    assert len(calls) == 2 and not Centre.objects.exists()


def test_a_file_of_headers_only_says_there_is_nothing_to_import(coordinator_client):
    page, _url = preview(coordinator_client, "centres", "c.csv", csv_bytes([["name", "state"]]))
    assert 'id="import-empty"' in page.content.decode()
    assert 'id="confirm-form"' not in page.content.decode()
    # Not also "every row is already as the file says": there is no row.
    assert 'id="import-nothing"' not in page.content.decode()


@pytest.mark.parametrize(
    ("value", "suggested"),
    [("Tabsco", "Tabasco"), ("oaxca", "Oaxaca"), ("JALISKO", "Jalisco"), ("Edo. de Mexico",
     "Estado de México"), ("Narnia", None), ("Texas", None), ("CDMX", None)],
)  # fmt: skip
def test_a_state_not_in_the_list_suggests_only_a_close_match(value, suggested):
    from imports.centres import _state
    from imports.values import CellProblem

    assert _state("tabasco") == "Tabasco" and _state("YUCATAN") == "Yucatán"
    with pytest.raises(CellProblem) as refused:
        _state(value)
    message = refused.value.message
    if suggested:
        assert f"Did you mean {suggested}?" in message
    else:
        assert "Did you mean" not in message and "Tabasco" not in message
        assert f"“{value}” is not a state of Mexico. Write one of the 32 states" in message
        assert "“State” filter of the centres page (/centres/)" in message
