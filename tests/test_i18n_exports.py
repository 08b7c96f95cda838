"""Exports in the language of the request (or `?lang=`): same codes, same numbers."""

import csv
import io

import pytest
from openpyxl import load_workbook

from .seed_assessment import build

pytestmark = pytest.mark.django_db

SHEETS = {
    "en": ["Centres", "Interviews", "Actors", "Observations", "Knowledge", "Resources", "Needs",
           "Findings", "Codebook", "Changes", "Themes", "Coding", "Plan", "Programme"],
    "es": ["Centros", "Entrevistas", "Actores", "Observaciones", "Conocimiento", "Recursos",
           "Necesidades", "Hallazgos", "Libro de códigos", "Cambios", "Temas", "Codificación",
           "Plan", "Programa"],
}  # fmt: skip


@pytest.fixture
def coordinator_client(client, coordinator, researcher):
    build(researcher)
    client.force_login(coordinator)
    return client


def _book(client, headers=None, **params):
    response = client.get("/reports/export.xlsx", {"values": "codes", **params}, **(headers or {}))
    assert response.status_code == 200
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)


def _rows(book, index):
    return [list(row) for row in book.worksheets[index].iter_rows(values_only=True)]


def _numbers(rows):
    return [[v if isinstance(v, int | float) else None for v in row] for row in rows]


def test_workbook_follows_the_request_language_and_lang_parameter(coordinator_client):
    spanish = _book(coordinator_client, headers={"HTTP_ACCEPT_LANGUAGE": "es"})
    english = _book(coordinator_client, headers={"HTTP_ACCEPT_LANGUAGE": "es"}, lang="en")
    assert spanish.sheetnames == SHEETS["es"]
    assert english.sheetnames == SHEETS["en"]
    for index in range(len(SHEETS["en"])):
        es_rows, en_rows = _rows(spanish, index), _rows(english, index)
        assert es_rows[0] == en_rows[0], SHEETS["en"][index]  # column codes unchanged
        assert len(es_rows) == len(en_rows)
        # Both languages read back to the same numbers, cell by cell.
        assert _numbers(es_rows) == _numbers(en_rows), SHEETS["en"][index]


def test_spanish_workbook_speaks_spanish(coordinator_client):
    book = _book(coordinator_client, lang="es")
    interviews = _rows(book, 1)
    header = interviews[0]
    column = header.index("knows_detention_prohibition")
    assert {row[column] for row in interviews[1:]} <= {"Sí", "No", None}
    assert "Sí" in {row[column] for row in interviews[1:]}

    knowledge = _rows(book, 4)
    assert knowledge[0] == ["code", "question", "answer", "public", "private", "total"]
    by_answer = {(row[0], row[2]): row[3:] for row in knowledge[1:]}
    assert by_answer[("knows_laws", "Ley de Migración")] == [0, 2, 2]
    assert by_answer[("knows_detention_prohibition", "Sí")] == [1, 2, 3]
    assert by_answer[("knows_detention_prohibition", "Sin respuesta")] is not None
    questions = {row[0]: row[1] for row in knowledge[1:]}
    assert questions["knows_protection_protocol"] == (
        "¿Conoce el Protocolo de Protección de Niñez Migrante?"
    )

    findings = [row[2] for row in _rows(book, 7)[1:]]
    assert (
        "Prohibición de detener a niñas, niños y adolescentes migrantes conocida solo en dos CAS "
        "privados y uno público (3 de 5)."
    ) in findings
    assert "Ley de Migración conocida solo en dos CAS privados (2 de 5)." in findings

    codebook = {row[0]: row for row in _rows(book, 8)[1:]}
    assert codebook["knows_laws"][2] == "Conocimiento del tema"
    assert codebook["knows_laws"][3] == "¿Cuáles de estas leyes conoce?"
    assert "migration_law = Ley de Migración" in codebook["knows_laws"][5]
    assert codebook["knows_laws_notes"][3] == "Notas"
    assert "public = Público" in codebook["sector"][5]


def test_english_workbook_speaks_english(coordinator_client):
    book = _book(coordinator_client, headers={"HTTP_ACCEPT_LANGUAGE": "en"})
    findings = [row[2] for row in _rows(book, 7)[1:]]
    assert (
        "Prohibition on detaining migrant children known only in two private and one public CAS "
        "(3 of 5)."
    ) in findings
    codebook = {row[0]: row for row in _rows(book, 8)[1:]}
    assert codebook["knows_laws"][3] == "Which of these laws do you know?"


@pytest.mark.parametrize(("lang", "yes"), [("es", "Sí"), ("en", "Yes")])
def test_csv_in_each_language(coordinator_client, lang, yes):
    response = coordinator_client.get(
        "/reports/export/interviews.csv", {"lang": lang, "values": "codes"}
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    column = rows[0].index("consent_testimony")
    assert rows[0][:3] == ["id", "centre", "sector"]
    assert {row[column] for row in rows[1:]} == {yes}
