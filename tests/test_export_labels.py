"""Exports as labels (the default: for people) or as codes (`?values=codes`: for scripts),
in both languages; photo cells are hyperlinks (issue 15, item 4)."""

import csv
import datetime
import io

import pytest
from openpyxl import load_workbook

from centres.models import Operator, Sector
from coding.services import code_note
from fieldwork.models import Status
from observations.models import Photo

from .factories import (
    CentreFactory,
    CoordinationActorFactory,
    InterviewFactory,
    ObservationFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(coordinator):
    centre = CentreFactory(
        name="Casa Hogar Norte", sector=Sector.PRIVATE, operator=Operator.CIVIL_SOCIETY
    )
    interview = InterviewFactory(
        centre=centre,
        status=Status.SUBMITTED,
        visit_date=datetime.date(2022, 4, 20),
        knows_laws=["lgdnna", "refugee_law"],
        knows_detention_prohibition=True,
    )
    CoordinationActorFactory(interview=interview, actor_name="DIF Estatal", actor_sector="state")
    observation = ObservationFactory(
        centre=centre, status=Status.APPROVED, duration_of_stay="under_3_months"
    )
    photos = [
        Photo.objects.create(
            observation=observation,
            image=f"photos/p{n}.jpg",
            thumbnail=f"photos/p{n}-t.jpg",
            space=space,
            caption=caption,
            uploaded_by=coordinator,
        )
        for n, (space, caption) in enumerate([("dormitory", "Literas"), ("kitchen", "Estufa")])
    ]
    return interview, observation, photos


def book(client, query=""):
    response = client.get(f"/reports/export.xlsx{query}")
    assert response.status_code == 200
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def values(sheet):
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


SPANISH = {
    "question": "¿Cuáles de estas leyes conoce?",
    "answer": "Ley General de los Derechos de Niñas, Niños y Adolescentes; Ley sobre Refugiados, "
    "Protección Complementaria y Asilo Político",
    "sector": "Privado",
    "status": "Enviado",
    "duration": "Menos de 3 meses",
    "yes": "Sí",
    "operator": "Sociedad civil",
    "actor_sector": "Estatal",
    "status_header": "Estatus del registro",
}
ENGLISH = {
    "question": "Which of these laws do you know?",
    "answer": "General Law on the Rights of Children; Law on Refugees, Complementary Protection "
    "and Political Asylum",
    "sector": "Private",
    "status": "Submitted",
    "duration": "Less than 3 months",
    "yes": "Yes",
    "operator": "Civil society",
    "actor_sector": "State",
    "status_header": "Record status",
}


@pytest.mark.parametrize(("lang", "words"), [("es", SPANISH), ("en", ENGLISH)])
def test_labels_by_default_questions_over_codes(coordinator_client, world, lang, words):
    workbook = book(coordinator_client, f"?lang={lang}")
    interviews = workbook.worksheets[1]
    labels, codes, row = values(interviews)
    # Two header rows: the question for people, its code for scripts; the data below them.
    assert interviews.freeze_panes == "A3"
    column = codes.index("knows_laws")
    assert labels[column] == words["question"]
    assert row[column] == words["answer"]
    assert labels[codes.index("status")] == words["status_header"]
    assert row[codes.index("sector")] == words["sector"]
    assert row[codes.index("status")] == words["status"]
    assert row[codes.index("knows_detention_prohibition")] == words["yes"]
    assert labels[codes.index("knows_laws/lgdnna")].startswith(words["question"])
    assert row[codes.index("knows_laws/lgdnna")] == 1  # the flags stay numbers
    # No cell of the interview row is an option code.
    assert not {"lgdnna", "refugee_law", "private", "submitted"} & {str(v) for v in row}

    centres = values(workbook.worksheets[0])
    assert centres[2][centres[1].index("operator")] == words["operator"]
    actors = values(workbook.worksheets[2])
    assert actors[2][actors[1].index("actor_sector")] == words["actor_sector"]
    observations = values(workbook.worksheets[3])
    assert observations[2][observations[1].index("duration_of_stay")] == words["duration"]
    # Every sheet has the two header rows, the codes in the second.
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A3", sheet.title


@pytest.mark.parametrize("lang", ["es", "en"])
def test_codes_for_scripts(coordinator_client, world, lang):
    workbook = book(coordinator_client, f"?lang={lang}&values=codes")
    header, row = values(workbook.worksheets[1])
    assert header[:5] == ["id", "centre", "sector", "state", "status"]
    assert row[header.index("knows_laws")] == "lgdnna refugee_law"
    assert row[header.index("sector")] == "private"
    assert row[header.index("status")] == "submitted"
    observations = values(workbook.worksheets[3])
    assert observations[1][observations[0].index("duration_of_stay")] == "under_3_months"
    assert workbook.worksheets[1].freeze_panes == "A2"


@pytest.mark.parametrize(("lang", "answer"), [("es", "Privado"), ("en", "Private")])
def test_csv_labels_and_codes(coordinator_client, world, lang, answer):
    def rows(query):
        response = coordinator_client.get(f"/reports/export/interviews.csv?lang={lang}{query}")
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        return list(csv.reader(io.StringIO(text)))

    labels, codes, row = rows("")
    assert row[codes.index("sector")] == answer
    assert labels[codes.index("knows_laws")] != "knows_laws"
    header, row = rows("&values=codes")
    assert row[header.index("sector")] == "private"


def test_photo_cells_are_hyperlinks_to_the_protected_photo(coordinator_client, world):
    _interview, observation, photos = world
    for query in ("", "?values=codes"):
        sheet = book(coordinator_client, query)["Observations"]
        codes = [c.value for c in sheet[2 if not query else 1]]
        row = sheet[3 if not query else 2]
        for n, photo in enumerate(photos, start=1):
            cell = row[codes.index(f"photo_{n}")]
            url = f"http://testserver{photo.get_absolute_url()}"
            assert cell.hyperlink is not None and cell.hyperlink.target == url
            assert cell.value == url
        assert "Literas" in row[codes.index("photos")].value


def test_codebook_explains_both(coordinator_client, world):
    for query, chosen in (("?lang=en", "values=labels"), ("?lang=en&values=codes", "values=codes")):
        sheet = book(coordinator_client, query)["Codebook"]
        rows = {row[0]: row for row in sheet.iter_rows(values_only=True)}
        assert "labels" in rows["values=labels"][3].lower()
        assert "codes" in rows["values=codes"][3].lower()
        assert rows[chosen][4] == "This download"


def test_results_page_offers_the_choice(coordinator_client, world):
    page = coordinator_client.get("/reports/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert 'name="values"' in page
    assert 'value="labels"' in page and 'value="codes"' in page


def test_coding_sheet_as_labels(coordinator_client):
    theme = ThemeFactory(code="training_of_teams", label_es="Capacitación continua",
                         label_en="Continuous training")  # fmt: skip
    centre = CentreFactory(name="Casa Privada", sector=Sector.PRIVATE)
    record = InterviewFactory(centre=centre, status=Status.SUBMITTED, main_challenges_notes="Falta")
    code_note(instrument="interview", record_id=record.pk, item="main_challenges",
              themes=[theme], quote="Falta", coder=record.interviewer)  # fmt: skip
    sheet = book(coordinator_client, "?lang=es")["Codificación"]
    labels, codes, row = sheet.iter_rows(values_only=True)
    assert codes == ("instrument", "record", "centre", "sector", "item", "theme", "quote")
    assert labels[:3] == ("Instrumento", "Registro", "Centro")
    assert row == ("Cuestionario de entrevista", record.pk, "Casa Privada", "Privado",
                   "¿Cuáles son los principales retos para la atención de niñas, niños y "
                   "adolescentes migrantes acompañados y no acompañados?",
                   "Capacitación continua", "Falta")  # fmt: skip
