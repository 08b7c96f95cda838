"""Findings that say what they mean (issue 13, item 3): each names its subject, No answers get
their sentence where they are the point, the seed's quantifiers where they hold, in Spanish
and English; charts show each sector's proportion with its counts."""

import re

import pytest
from django.utils import translation

from reports.charts import sector_bars
from reports.findings import (
    FINDINGS,
    FindingDef,
    Split,
    Tally,
    _check,
    base_sentence,
    no_sentence,
    sentence,
)
from reports.results import AnswerCount

FIVE = Tally(public=3, private=2)


def cells(**counts) -> Tally:
    """Tally(state_dif=1, municipal_dif=2): public centres by operator, civil society private."""
    return Tally(
        cells={
            ("private" if op == "civil_society" else "public", op): n for op, n in counts.items()
        }
    )


# (subject, tally, asked, English, Spanish), the seed's statements among them.
CASES = [
    (
        "Migration Law known",
        Tally(private=2),
        FIVE,
        "Migration Law known only in two private CAS (2 of 5).",
        "Ley de Migración conocida solo en dos CAS privados (2 de 5).",
    ),
    (
        "Migrant Child Protection Protocol known",
        Tally(public=1, private=1),
        FIVE,
        "Migrant Child Protection Protocol known only in one private and one public CAS (2 of 5).",
        "Protocolo de Protección de Niñez Migrante conocido solo en un CAS privado y uno público "
        "(2 de 5).",
    ),
    (
        "Role of the CAS in receiving migrant children known",
        Tally(public=2, private=2),
        FIVE,
        "Role of the CAS in receiving migrant children known in four of the five CAS (two "
        "private and two public CAS; 4 of 5).",
        "Papel de los CAS en la recepción de la niñez migrante conocido en cuatro de los cinco "
        "CAS (dos CAS privados y dos públicos; 4 de 5).",
    ),
    (
        "Human resources",
        FIVE,
        FIVE,
        "Human resources in all the CAS (two private and three public CAS; 5 of 5).",
        "Recursos humanos en todos los CAS (dos CAS privados y tres públicos; 5 de 5).",
    ),
    (
        "Other resources",
        Tally(),
        FIVE,
        "Other resources in no CAS (0 of 5).",
        "Otros recursos en ningún CAS (0 de 5).",
    ),
    (
        "Care model adapted for migrant children",
        Tally(private=2),
        Tally(private=2),
        "Care model adapted for migrant children in all the CAS (two private CAS; 2 of 2 asked).",
        "Modelo de atención adaptado para la niñez migrante en todos los CAS (dos CAS privados; "
        "2 de 2 consultados).",
    ),
    (
        "Care model",
        Tally(public=1),
        Tally(public=1),
        "Care model in one public CAS (1 of 1).",
        "Modelo de atención en un CAS público (1 de 1).",
    ),
    (
        "Care model adapted for migrant children",
        Tally(),
        Tally(),
        "Care model adapted for migrant children: no CAS was asked.",
        "Modelo de atención adaptado para la niñez migrante: no se preguntó a ningún CAS.",
    ),
    (
        "Migration Law known",
        Tally(private=12),
        Tally(private=12, public=20),
        "Migration Law known only in 12 private CAS (12 of 32).",
        "Ley de Migración conocida solo en 12 CAS privados (12 de 32).",
    ),
]


@pytest.mark.parametrize(("subject", "tally", "asked", "english", "spanish"), CASES)
def test_quantified_findings_in_both_languages(subject, tally, asked, english, spanish):
    of_asked = "asked" in english
    with translation.override("en"):
        definition = next(d for d in FINDINGS if str(d.subject) == subject)
        assert sentence(str(definition.subject), tally, asked, of_asked=of_asked) == english
    with translation.override("es"):
        assert sentence(str(definition.subject), tally, asked, of_asked=of_asked) == spanish


@pytest.mark.parametrize(
    ("tally", "split", "english", "spanish"),
    [
        (
            Tally(public=2),
            Split.SECTOR,
            "The two public CAS without a care model (2 of 5).",
            "Dos CAS públicos sin modelo de atención (2 de 5).",
        ),
        (
            Tally(public=1),
            Split.SECTOR,
            "The one public CAS without a care model (1 of 5).",
            "Un CAS público sin modelo de atención (1 de 5).",
        ),
        (
            cells(municipal_dif=2),
            Split.OPERATOR,
            "The two municipal DIF CAS without a care model (2 of 5).",
            "Dos CAS del DIF municipal sin modelo de atención (2 de 5).",
        ),
    ],
)
def test_no_answers_get_their_sentence(tally, split, english, spanish):
    definition = next(d for d in FINDINGS if d.item == "has_care_model")
    for lang, expected in (("en", english), ("es", spanish)):
        with translation.override(lang):
            assert no_sentence(str(definition.subject_no), tally, FIVE, split) == expected


