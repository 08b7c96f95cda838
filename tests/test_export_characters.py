"""Characters a workbook cannot hold never break an export, nor reach a log (issue 12, item 3).

Every control character is typed into every text field of both instruments (the spec's text
items and notes), the actor rows, the centre's text fields and a photo caption; the stored
answers stay as typed, and the workbook and the CSVs are written and read back.
"""

import csv
import io
import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from openpyxl.utils.escape import unescape

from fieldwork.models import Status
from fieldwork.spec import ItemType
from interviews.models import Interview
from interviews.spec import INTERVIEW
from observations.models import Observation
from observations.spec import OBSERVATION
from reports.exporters import Exporter, writable
from reports.renderers import write_xlsx

from .factories import InterviewFactory, ObservationFactory
from .images import jpeg, plain_image
from .payloads import complete_payload

pytestmark = pytest.mark.django_db

#: Every C0 control, DEL, every C1 control, and the two non-characters XML refuses.
CONTROLS = [chr(c) for c in (*range(0x20), 0x7F, *range(0x80, 0xA0))] + ["\ufffe", "\uffff"]
#: NUL is refused by the forms (PostgreSQL cannot store it): see the test below.
TYPED = "Ana" + "".join(c for c in CONTROLS if c != "\x00") + "Ruiz"


def as_written(text: str) -> str:
    """What the export must hold: U+FFFD for what a workbook cannot hold, the rest as typed."""
    return "".join(
        "\ufffd" if (ord(c) < 0x20 and c not in "\t\n\r") or c in "\ufffe\uffff" else c
        for c in text
    )


def text_fields(spec) -> list[str]:
    """Every free-text form field of an instrument, from its spec."""
    codes = []
    for item in spec.items:
        if item.type == ItemType.TEXT:
            codes.append(item.code)
        if item.notes:
            codes.append(item.notes_code)
    return codes


def typed(code: str) -> str:
    return f"{code} {TYPED}"


def new_url(ns: str, centre) -> str:
    return f"{reverse(f'{ns}:new')}?centre={centre.pk}"


@pytest.fixture
def typed_world(researcher_client, centre):
    """Both instruments, an actor, the centre and a photo caption, typed with every control."""
    centre.name = typed("centre")
    centre.municipality = typed("municipality")
    centre.address = typed("address")
    centre.save()
    data = complete_payload(INTERVIEW, centre, actors=[
        {"actor_name": typed("actor"), "actor_sector": "state"},
    ])  # fmt: skip
    data.update({code: typed(code) for code in text_fields(INTERVIEW)})
    assert researcher_client.post(new_url("interviews", centre), data).status_code == 302

    data = complete_payload(OBSERVATION, centre, action="save")
    data.update({code: typed(code) for code in text_fields(OBSERVATION)})
    assert researcher_client.post(new_url("observations", centre), data).status_code == 302
    observation = Observation.objects.get()
    upload = SimpleUploadedFile("foto.jpg", jpeg(plain_image()), "image/jpeg")
    response = researcher_client.post(
        f"/observations/{observation.pk}/photos/",
        {"image": upload, "space": "dormitory", "caption": typed("caption")},
    )
    assert response.status_code == 302
    data["action"] = "submit"
    assert researcher_client.post(observation.get_edit_url(), data).status_code == 302
    return Interview.objects.get(), Observation.objects.get()


def test_stored_answers_stay_as_typed(typed_world):
    interview, observation = typed_world
    for record, spec in ((interview, INTERVIEW), (observation, OBSERVATION)):
        assert record.status == Status.SUBMITTED
        for code in text_fields(spec):
            assert getattr(record, code) == typed(code), code
    assert interview.coordination_actors.get().actor_name == typed("actor")
    assert observation.photos.get().caption == typed("caption")
    assert interview.centre.name == typed("centre")


