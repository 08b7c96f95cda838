"""Section III of the assessment, finding by finding, on the results page and in the workbook.

The data set that the demo loads (assessment/data/assessment_2022.json) reproduces the fifteen
findings F1..F15 of section III (assessment/section3.py); each is asserted here in Spanish and
in English, where the app shows it: the results page and the workbook's sheets.
"""

import io
import re
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from assessment.section3 import FINDINGS
from assessment.services import read_data_set
from centres.models import Centre, Operator, Sector
from coding.exporters import CodingExporter, ThemesExporter
from interviews.spec import ACTOR_ITEMS, INTERVIEW
from reports.exporters import ROW_SHEETS, SUMMARY_SHEETS
from reports.observations import space_items

from .seed_assessment import KEYS, PUBLIC_1, build

pytestmark = pytest.mark.django_db

LANGUAGES = ("es", "en")
#: Section III's training topics: legal issues, the situation of migrant children, the Protocol,
#: recommendations for care, regularisation, asylum.
TRAINING_TOPICS = (
    "training_legal_framework",
    "training_migrant_children",
    "training_protection_protocol",
    "training_care",
    "training_regularisation",
    "training_asylum",
)
#: The observed spaces and services that section III calls "specialised areas" and teams.
SPECIALISED = ("has_medical_area", "has_psychological_area", "has_social_work_area")


@dataclass
class Shown:
    """What the results page and the workbook show, in one language."""

    language: str
    page: object
    book: object
    client: object = None
    #: The centre × space matrix, a page of its own beside the results.
    matrix: object = None

    def filtered(self, query: str) -> "Shown":
        """The page and the workbook with other filters (or split)."""
        return shown_in(self.client, self.language, query)

    # The results page

    def page_counts(self, code: str, answer: str) -> tuple[int, int]:
        """(public, private) centres of one answer, as the page's tables count them."""
        for section in self.page.context["sections"]:
            for result in section.items:
                if result.item.code != code:
                    continue
                for row in result.answers:
                    if row.code == answer:
                        return (row.tally.public, row.tally.private)
        raise AssertionError(f"the page shows no {code} = {answer}")

    def page_observations(self) -> list[dict]:
        codes = [item.code for item in space_items()]
        present = {"table-success": True, "table-danger": False, "": None}
        return [
            {
                "centre": row.centre,
                "sector": row.sector,
                "spaces": {
                    code: present[css] for code, (css, _mark) in zip(codes, row.spaces, strict=True)
                },
                "over_capacity": row.over_capacity,
            }
            for row in self.matrix.context["page"].object_list
        ]

    # The workbook

    def sheet(self, name) -> list[dict]:
        with translation.override(self.language):
            title = str(name)
        rows = list(self.book[title].iter_rows(values_only=True))
        return [dict(zip(rows[0], row, strict=False)) for row in rows[1:]]

    def sheet_counts(self, code: str, answer: str) -> tuple[int, int]:
        section = next(s for s in INTERVIEW.sections if code in {i.code for i in s.items})
        sheet = next(name for name, s in SUMMARY_SHEETS if s == section.code)
        label = self.answer_label(code, answer)
        for row in self.sheet(sheet):
            if row["code"] == code and row["answer"] == label:
                return (row["public"], row["private"])
        raise AssertionError(f"the {sheet} sheet shows no {code} = {label}")

    def answer_label(self, code: str, answer: str) -> str:
        with translation.override(self.language):
            if answer in ("yes", "no"):
                return gettext("Yes") if answer == "yes" else gettext("No")
            if code == "coordination_actors":
                return str(ACTOR_ITEMS[1].option_label(answer))
            return str(INTERVIEW.item(code).option_label(answer))

    def sheet_observations(self) -> list[dict]:
        yes = self.answer_label("", "yes")
        rows = []
        for row in self.sheet(ROW_SHEETS["observations"].sheet):
            spaces = {item.code: row[item.code] == yes for item in space_items()}
            rows.append({"centre": row["centre"], "sector": row["sector"], "spaces": spaces})
        return rows

    @property
    def page_html(self) -> str:
        return unescape(self.page.content.decode())

    # The coded notes

    def page_themes(self) -> dict:
        data = next(d for s, d in self.page.context["extra_sections"] if s.code == "themes")
        return {result.theme.code: result for result in data.themes}

    def sheet_themes(self) -> dict:
        return {row["code"]: row for row in self.sheet(ThemesExporter.sheet)}

    def coded(self, item: str, theme: str) -> set[str]:
        """The centres whose note on `item` is coded with `theme` (the Coding sheet)."""
        rows = self.sheet(CodingExporter.sheet)
        return {row["centre"] for row in rows if row["item"] == item and row["theme"] == theme}

    # Both

    def counts(self, code: str, answer: str) -> tuple[int, int]:
        """(public, private), after checking that the page and the workbook agree."""
        on_page = self.page_counts(code, answer)
        in_book = self.sheet_counts(code, answer)
        assert on_page == in_book, f"{code} = {answer}: page {on_page}, workbook {in_book}"
        return on_page

    def says(self, code: str, words: dict[str, str]) -> None:
        """The page and the Findings sheet say `words` (in this language) about item `code`."""
        sentence = words[self.language]
        on_page = next(
            result.findings
            for section in self.page.context["sections"]
            for result in section.items
            if result.item.code == code
        )
        assert sentence in on_page, f"page, {code}: {sentence!r} not in {on_page}"
        assert sentence in self.page_html
        with translation.override(self.language):
            findings_sheet = str(gettext("Findings"))
        in_book = [row["finding"] for row in self.sheet(findings_sheet) if row["code"] == code]
        assert sentence in in_book, f"workbook, {code}: {sentence!r} not in {in_book}"

    def theme(self, code: str, words: dict[str, str] | None = None) -> tuple[int, int]:
        """(public, private) centres with the theme; the page and the workbook agree, in words
        too, and the page lists the finding (`words`, when given)."""
        result = self.page_themes()[code]
        row = self.sheet_themes()[code]
        on_page = (result.tally.public, result.tally.private)
        assert on_page == (row["public"], row["private"]), f"theme {code}: page {on_page}, {row}"
        shown = re.findall(rf'<li data-theme-finding="{code}">(.*?)</li>', self.page_html)
        assert shown == [row["finding"]], f"theme {code}: page {shown}, workbook {row['finding']}"
        if words is not None:
            assert shown == [words[self.language]], f"theme {code}: {shown}"
        return on_page

    def quotes(self, code: str) -> list[str]:
        return [quote.text for quote in self.page_themes()[code].quotes]


