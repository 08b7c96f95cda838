"""Coding the open answers (issue 13, item 5): the theme codebook, the coding screen, and the
themes counted per centre by sector on the results page and in the workbook."""

import importlib
import io
import re

import openpyxl
import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from centres.models import Sector
from coding.models import CodedNote, NoteTheme, Theme
from coding.notes import codable_codes
from coding.results import theme_results
from coding.services import code_note
from fieldwork.models import Status
from reports.filters import ReportFilters
from reports.findings import Split

from .factories import CentreFactory, InterviewFactory, ObservationFactory, ThemeFactory

pytestmark = pytest.mark.django_db

SECTION_III = {
    "continuous_training", "organisational_sustainability", "relationship_with_authorities",
    "lack_of_resources", "training_legal_framework", "training_migrant_children",
    "training_protection_protocol", "training_care", "training_regularisation",
    "training_asylum", "support_in_kind", "financial_support_welcome", "adequate_spaces",
    "trained_multidisciplinary_team",
}  # fmt: skip


def logged_in(user, language="en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def submitted(centre, status=Status.SUBMITTED, **answers):
    return InterviewFactory(centre=centre, status=status, **answers)


def code(record, item, themes, quote="", coder=None):
    instrument = record._meta.model_name
    return code_note(instrument=instrument, record_id=record.pk, item=item, themes=themes,
                     quote=quote, coder=coder or record.interviewer)  # fmt: skip


# The codebook ------------------------------------------------------------------------------


def test_the_section_iii_themes_are_shipped_in_both_languages_on_valid_items():
    name = "0002_section_iii_themes"
    migration = importlib.import_module(f"coding.migrations.{name}")
    Theme.objects.all().delete()  # a browser test's flush may have emptied the table already
    loader = MigrationExecutor(connection).loader
    # The models as the latest migration leaves them (0002's own state lacks later columns).
    state = loader.project_state(loader.graph.leaf_nodes("coding")[0])
    migration.ship(state.apps, None)
    migration.ship(state.apps, None)  # twice is once
    themes = list(Theme.objects.all())
    assert {t.code for t in themes} == SECTION_III
    for theme in themes:
        assert theme.label_es and theme.label_en and theme.label_es != theme.label_en
        assert theme.items and set(theme.items) <= set(codable_codes()), theme.code
        theme.full_clean()
        assert theme.history.count() == 1
    training = Theme.objects.get(code="continuous_training")
    assert "main_challenges" in training.items
    assert Theme.objects.filter(items__has="coordination_details").exists()
    with translation.override("es"):
        assert training.label == "Capacitación continua de los equipos"
    with translation.override("en"):
        assert training.label == "Continuous training of teams"


def test_codable_items_are_notes_and_open_answers_never_a_name():
    codes = codable_codes()
    for expected in ("knows_laws", "main_challenges", "coordination_details", "centre_profile",
                     "other_areas", "has_kitchen"):  # fmt: skip
        assert expected in codes
    for never in ("respondent_name", "place", "respondent_position", "visit_date"):
        assert never not in codes


def test_themes_are_added_edited_and_deactivated_with_history(coordinator):
    client = logged_in(coordinator)
    data = {"code": "staff_rotation", "label_es": "Rotación de personal",
            "label_en": "Staff rotation", "description_es": "", "items": ["main_challenges",
            "centre_profile"], "active": "on"}  # fmt: skip
    assert client.post("/coding/themes/new/", data).status_code == 302
    theme = Theme.objects.get(code="staff_rotation")
    assert theme.items == ["main_challenges", "centre_profile"] and theme.active
    edit = f"/coding/themes/{theme.pk}/edit/"
    response = client.post(edit, {**data, "code": "renamed", "label_en": "Rotation of staff"})
    assert response.status_code == 302
    theme.refresh_from_db()
    assert theme.code == "staff_rotation"  # the code is stable
    assert theme.label_en == "Rotation of staff"
    page = client.get(edit).content.decode()
    assert "Rotation of staff" in page and 'id="history"' in page
    assert client.post(f"/coding/themes/{theme.pk}/active/", {"active": "0"}).status_code == 302
    theme.refresh_from_db()
    assert not theme.active
    assert theme.history.count() == 3
    assert "inactive" in client.get("/coding/themes/").content.decode()


def test_a_themes_description_is_shown_in_the_users_language(coordinator):
    ThemeFactory(label_en="Staff rotation", description_es="Cambia el personal a menudo.",
                 description="Staff change often.")  # fmt: skip
    ThemeFactory(label_en="Only English", description="Written in English only.")
    spanish = logged_in(coordinator, "es").get("/coding/themes/").content.decode()
    english = logged_in(coordinator, "en").get("/coding/themes/").content.decode()
    assert "Cambia el personal a menudo." in spanish and "Staff change often." not in spanish
    assert "Staff change often." in english and "Cambia el personal" not in english
    # A description written in one language only is shown in both.
    assert "Written in English only." in spanish and "Written in English only." in english


def test_the_shipped_themes_are_described_in_both_languages():
    Theme.objects.all().delete()
    loader = MigrationExecutor(connection).loader
    state = loader.project_state(loader.graph.leaf_nodes("coding")[0])
    importlib.import_module("coding.migrations.0002_section_iii_themes").ship(state.apps, None)
    described = "coding.migrations.0004_theme_description_in_both_languages"
    Theme.objects.filter(code="support_in_kind").update(description="Changed by a coordinator")
    importlib.import_module(described).describe_in_spanish(state.apps, None)
    # A description a coordinator changed is not given the shipped translation.
    assert Theme.objects.get(code="support_in_kind").description_es == ""
    assert Theme.objects.exclude(description_es="").count() == len(SECTION_III) - 1
    shipped = Theme.objects.filter(code="training_protection_protocol").get()
    assert shipped.description.startswith("Training requested on the Migrant Child")
    assert shipped.description_es.startswith("Se solicita capacitación sobre el Protocolo")


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"code": "Two Words"}, "Use minúsculas"),
        ({"code": "taken"}, "Ya existe"),
        ({"items": ["respondent_name"]}, "no es una de las opciones"),
        ({"items": []}, "Elija al menos una pregunta."),
        ({"label_en": "TAKEN label"}, "Otro tema ya tiene esta etiqueta."),
        ({"label_es": ""}, "Este campo es obligatorio."),
    ],
    ids=["code", "duplicate", "item", "no-item", "label", "empty"],
)
def test_a_bad_theme_is_a_400_in_the_users_language_keeping_what_was_typed(
    coordinator, change, error
):
    ThemeFactory(code="taken", label_en="Taken label")
    data = {"code": "new_theme", "label_es": "Tema nuevo escrito", "label_en": "New theme",
            "description_es": "Lo que se escribió", "items": ["main_needs"], **change}  # fmt: skip
    response = logged_in(coordinator, "es").post("/coding/themes/new/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert re.search(error, page, re.I), page
    assert "Lo que se escribió" in page
    assert Theme.objects.filter(code="new_theme").count() == 0


def test_activating_needs_a_clear_value(coordinator):
    theme = ThemeFactory()
    response = logged_in(coordinator, "es").post(f"/coding/themes/{theme.pk}/active/", {})
    assert response.status_code == 400
    assert "Indique si el tema debe estar activo" in response.content.decode()


# The coding screen -------------------------------------------------------------------------


@pytest.fixture
def notes_world(db):
    """Two centres' counted interviews with a note each, plus records that do not count."""
    private = CentreFactory(name="Casa Hogar Privada", sector=Sector.PRIVATE)
    public = CentreFactory(name="Albergue Público", sector=Sector.PUBLIC)
    old = submitted(private, main_challenges_notes="Nota de una visita anterior")
    latest = submitted(
        private,
        status=Status.APPROVED,
        respondent_name="Rosa Martínez",
        main_challenges_notes="Rosa Martínez dijo: falta capacitación continua del equipo.",
    )
    other = submitted(public, main_challenges_notes="Falta personal y presupuesto.")
    submitted(CentreFactory(name="Borrador"), status=Status.DRAFT, main_challenges_notes="No")
    theme = ThemeFactory(label_en="Continuous training", items=["main_challenges"])
    return {"old": old, "latest": latest, "other": other, "theme": theme}


def note_url(record, item="main_challenges", filtered=True):
    query = f"item={item}&" if filtered else ""
    return f"/coding/note/?{query}note=interview-{record.pk}:{item}"


def test_the_screen_walks_the_counted_notes_uncoded_first_never_naming_the_respondent(
    coordinator, notes_world
):
    client = logged_in(coordinator)
    page = client.get("/coding/note/?item=main_challenges").content.decode()
    # Centres by name: "Albergue Público" first; the old visit and the draft are not there.
    assert f'data-note="interview-{notes_world["other"].pk}:main_challenges"' in page
    assert "Albergue Público" in page and 'data-sector="public"' in page
    assert "0 of 2 notes coded" in page and "note 1 of 2" in page
    code(notes_world["other"], "main_challenges", [notes_world["theme"]])
    page = client.get("/coding/note/?item=main_challenges").content.decode()
    assert f'data-note="interview-{notes_world["latest"].pk}:main_challenges"' in page
    assert "1 of 2 notes coded" in page
    assert "falta capacitación continua" in page
    assert "Rosa" not in page and "Martínez" not in page
    assert 'data-key="1"' in page  # the theme, ticked with key 1
    for record in ("old", "latest"):
        assert client.get(note_url(notes_world[record])).status_code == (
            404 if record == "old" else 200
        )
    overview = client.get("/coding/").content.decode()
    assert "1 of 2 notes coded" in overview and 'data-item="main_challenges"' in overview


def test_save_and_next_records_the_coding_in_the_history(coordinator, notes_world):
    client = logged_in(coordinator)
    theme, other, latest = notes_world["theme"], notes_world["other"], notes_world["latest"]
    response = client.post(note_url(other), {"themes": [theme.pk], "quote": "falta  personal"})
    assert response.status_code == 302
    assert response["Location"] == note_url(latest).replace(":", "%3A")
    note = CodedNote.objects.get()
    assert note.record == other and note.item == "main_challenges"
    assert list(note.themes.all()) == [theme] and note.quote == "falta personal"
    assert note.coder == coordinator
    assert note.history.count() == 1 and NoteTheme.history.count() == 1
    # The same coding again changes nothing, and adds no history.
    client.post(note_url(other), {"themes": [theme.pk], "quote": "falta personal"})
    assert note.history.count() == 1 and NoteTheme.history.count() == 1
    # Taking the theme off is kept in the history too; no theme is still "coded".
    client.post(note_url(other), {"quote": ""})
    assert NoteTheme.objects.count() == 0 and NoteTheme.history.count() == 2
    # The last uncoded note: saved, then back to the overview.
    response = client.post(note_url(latest), {"themes": [theme.pk]})
    assert response.status_code == 302 and response["Location"] == "/coding/"
    assert "2 of 2 notes coded" in client.get("/coding/").content.decode()


def test_a_note_edited_after_it_was_coded_is_flagged_until_coded_again(coordinator, notes_world):
    client = logged_in(coordinator)
    theme, other, latest = notes_world["theme"], notes_world["other"], notes_world["latest"]
    for record in (other, latest):
        client.post(note_url(record), {"themes": [theme.pk]})
    overview = client.get("/coding/").content.decode()
    assert "2 of 2 notes coded" in overview and 'id="coding-changed"' not in overview
    # Re-spacing is not an edit; new words are.
    other.main_challenges_notes = "Falta  personal y presupuesto. "
    other.save()
    assert 'id="coding-changed"' not in client.get("/coding/").content.decode()
    other.main_challenges_notes = "Falta personal, presupuesto y capacitación."
    other.save()
    overview = client.get("/coding/").content.decode()
    assert "1 coded note was edited after it was coded" in overview
    # The walk opens it first, flagged; saving it again confirms the coding for the new text.
    page = client.get("/coding/note/?item=main_challenges").content.decode()
    assert f'data-note="interview-{other.pk}:main_challenges"' in page and "note-changed" in page
    response = client.post(note_url(other), {"themes": [theme.pk]})
    assert response.status_code == 302
    assert 'id="coding-changed"' not in client.get("/coding/").content.decode()
    assert CodedNote.objects.get(object_id=other.pk).history.count() == 2


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"quote": "algo que no dijo nadie"}, "La cita debe ser un fragmento de la nota"),
        ({"quote": "falta " * 60}, "menos de 300 caracteres"),
        ({"quote": "[…] dijo: falta"}, "no puede incluir un nombre oculto"),
        ({"themes": ["not-a-number"]}, "no es un valor válido"),
        ({"themes": ["999999"]}, "Elija una opción válida"),  # Mexican Spanish
    ],
    ids=["not-in-note", "too-long", "masked-name", "bad-id", "unknown-theme"],
)
def test_bad_coding_is_a_400_in_the_users_language_keeping_what_was_typed(
    coordinator, notes_world, data, error
):
    payload = {"themes": [notes_world["theme"].pk], "quote": "", **data}
    response = logged_in(coordinator, "es").post(note_url(notes_world["latest"]), payload)
    assert response.status_code == 400
    page = response.content.decode()
    assert re.search(re.escape(error), page, re.I), page
    if data.get("quote"):
        assert f'value="{data["quote"]}' in page.replace("&quot;", '"')
    assert not CodedNote.objects.exists()


