"""The instrument specs and the models agree, and the spec refuses malformed definitions."""

import pytest
from django.db import models

from centres.models import Centre
from fieldwork.fields import MultiChoiceField
from fieldwork.models import Record
from fieldwork.spec import Condition, Instrument, Item, ItemType, Section, options, yesno
from interviews.models import CoordinationActor, Interview
from interviews.spec import ACTOR_ITEMS, INTERVIEW
from observations.models import Observation
from observations.spec import OBSERVATION

EXPECTED_FIELD = {
    ItemType.YESNO: models.BooleanField,
    ItemType.MULTI: MultiChoiceField,
    ItemType.SINGLE: models.CharField,
    ItemType.TEXT: (models.CharField, models.TextField),
    ItemType.INT: models.PositiveIntegerField,
    ItemType.DECIMAL: models.DecimalField,
    ItemType.DATE: models.DateField,
    ItemType.CENTRE: models.ForeignKey,
    ItemType.USER: models.ForeignKey,
}

CASES = [(INTERVIEW, Interview), (OBSERVATION, Observation)]


def spec_field_problems(spec, model) -> list[str]:
    problems = []
    fields = {f.name: f for f in model._meta.get_fields() if f.concrete}
    for item in spec.items:
        if item.type == ItemType.REPEAT:
            rel = model._meta.get_field(item.code)
            if not rel.one_to_many:
                problems.append(f"{item.code}: repeat group must be related rows")
            continue
        field = fields.get(item.code)
        if field is None:
            problems.append(f"{item.code}: no model field")
            continue
        if not isinstance(field, EXPECTED_FIELD[item.type]):
            problems.append(f"{item.code}: {type(field).__name__} for {item.type}")
        if item.type == ItemType.YESNO and not field.null:
            problems.append(f"{item.code}: yes/no must be nullable")
        if item.type == ItemType.SINGLE and isinstance(field, MultiChoiceField):
            problems.append(f"{item.code}: single stored as multi")
        if item.type in (ItemType.SINGLE, ItemType.MULTI):
            codes = tuple(code for code, _ in field.choices)
            if codes != item.option_codes:
                problems.append(f"{item.code}: options {codes} != {item.option_codes}")
        if item.type == ItemType.CENTRE and field.related_model is not Centre:
            problems.append(f"{item.code}: must point at Centre")
        if str(field.verbose_name) != str(item.label):
            problems.append(f"{item.code}: label differs from the spec")
        if item.notes and not isinstance(fields.get(item.notes_code), models.TextField):
            problems.append(f"{item.notes_code}: notes field missing")
    spec_columns = set(spec.column_codes)
    for name in fields:
        if name not in spec_columns and name not in Record.META_FIELDS:
            problems.append(f"{name}: model field not in the spec")
    return problems


@pytest.mark.parametrize(("spec", "model"), CASES, ids=["interview", "observation"])
def test_spec_and_model_agree(spec, model):
    assert spec_field_problems(spec, model) == []


def test_agreement_check_catches_a_missing_field():
    broken = Instrument(
        "interview",
        "x",
        (*INTERVIEW.sections, Section("extra", "Extra", (yesno("knows_everything", "?"),))),
    )
    assert "knows_everything: no model field" in spec_field_problems(broken, Interview)


def test_actor_items_match_the_actor_model():
    name, sector = ACTOR_ITEMS
    assert CoordinationActor._meta.get_field(name.code).max_length
    choices = tuple(c for c, _ in CoordinationActor._meta.get_field(sector.code).choices)
    assert choices == sector.option_codes


def test_codebook_codes_in_order():
    assert [i.code for i in INTERVIEW.section("K").items] == [
        "knows_laws",
        "knows_detention_prohibition",
        "knows_protection_protocol",
        "knows_cas_role",
    ]
    assert [s.code for s in OBSERVATION.sections] == [
        "header",
        "profile",
        "location",
        "infrastructure",
        "services",
    ]
    assert INTERVIEW.item("model_adapted").relevant == Condition("has_care_model", True)
    assert OBSERVATION.item("toilets_divided").relevant == Condition("has_toilets_showers", True)


@pytest.mark.parametrize(
    "build",
    [
        lambda: Item("Bad-Code", ItemType.TEXT, "x"),
        lambda: Item("x", ItemType.SINGLE, "x"),  # single without options
        lambda: Item("x", ItemType.YESNO, "x", options=options(("a", "A"))),
        lambda: Instrument("i", "t", (Section("s", "S", (yesno("a", "?"), yesno("a", "?"))),)),
        lambda: Instrument(
            "i", "t", (Section("s", "S", (yesno("b", "?", relevant=Condition("typo", True)),)),)
        ),
        lambda: Instrument(
            "i",
            "t",
            (Section("s", "S", (yesno("a", "?"), yesno("b", "?", relevant=Condition("a", "y")))),),
        ),
    ],
    ids=["bad code", "no options", "options on yesno", "duplicate", "unknown target", "bad value"],
)
def test_spec_refuses_malformed_definitions(build):
    with pytest.raises(ValueError):
        build()