def shown_in(client, language: str, query: str = "") -> Shown:
    page = client.get(f"/reports/{query}", HTTP_ACCEPT_LANGUAGE=language)
    assert page.status_code == 200
    joiner = "&" if query else "?"
    response = client.get(f"/reports/export.xlsx{query}{joiner}lang={language}")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    matrix = client.get(f"/reports/observations/{query}", HTTP_ACCEPT_LANGUAGE=language)
    assert matrix.status_code == 200
    return Shown(language, page, book, client, matrix)


def w(en: str, es: str) -> dict[str, str]:
    return {"en": en, "es": es}


def centre_name(english: str, language: str) -> str:
    """A centre's name in the language the data set was loaded in."""
    entry = next(c for c in read_data_set()["centres"] if c["key"] == KEYS[english])
    return entry.get("name", {}).get(language, english)


def is_private(shown: Shown, row) -> bool:
    return row["sector"] in (Sector.PRIVATE, _label(shown, Sector.PRIVATE))


def is_public(shown: Shown, row) -> bool:
    return row["sector"] in (Sector.PUBLIC, _label(shown, Sector.PUBLIC))


def _label(shown: Shown, choice) -> str:
    with translation.override(shown.language):
        return str(choice.label)


# One check per finding of section III.


def f1(shown):
    assert shown.counts("knows_laws", "lgdnna") == (3, 2)  # aware of the General Law: all
    assert shown.counts("knows_laws", "migration_law") == (0, 2)  # only two private
    assert shown.counts("knows_laws", "refugee_law") == (0, 2)
    shown.says("knows_laws", w(
        "General Law on the Rights of Children known in all the CAS (two private and three "
        "public CAS; 5 of 5).",
        "Ley General de los Derechos de Niñas, Niños y Adolescentes conocida en todos los CAS "
        "(dos CAS privados y tres públicos; 5 de 5).",
    ))  # fmt: skip
    shown.says("knows_laws", w(
        "Migration Law known only in two private CAS (2 of 5).",
        "Ley de Migración conocida solo en dos CAS privados (2 de 5).",
    ))  # fmt: skip
    shown.says("knows_laws", w(
        "Law on Refugees, Complementary Protection and Political Asylum known only in two "
        "private CAS (2 of 5).",
        "Ley sobre Refugiados, Protección Complementaria y Asilo Político conocida solo en dos "
        "CAS privados (2 de 5).",
    ))  # fmt: skip