def test_themes_offered_are_the_items_active_ones_and_those_already_given(coordinator, notes_world):
    other_item = ThemeFactory(items=["centre_profile"])
    retired = ThemeFactory(items=["main_challenges"], active=False)
    client = logged_in(coordinator)
    url = note_url(notes_world["other"])
    page = client.get(url).content.decode()
    assert f'value="{notes_world["theme"].pk}"' in page
    assert f'value="{other_item.pk}"' not in page and f'value="{retired.pk}"' not in page
    assert client.post(url, {"themes": [retired.pk]}).status_code == 400
    code(notes_world["other"], "main_challenges", [retired])  # given while it was active
    page = client.get(url).content.decode()
    assert f'value="{retired.pk}"' in page and "inactive" in page


def test_malformed_addresses_are_400s(coordinator):
    client = logged_in(coordinator, "es")
    for url in ("/coding/note/?item=nonsense", "/coding/note/?note=interview-12",
                "/coding/note/?note=interview-١٢:main_challenges",
                "/coding/note/?note=photo-1:main_challenges"):  # fmt: skip
        response = client.get(url)
        assert response.status_code == 400, url
        assert "pregunta" in response.content.decode() or "nota" in response.content.decode()


# Counting ----------------------------------------------------------------------------------


def test_themes_count_per_centre_by_sector_with_findings_and_quotes(coordinator):
    theme = ThemeFactory(label_en="Continuous training of teams",
                         label_es="Capacitación continua de los equipos")  # fmt: skip
    unused = ThemeFactory()
    private_1 = CentreFactory(sector=Sector.PRIVATE)
    private_2 = CentreFactory(sector=Sector.PRIVATE)
    public = CentreFactory(sector=Sector.PUBLIC)
    # Private 1: its interview and its observation both carry the theme: it counts once.
    interview = submitted(private_1, main_challenges_notes="Capacitación continua, siempre.")
    code(interview, "main_challenges", [theme], "Capacitación continua")
    observation = ObservationFactory(centre=private_1, status=Status.SUBMITTED,
                                     centre_profile="Equipo en capacitación")  # fmt: skip
    code(observation, "centre_profile", [theme], "Equipo en capacitación")
    # Private 2: an older visit carried it, the latest (the one counted) does not.
    older = submitted(private_2, main_challenges_notes="Capacitación antes")
    code(older, "main_challenges", [theme], "Capacitación antes")
    code(submitted(private_2, main_challenges_notes="Ya no"), "main_challenges", [])
    # Public: carries it, named respondent and all.
    latest_public = submitted(public, respondent_name="Ana Gómez", main_challenges_notes="Más")
    code(latest_public, "main_challenges", [theme], "Más")

    results = theme_results(ReportFilters())
    assert (results.base.private, results.base.public) == (2, 1)
    counted = next(r for r in results.themes if r.theme == theme)
    assert (counted.tally.private, counted.tally.public) == (1, 1)
    assert [q.text for q in counted.quotes] == ["Capacitación continua", "Equipo en capacitación",
                                                "Más"]  # fmt: skip
    with translation.override("en"):
        assert counted.finding == (
            "Continuous training of teams was mentioned in one private and one public CAS (2 of 3)."
        )
    with translation.override("es"):
        assert counted.finding.startswith("Capacitación continua de los equipos se mencionó en")
        assert counted.finding.endswith("(2 de 3).")
    assert next(r for r in results.themes if r.theme == unused).tally.total == 0
    # A sector filter counts that sector only.
    only_private = theme_results(ReportFilters(sector=Sector.PRIVATE))
    counted_private = next(r for r in only_private.themes if r.theme == theme)
    assert (counted_private.tally.total, only_private.base.total) == (1, 2)
    with translation.override("en"):
        assert counted_private.finding == (
            "Continuous training of teams was mentioned in one private CAS (1 of 2)."
        )
    # Split by who runs the centre: the same centres, by operator.
    by_operator = theme_results(ReportFilters(split=Split.OPERATOR))
    counted_operator = next(r for r in by_operator.themes if r.theme == theme)
    assert dict(zip(Split.OPERATOR.groups, counted_operator.counts, strict=True)) == {
        "civil_society": 0, "federal_dif": 0, "state_dif": 2, "municipal_dif": 0, "other": 0,
    }  # fmt: skip

    for language, finding in (("en", "was mentioned in one private and one public CAS"),
                              ("es", "se mencionó en")):  # fmt: skip
        page = logged_in(coordinator, language).get("/reports/").content.decode()
        assert 'id="results-themes"' in page and finding in page
        assert "“Equipo en capacitación”" in page
        assert "Ana Gómez" not in page


