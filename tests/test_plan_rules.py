"""The support rules table (plans/rules.py): every rule fires on a minimal record that shows
one of its findings, and not on the opposite answer; a rule naming an unknown code fails
when it is built, that is, when the table is imported."""

import importlib
import sys
from pathlib import Path

import pytest

from fieldwork.spec import ItemType
from interviews.models import Interview
from interviews.spec import INTERVIEW
from observations.models import Observation
from observations.spec import OBSERVATION
from plans.findings import CentreFindings, CodedTheme, fires, why
from plans.models import Area, Priority
from plans.rules import (
    RULES,
    Check,
    Finding,
    Rule,
    check_rules,
    chose,
    lacks,
    no,
    shipped_theme_codes,
    theme,
)

MODELS = {"interview": Interview, "observation": Observation}


def _record(finding: Finding, value):
    record = MODELS[finding.instrument](pk=1)
    setattr(record, finding.code, value)
    return record


def found_with(finding: Finding, holds: bool) -> CentreFindings:
    """A centre whose counted records show `finding` (or its opposite), and nothing else."""
    if finding.test == Check.THEME:
        # A note of the observation (any record's notes may be coded).
        observation = Observation(pk=1)
        coded = [CodedTheme("other_areas", "", "", observation, "theme")]
        return CentreFindings(
            observation=observation, themes={finding.code: coded} if holds else {}
        )
    if finding.test == Check.OVER_CAPACITY:
        record = Observation(pk=1, expected_capacity=20, people_present=27 if holds else 20)
        return CentreFindings(observation=record)
    item = finding.item
    others = [o for o in item.option_codes if o != finding.option]
    match finding.test:
        case Check.NO:
            value = not holds
        case Check.YES:
            value = holds
        case Check.CHOSE:
            chosen = [finding.option] if holds else others
            value = chosen if item.type == ItemType.MULTI else chosen[0]
        case Check.LACKS:
            value = others if holds else [finding.option]
    return CentreFindings(**{finding.instrument: _record(finding, value)})


CASES = [(rule, finding) for rule in RULES for finding in rule.when]


@pytest.mark.parametrize(("rule", "finding"), CASES, ids=lambda v: getattr(v, "code", None))
def test_each_rule_fires_on_its_finding_and_not_on_the_opposite(rule, finding):
    shown = found_with(finding, holds=True)
    assert fires(rule, shown), (rule.code, finding)
    assert why(rule, shown), "a proposal says why"
    assert not fires(rule, found_with(finding, holds=False)), (rule.code, finding)


@pytest.mark.parametrize("rule", [r for r in RULES if r.unless], ids=lambda r: r.code)
def test_a_rule_is_not_proposed_when_a_more_specific_one_covers_the_centre(rule):
    shown = found_with(rule.when[0], holds=True)
    assert fires(rule, shown)
    for unless in rule.unless:
        covered = found_with(unless, holds=True)
        shown.interview = shown.interview or covered.interview
        shown.observation = shown.observation or covered.observation
        for attribute in ("interview", "observation"):
            record = getattr(covered, attribute)
            if record is not None and unless.code:
                setattr(getattr(shown, attribute), unless.code, getattr(record, unless.code))
        assert not fires(rule, shown), (rule.code, unless)


def test_unanswered_or_not_asked_questions_propose_nothing():
    empty = CentreFindings(interview=Interview(pk=1), observation=Observation(pk=1))
    proposed = [r.code for r in RULES if fires(r, empty)]
    # An empty multi answer is "none chosen" (no law known): only those rules fire.
    assert proposed == ["training_lgdnna", "training_migration_law", "training_refugee_law"]
    assert not [r.code for r in RULES if fires(r, CentreFindings())]


def test_the_table_covers_what_the_issue_lists():
    whens = {f for rule in RULES for f in rule.when}
    laws = INTERVIEW.item("knows_laws").option_codes
    assert {lacks("knows_laws", law) for law in laws} <= whens
    for code in ("knows_detention_prohibition", "knows_protection_protocol", "knows_cas_role",
                 "has_care_model", "model_adapted", "special_situation_guidelines"):  # fmt: skip
        assert no(code) in whens, code
    for code in ("main_needs", "technical_support"):
        for option in INTERVIEW.item(code).option_codes:
            assert chose(code, option) in whens, (code, option)
    # Every space and service of the observation format that may be missing.
    for section in ("infrastructure", "services"):
        for item in OBSERVATION.section(section).items:
            if item.type == ItemType.YESNO:
                assert no(item.code) in whens, item.code
    assert Finding(Check.OVER_CAPACITY) in whens
    assert any(f.test == Check.THEME for f in whens)
    by_code = {r.code: r for r in RULES}
    guidance = [r for r in RULES if no("special_situation_guidelines") in r.when]
    assert {r.code for r in guidance} == {
        "guidance_anticipated_release", "guidance_family_reunification",
        "guidance_independent_living",
    }  # fmt: skip
    assert {r.area for r in RULES} == set(Area)
    assert by_code["training_protection_protocol"].priority == Priority.HIGH


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: no("knows_the_moon"), "Unknown (or ambiguous) item code 'knows_the_moon'"),
        (lambda: chose("main_needs", "gold"), "unknown option code 'gold'"),
        (lambda: lacks("knows_laws", "tax_law"), "unknown option code 'tax_law'"),
        (lambda: no("main_needs"), "yes/no tests go with yes/no items"),
        (lambda: lacks("duration_of_stay", "unlimited"), "does not go with a single item"),
        (lambda: theme("astrology"), "Unknown theme code 'astrology'"),
        (
            lambda: Rule("Bad Code", Area.KNOWLEDGE, Priority.HIGH, "t", "x", (no("has_kitchen"),)),
            "Bad rule code",
        ),
        (
            lambda: Rule("no_findings", Area.KNOWLEDGE, Priority.HIGH, "t", "x", ()),
            "at least one finding",
        ),
        (
            lambda: Rule("bad_area", "money", Priority.HIGH, "t", "x", (no("has_kitchen"),)),
            "area and priority",
        ),
        (lambda: check_rules(RULES + (RULES[0],)), "Duplicate rule code"),
    ],
)
def test_a_bad_rule_fails_when_built(build, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        build()


def test_a_bad_rule_in_the_table_fails_at_import(monkeypatch):
    """The table is checked as the module is imported: a typo stops the app from starting."""
    import plans.rules as rules

    source = importlib.util.find_spec("plans.rules").origin
    text = Path(source).read_text(encoding="utf-8")
    assert '(no("knows_protection_protocol"),)),' in text
    broken = text.replace('(no("knows_protection_protocol"),)),', '(no("knows_protocol"),)),', 1)
    spec = importlib.util.spec_from_loader("plans.rules_broken", loader=None)
    module = importlib.util.module_from_spec(spec)
    module.__package__ = "plans"
    monkeypatch.setitem(sys.modules, "plans.rules_broken", module)
    with pytest.raises(ValueError, match="knows_protocol"):
        exec(compile(broken, source, "exec"), module.__dict__)  # noqa: S102
    assert rules.RULES_BY_CODE["training_protection_protocol"]


def test_themes_are_checked_against_the_themes_the_coding_app_ships():
    codes = shipped_theme_codes()
    assert "lack_of_resources" in codes and "training_protection_protocol" in codes
    named = {f.code for rule in RULES for f in (*rule.when, *rule.unless) if f.test == Check.THEME}
    assert named <= codes