def f2(shown):
    assert shown.counts("knows_detention_prohibition", "yes") == (1, 2)
    shown.says("knows_detention_prohibition", w(
        "Prohibition on detaining migrant children known only in two private and one public "
        "CAS (3 of 5).",
        "Prohibición de detener a niñas, niños y adolescentes migrantes conocida solo en dos "
        "CAS privados y uno público (3 de 5).",
    ))  # fmt: skip


def f3(shown):
    assert shown.counts("knows_protection_protocol", "yes") == (1, 1)
    shown.says("knows_protection_protocol", w(
        "Migrant Child Protection Protocol known only in one private and one public CAS "
        "(2 of 5).",
        "Protocolo de Protección de Niñez Migrante conocido solo en un CAS privado y uno "
        "público (2 de 5).",
    ))  # fmt: skip


def f4(shown):
    public, private = shown.counts("knows_cas_role", "yes")
    assert public + private == 4
    assert sum(shown.counts("knows_cas_role", "no")) == 1  # of the five
    shown.says("knows_cas_role", w(
        "Role of the CAS in receiving migrant children known in four of the five CAS (two "
        "private and two public CAS; 4 of 5).",
        "Papel de los CAS en la recepción de la niñez migrante conocido en cuatro de los cinco "
        "CAS (dos CAS privados y dos públicos; 4 de 5).",
    ))  # fmt: skip


def f5(shown):
    assert shown.counts("has_care_model", "yes") == (1, 2)
    # The private centres adapted their model (guidelines, reception criteria) ...
    assert shown.counts("model_adapted", "yes") == (0, 2)
    assert shown.counts("special_situation_guidelines", "yes") == (0, 2)
    # ... and understood that differentiated attention should be provided.
    assert shown.counts("migrants_need_different_care", "yes") == (0, 2)
    shown.says("has_care_model", w(
        "Care model only in two private and one public CAS (3 of 5).",
        "Modelo de atención solo en dos CAS privados y uno público (3 de 5).",
    ))  # fmt: skip
    shown.says("model_adapted", w(
        "Care model adapted for migrant children in two of the three CAS (two private CAS; "
        "2 of 3 asked).",
        "Modelo de atención adaptado para la niñez migrante en dos de los tres CAS (dos CAS "
        "privados; 2 de 3 consultados).",
    ))  # fmt: skip
    shown.says("special_situation_guidelines", w(
        "Guidelines for special situations only in two private CAS (2 of 5).",
        "Lineamientos para situaciones especiales solo en dos CAS privados (2 de 5).",
    ))  # fmt: skip
    shown.says("migrants_need_different_care", w(
        "Different care for migrant children considered necessary only in two private CAS "
        "(2 of 5).",
        "Atención distinta para la niñez migrante considerada necesaria solo en dos CAS "
        "privados (2 de 5).",
    ))  # fmt: skip


def f6(shown):
    assert shown.counts("has_care_model", "no") == (2, 0)
    shown.says("has_care_model", w(
        "The two public CAS without a care model (2 of 5).",
        "Dos CAS públicos sin modelo de atención (2 de 5).",
    ))  # fmt: skip
    # Their explanation: limited technical, financial and human resources.
    without_model = set(
        Centre.objects.filter(interviews__has_care_model=False).values_list("name", flat=True)
    )
    assert shown.coded("has_care_model", "lack_of_resources") == without_model


def f7(shown):
    assert shown.counts("resources_available", "infrastructure") == (3, 2)  # physical space
    assert shown.counts("resources_available", "human") == (3, 2)  # a team of workers
    # Differences are notable: economic resources only in the private CAS.
    assert shown.counts("resources_available", "economic") == (0, 2)
    shown.says("resources_available", w(
        "Infrastructure in all the CAS (two private and three public CAS; 5 of 5).",
        "Infraestructura en todos los CAS (dos CAS privados y tres públicos; 5 de 5).",
    ))  # fmt: skip
    shown.says("resources_available", w(
        "Human resources in all the CAS (two private and three public CAS; 5 of 5).",
        "Recursos humanos en todos los CAS (dos CAS privados y tres públicos; 5 de 5).",
    ))  # fmt: skip
    shown.says("resources_available", w(
        "Economic resources only in two private CAS (2 of 5).",
        "Recursos económicos solo en dos CAS privados (2 de 5).",
    ))  # fmt: skip