def test_up_to_three_quotes_per_theme():
    theme = ThemeFactory()
    for n in range(5):
        record = submitted(CentreFactory(), main_challenges_notes=f"Cita número {n}")
        code(record, "main_challenges", [theme], f"Cita número {n}")
    counted = next(r for r in theme_results(ReportFilters()).themes if r.theme == theme)
    assert counted.tally.total == 5 and len(counted.quotes) == 3


def test_the_workbook_has_themes_and_coding_sheets(coordinator):
    theme = ThemeFactory(code="training_of_teams", label_es="Capacitación continua",
                         label_en="Continuous training")  # fmt: skip
    centre = CentreFactory(name="Casa Privada", sector=Sector.PRIVATE)
    record = submitted(centre, main_challenges_notes="Falta capacitación", respondent_name="Ana")
    code(record, "main_challenges", [theme], "Falta capacitación")
    response = logged_in(coordinator).get("/reports/export.xlsx?lang=es&values=codes")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames[-4:-2] == ["Temas", "Codificación"]
    themes = list(book["Temas"].iter_rows(values_only=True))
    assert themes[0] == ("code", "theme", "public", "private", "total", "finding", "quotes")
    row = next(r for r in themes if r[0] == "training_of_teams")
    assert row[1:5] == ("Capacitación continua", 0, 1, 1)
    assert row[5].startswith("Capacitación continua se mencionó en") and row[6] == row[1][:0] + (
        "Falta capacitación"
    )
    coding = list(book["Codificación"].iter_rows(values_only=True))
    assert coding == [
        ("instrument", "record", "centre", "sector", "item", "theme", "quote"),
        ("interview", record.pk, "Casa Privada", "private", "main_challenges",
         "training_of_teams", "Falta capacitación"),
    ]  # fmt: skip
    assert "Ana" not in str(themes) + str(coding)


def _coded_world(n: int, theme: Theme) -> None:
    for i in range(n):
        centre = CentreFactory(sector=Sector.PRIVATE if i % 2 else Sector.PUBLIC)
        record = submitted(centre, main_challenges_notes=f"Falta capacitación {i}")
        code(record, "main_challenges", [theme], f"capacitación {i}")
        observation = ObservationFactory(centre=centre, status=Status.SUBMITTED,
                                         centre_profile="Perfil")  # fmt: skip
        code(observation, "centre_profile", [theme])


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)
    return len(queries)


@pytest.mark.parametrize(
    "url", ["/reports/", "/reports/export.xlsx", "/coding/", "/coding/note/?item=main_challenges"]
)
def test_query_counts_do_not_grow_with_the_data_coding_included(coordinator, url):
    theme = ThemeFactory(items=["main_challenges", "centre_profile"])
    client = logged_in(coordinator)
    _coded_world(3, theme)
    small = _queries(client, url)
    _coded_world(30, theme)
    assert _queries(client, url) == small
    if url == "/reports/":
        counted = next(r for r in theme_results(ReportFilters()).themes if r.theme == theme)
        assert counted.tally.total == 33