def test_every_control_character_in_every_text_field_exports(typed_world, coordinator):
    client = Client()
    client.force_login(coordinator)
    response = client.get("/reports/export.xlsx?names=1")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))

    def row_of(sheet: str) -> dict:
        header, row = book[sheet].iter_rows(values_only=True)
        # A CR is written as Excel's escape _x000D_, which openpyxl leaves escaped.
        row = [unescape(v) if isinstance(v, str) else v for v in row]
        return dict(zip(header, row, strict=True))

    for sheet, spec in (("Interviews", INTERVIEW), ("Observations", OBSERVATION)):
        row = row_of(sheet)
        assert row["centre"] == as_written(typed("centre"))
        for code in text_fields(spec):
            assert row[code] == as_written(typed(code)), code
    assert as_written(typed("caption")) in row_of("Observations")["photos"]
    assert row_of("Actors")["actor_name"] == as_written(typed("actor"))
    centre = row_of("Centres")
    for code in ("name", "municipality", "address"):
        assert centre[code] == as_written(typed("centre" if code == "name" else code))

    # The CSVs come from the same stream: the same text in every typed cell, read as UTF-8.
    typed_cells = {
        "centres": 3,
        "interviews": 1 + len(text_fields(INTERVIEW)),
        "actors": 2,
        "observations": 2 + len(text_fields(OBSERVATION)),
    }
    for sheet, count in typed_cells.items():
        response = client.get(f"/reports/export/{sheet}.csv?names=1")
        assert response.status_code == 200
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        header, line = csv.reader(io.StringIO(text, newline=""))
        cells = dict(zip(header, line, strict=True))
        written = {k: v for k, v in row_of(sheet.capitalize()).items() if "Ruiz" in str(v)}
        assert len(written) == count, sheet
        assert {k: cells[k] for k in written} == written, sheet

    # Without names the respondent's pseudonym is written instead.
    response = client.get("/reports/export.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert row_of("Interviews")["respondent_name"].startswith("P-")


def test_nul_is_refused_with_a_field_error_and_nothing_is_saved(researcher_client, centre):
    data = complete_payload(INTERVIEW, centre, action="save", actors=[
        {"actor_name": "Ana\x00Ruiz", "actor_sector": "state"},
    ])  # fmt: skip
    fields = text_fields(INTERVIEW)
    data.update({code: f"Ana\x00Ruiz {code}" for code in fields})
    response = researcher_client.post(
        new_url("interviews", centre), data, HTTP_X_CAS_SYNC="1", HTTP_ACCEPT_LANGUAGE="es"
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(fields) | {"coordination_actors-0-actor_name"} <= set(errors)
    assert errors["respondent_name"] == ["Los caracteres nulos no están permitidos."]
    # Without the page's script: the form again, with the error and what was typed.
    response = researcher_client.post(
        new_url("interviews", centre), data, HTTP_ACCEPT_LANGUAGE="es"
    )
    assert response.status_code in (200, 400)
    assert "Los caracteres nulos no están permitidos." in response.content.decode()
    assert not Interview.objects.exists()


def test_nul_in_a_photo_caption_is_a_field_error(researcher_client, researcher, centre):
    observation = ObservationFactory(centre=centre, interviewer=researcher, consent_photos=True)
    upload = SimpleUploadedFile("foto.jpg", jpeg(plain_image()), "image/jpeg")
    response = researcher_client.post(
        f"/observations/{observation.pk}/photos/",
        {"image": upload, "space": "dormitory", "caption": "Dormitorio\x00"},
        HTTP_X_CAS_SYNC="1",
    )
    assert response.status_code == 400
    assert "caption" in response.json()["errors"]
    assert not observation.photos.exists()


def test_a_refused_row_never_logs_its_value(coordinator, monkeypatch, caplog):
    """Were the writer ever to refuse a row, with the cell's text in its error message, the
    500's log names the sheet and row, not the text."""
    InterviewFactory(status=Status.SUBMITTED, respondent_name="Ana\x0bRuiz Secreta")

    def refuse(self, row, col, data, *args):
        raise ValueError(f"cannot write {data!r}")

    monkeypatch.setattr("xlsxwriter.worksheet.Worksheet.write_row", refuse)
    client = Client(raise_request_exception=False)
    client.force_login(coordinator)
    with caplog.at_level(logging.ERROR):
        response = client.get("/reports/export.xlsx?names=1")
        b"".join(getattr(response, "streaming_content", [response.content]))
    assert response.status_code == 500
    assert caplog.records, "the 500 is logged"
    assert "Secreta" not in caplog.text
    for record in caplog.records:
        assert "Secreta" not in record.getMessage()


class _Everything(Exporter):
    """Every code point of Unicode, in cells of 16,000 characters (32,000 UTF-16 units at most,
    under the 32,767 a cell holds)."""

    sheet = "Unicode"

    def header(self):
        return ["text"]

    def rows(self):
        size = 16_000
        for start in range(0, 0x110000, size):
            yield ["".join(map(chr, range(start, min(start + size, 0x110000))))]


def test_every_code_point_is_written_or_replaced():
    target = io.BytesIO()
    write_xlsx([_Everything()], target)
    target.seek(0)
    rows = load_workbook(target)["Unicode"].iter_rows(min_row=2, values_only=True)
    cells = [unescape(r[0]) for r in rows]
    text = "".join(cells)
    assert len(text) == 0x110000
    expected = {i for i in range(0x110000) if text[i] != chr(i)}
    assert expected == {
        *(i for i in range(0x20) if chr(i) not in "\t\n\r"),
        *range(0xD800, 0xE000),
        0xFFFE,
        0xFFFF,
    }
    assert set(text[i] for i in expected) == {"\ufffd"}
    assert writable(3) == 3 and writable(None) is None