def f8(shown):
    for rows in (shown.page_observations(), shown.sheet_observations()):
        private = [row for row in rows if is_private(shown, row)]
        assert len(private) == 2
        for row in private:
            assert all(row["spaces"].values()), row["centre"]
    assert shown.theme("adequate_spaces")[1] == 2
    assert shown.theme("trained_multidisciplinary_team", w(
        "Trained multidisciplinary team was mentioned in two private and one public CAS (3 of 5).",
        "Equipo multidisciplinario capacitado se mencionó en dos CAS privados y uno público "
        "(3 de 5).",
    )) == (1, 2)  # fmt: skip


def f9(shown):
    recently_opened = centre_name(PUBLIC_1, shown.language)
    for rows in (shown.page_observations(), shown.sheet_observations()):
        adequate = [
            row["centre"] for row in rows if is_public(shown, row) and all(row["spaces"].values())
        ]
        assert adequate == [recently_opened]
    # The one public CAS: the recently opened one.
    assert shown.theme("adequate_spaces", w(
        "Adequate spaces and specialised areas was mentioned in two private and one public "
        "CAS (3 of 5).",
        "Espacios adecuados y áreas especializadas se mencionó en dos CAS privados y uno "
        "público (3 de 5).",
    )) == (1, 2)  # fmt: skip
    assert shown.coded("resources_available", "adequate_spaces") >= {recently_opened}


def f10(shown):
    municipal = set(
        Centre.objects.filter(operator=Operator.MUNICIPAL_DIF).values_list("name", flat=True)
    )
    assert municipal
    # Read off by who runs the centre: the municipal DIF's CAS alone.
    shown = shown.filtered(f"?operator={Operator.MUNICIPAL_DIF}&split=operator")
    for rows in (shown.page_observations(), shown.sheet_observations()):
        assert {row["centre"] for row in rows} == municipal
        for row in rows:
            # No medical or psychological area: not the teams the care needs.
            assert not any(row["spaces"][code] for code in SPECIALISED[:2]), row["centre"]
            assert not all(row["spaces"].values()), row["centre"]
    assert all(row["over_capacity"] for row in shown.page_observations())
    shown.says("main_needs", w(
        "Need for infrastructure in one municipal DIF CAS (1 of 1).",
        "Necesidad de infraestructura en un CAS del DIF municipal (1 de 1).",
    ))  # fmt: skip
    shown.says("main_needs", w(
        "Need for human resources in one municipal DIF CAS (1 of 1).",
        "Necesidad de recursos humanos en un CAS del DIF municipal (1 de 1).",
    ))  # fmt: skip


def f11(shown):
    assert shown.counts("main_challenges", "coordination") == (0, 2)
    shown.says("main_challenges", w(
        "Coordination as a main challenge only in two private CAS (2 of 5).",
        "La coordinación como reto principal solo en dos CAS privados (2 de 5).",
    ))  # fmt: skip
    assert shown.theme("relationship_with_authorities", w(
        "Relationship with authorities was mentioned in two private CAS (2 of 5).",
        "Relación con las autoridades se mencionó en dos CAS privados (2 de 5).",
    )) == (0, 2)  # fmt: skip
    assert any("INM" in quote for quote in shown.quotes("relationship_with_authorities"))


def f12(shown):
    assert shown.theme("continuous_training", w(
        "Continuous training of teams was mentioned in all the CAS (two private and three public "
        "CAS; 5 of 5).",
        "Capacitación continua de los equipos se mencionó en todos los CAS (dos CAS privados y "
        "tres públicos; 5 de 5).",
    )) == (3, 2)  # fmt: skip
    assert shown.theme("organisational_sustainability", w(
        "Organisational sustainability was mentioned in all the CAS (two private and three "
        "public CAS; 5 of 5).",
        "Sostenibilidad de la organización se mencionó en todos los CAS (dos CAS privados y tres "
        "públicos; 5 de 5).",
    )) == (3, 2)  # fmt: skip
    # Every CAS named it as a challenge beyond care, coordination and resources.
    assert shown.counts("main_challenges", "other") == (3, 2)
    shown.says("main_challenges", w(
        "Other main challenges in all the CAS (two private and three public CAS; 5 of 5).",
        "Otros retos principales en todos los CAS (dos CAS privados y tres públicos; 5 de 5).",
    ))  # fmt: skip