def test_operator_split_names_who_runs_the_centres():
    tally = cells(civil_society=2, state_dif=1)
    with translation.override("en"):
        assert sentence("Care model", tally, FIVE, Split.OPERATOR) == (
            "Care model only in two civil society CAS and one state DIF CAS (3 of 5)."
        )
        assert base_sentence(tally, 4, Split.OPERATOR) == (
            "3 centres: 2 civil society, 1 state DIF; 4 interviews, the latest per centre counted."
        )
    with translation.override("es"):
        assert sentence("Modelo de atención", tally, FIVE, Split.OPERATOR) == (
            "Modelo de atención solo en dos CAS de la sociedad civil y un CAS del DIF estatal "
            "(3 de 5)."
        )


def test_a_count_by_sector_alone_still_reads_by_sector_when_split_by_operator():
    with translation.override("en"):
        assert sentence("Care model", Tally(private=1), FIVE, Split.OPERATOR) == (
            "Care model only in one private CAS (1 of 5)."
        )


def test_the_base_line_with_one_centre_and_none():
    with translation.override("en"):
        assert base_sentence(Tally(public=1), 1) == (
            "1 centre: 1 public; 1 interview, the latest per centre counted."
        )
        assert base_sentence(Tally(), 0) == (
            "0 centres; 0 interviews, the latest per centre counted."
        )


def test_the_table_of_findings_is_checked_when_built():
    with pytest.raises(ValueError, match="No interview item"):
        FindingDef("no_such_item", "yes", "x")
    with pytest.raises(ValueError, match="not one of its answers"):
        FindingDef("knows_laws", "no_such_law", "x")
    with pytest.raises(ValueError, match="defined on `yes`"):
        FindingDef("has_care_model", "no", "x")
    with pytest.raises(ValueError, match="No sentence"):
        FindingDef("knows_laws", "lgdnna", "x", subject_no="y")
    with pytest.raises(ValueError, match="Two findings"):
        _check([*FINDINGS, FINDINGS[0]])
    with pytest.raises(ValueError, match="No finding for knows_laws = lgdnna"):
        _check(FINDINGS[1:])
    # Every counted answer has its definition, each with a subject in both languages.
    assert len({(d.item, d.answer) for d in FINDINGS}) == len(FINDINGS)
    for definition in FINDINGS:
        with translation.override("es"):
            spanish = str(definition.subject)
        with translation.override("en"):
            assert spanish != str(definition.subject) or definition.subject == "Infrastructure"


def test_charts_show_each_sectors_proportion_with_its_counts():
    answers = [AnswerCount("yes", "Yes", Tally(public=1, private=2))]
    with translation.override("en"):
        svg = str(sector_bars(answers, "Care model", Tally(public=3, private=2)))
    assert "1/3 (33%)" in svg and "2/2 (100%)" in svg
    bars = re.findall(r'<rect x="0" y="(\d+)" width="(\d+)"', svg)
    widths = [int(width) for y, width in bars if int(y) > 20]  # below the legend
    assert widths == [77, 230]  # a third of the bar, and the whole bar
    assert ">Public<" in svg and ">Private<" in svg
    with translation.override("en"):
        split = str(sector_bars(answers, "t", cells(civil_society=2, state_dif=3), Split.OPERATOR))
    assert ">Civil society<" in split and ">State DIF<" in split and ">Public<" not in split


def test_chart_labels_stand_above_their_bars_whole_and_at_a_readable_size():
    """At 320 px wide the chart fits a 360 px phone almost unscaled, so its 12-13 px text
    stays readable; a long answer wraps onto a second line instead of being cut."""
    label = "Law on Refugees, Complementary Protection and Political Asylum"
    answers = [AnswerCount("refugees", label, Tally(public=1, private=0))]
    svg = str(sector_bars(answers, "Laws", Tally(public=1, private=1)))
    assert 'viewBox="0 0 320 ' in svg and 'width="320"' in svg
    lines = re.findall(r'<text x="0" y="\d+" font-size="13">([^<]*)</text>', svg)
    assert lines == ["Law on Refugees, Complementary Protection", "and Political Asylum"]
    sizes = {int(size) for size in re.findall(r'font-size="(\d+)"', svg)}
    assert min(sizes) >= 12