def f13(shown):
    assert shown.counts("main_challenges", "resources") == (3, 0)
    assert shown.counts("main_needs", "human") == (3, 0)
    assert shown.counts("main_needs", "economic") == (3, 2)
    shown.says("main_challenges", w(
        "Resources as a main challenge only in three public CAS (3 of 5).",
        "Los recursos como reto principal solo en tres CAS públicos (3 de 5).",
    ))  # fmt: skip
    shown.says("main_needs", w(
        "Need for human resources only in three public CAS (3 of 5).",
        "Necesidad de recursos humanos solo en tres CAS públicos (3 de 5).",
    ))  # fmt: skip
    assert shown.theme("lack_of_resources", w(
        "Lack of financial and human resources was mentioned in three public CAS (3 of 5).",
        "Falta de recursos económicos y humanos se mencionó en tres CAS públicos (3 de 5).",
    )) == (3, 0)  # fmt: skip


def f14(shown):
    assert shown.counts("technical_support", "skills_training") == (3, 2)
    assert shown.counts("technical_support", "information") == (3, 2)
    shown.says("technical_support", w(
        "Skills training requested in all the CAS (two private and three public CAS; 5 of 5).",
        "Capacitación solicitada en todos los CAS (dos CAS privados y tres públicos; 5 de 5).",
    ))  # fmt: skip
    for topic in TRAINING_TOPICS:
        assert shown.theme(topic) == (3, 2), topic
    shown.theme("training_asylum", w(
        "Training: asylum procedures was mentioned in all the CAS (two private and three public "
        "CAS; 5 of 5).",
        "Capacitación: procedimientos de asilo se mencionó en todos los CAS (dos CAS privados y "
        "tres públicos; 5 de 5).",
    ))  # fmt: skip


def f15(shown):
    assert shown.counts("coordination_actors", "civil_society") == (1, 2)
    assert shown.counts("main_needs", "material") == (3, 2)  # support in kind welcome
    shown.says("coordination_actors", w(
        "Coordination with civil society organisations only in two private and one public CAS "
        "(3 of 5).",
        "Coordinación con organizaciones de la sociedad civil solo en dos CAS privados y uno "
        "público (3 de 5).",
    ))  # fmt: skip
    shown.says("main_needs", w(
        "Need for economic resources in all the CAS (two private and three public CAS; 5 of 5).",
        "Necesidad de recursos económicos en todos los CAS (dos CAS privados y tres públicos; "
        "5 de 5).",
    ))  # fmt: skip
    assert shown.theme("financial_support_welcome", w(
        "Financial support welcomed was mentioned in all the CAS (two private and three public "
        "CAS; 5 of 5).",
        "Apoyo económico bienvenido se mencionó en todos los CAS (dos CAS privados y tres "
        "públicos; 5 de 5).",
    )) == (3, 2)  # fmt: skip
    assert shown.theme("support_in_kind", w(
        "Support in kind received was mentioned in two private and one public CAS (3 of 5).",
        "Apoyo en especie recibido se mencionó en dos CAS privados y uno público (3 de 5).",
    )) == (1, 2)  # fmt: skip


CHECKS = {
    "F1": f1, "F2": f2, "F3": f3, "F4": f4, "F5": f5, "F6": f6, "F7": f7, "F8": f8,
    "F9": f9, "F10": f10, "F11": f11, "F12": f12, "F13": f13, "F14": f14, "F15": f15,
}  # fmt: skip


def test_fifteen_findings_each_checked():
    assert [f.number for f in FINDINGS] == [f"F{n}" for n in range(1, 16)]
    assert list(CHECKS) == [f.number for f in FINDINGS]
    assert [f.section for f in FINDINGS] == ["K"] * 4 + ["R"] * 6 + ["N"] * 5


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_finding_of_section_three_holds(client, coordinator, researcher, language):
    build(researcher, language=language)
    client.force_login(coordinator)
    shown = shown_in(client, language)
    failures = []
    for finding in FINDINGS:
        try:
            CHECKS[finding.number](shown)
        except AssertionError as error:
            failures.append(f"{finding.number} ({finding.seed[:60]}...): {error}")
    assert failures == []
    # Respondents are never named on the page (the quotes included).
    html = shown.page.content.decode()
    for entry in read_data_set()["interviews"]:
        assert entry["respondent_name"][language] not in html


def test_readme_table_is_the_findings_table():
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (F\d+) \| (.+?) \| (.+?) \| (.+?) \|$", readme, flags=re.M)
    assert [row[0] for row in rows] == [f.number for f in FINDINGS]
    for (_number, seed, page, workbook), finding in zip(rows, FINDINGS, strict=True):
        assert finding.seed.startswith(seed.rstrip(". …")), finding.number
        assert page == finding.page and workbook == finding.workbook, finding.number
