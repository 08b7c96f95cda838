"""The support rules, declared once: which findings of a centre propose which action.

Each `Rule` names the findings that call for it (`when`: any of them), optionally findings
that make it unnecessary (`unless`: a more specific rule covers it), its area, priority, and
its title and text (English here, Spanish in the catalogue). The dataclasses are frozen and
check themselves when built, so a rule that names an unknown item, option or theme fails at
import:

- items and options are checked against the instrument specs (`interviews/spec.py`,
  `observations/spec.py`);
- themes live in the database, so they are checked against the themes the coding app ships
  (its data migration `coding/migrations/0002_section_iii_themes.py`, the codebook every
  database has): a rule never names a theme a coordinator added later.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache

from django.utils.translation import gettext_lazy as _

from fieldwork.spec import Instrument, ItemType, Label
from interviews.spec import INTERVIEW
from observations.spec import OBSERVATION

from .models import Area, Priority

_CODE = re.compile(r"^[a-z][a-z0-9_]*$")
#: The instruments a finding may name, by the spec's code.
SPECS: dict[str, Instrument] = {"interview": INTERVIEW, "observation": OBSERVATION}
#: The pseudo-instrument of coded themes (any note of the centre's counted records).
CODING = "coding"


@cache
def shipped_theme_codes() -> frozenset[str]:
    """The theme codes every database has: those the coding app's data migration ships."""
    migration = importlib.import_module("coding.migrations.0002_section_iii_themes")
    return frozenset(theme[0] for theme in migration.THEMES)


class Check(StrEnum):
    NO = "no"  # a yes/no item answered No (not answered or not asked: no finding)
    YES = "yes"
    CHOSE = "chose"  # a choice item answered with the option
    LACKS = "lacks"  # a multi item answered without the option (left empty: none chosen)
    OVER_CAPACITY = "over_capacity"  # more people present than the expected capacity
    THEME = "theme"  # a theme coded on a note of the centre's counted records


@dataclass(frozen=True)
class Finding:
    test: Check
    code: str = ""
    option: str = ""
    #: The instrument whose counted record shows it ("interview", "observation" or "coding").
    instrument: str = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "instrument", self._check())

    def _check(self) -> str:
        if self.test == Check.OVER_CAPACITY:
            if self.code or self.option:
                raise ValueError("over_capacity names no item")
            return "observation"
        if self.test == Check.THEME:
            if self.code not in shipped_theme_codes():
                raise ValueError(f"Unknown theme code {self.code!r}")
            return CODING
        found = [
            (name, spec.item(self.code))
            for name, spec in SPECS.items()
            if self.code in {i.code for i in spec.items}
        ]
        if len(found) != 1:
            raise ValueError(f"Unknown (or ambiguous) item code {self.code!r}")
        instrument, item = found[0]
        if self.test in (Check.NO, Check.YES):
            if item.type != ItemType.YESNO or self.option:
                raise ValueError(f"{self.code}: yes/no tests go with yes/no items")
        elif self.test in (Check.CHOSE, Check.LACKS):
            allowed = {ItemType.MULTI}
            if self.test == Check.CHOSE:
                allowed.add(ItemType.SINGLE)
            if item.type not in allowed:
                raise ValueError(f"{self.code}: {self.test} does not go with a {item.type} item")
            if self.option not in item.option_codes:
                raise ValueError(f"{self.code}: unknown option code {self.option!r}")
        return instrument

    @property
    def item(self):
        spec = SPECS.get(self.instrument)
        return spec.item(self.code) if spec is not None and self.code else None


def no(code: str) -> Finding:
    return Finding(Check.NO, code)


def yes(code: str) -> Finding:
    return Finding(Check.YES, code)


def chose(code: str, option: str) -> Finding:
    return Finding(Check.CHOSE, code, option)


def lacks(code: str, option: str) -> Finding:
    return Finding(Check.LACKS, code, option)


def theme(code: str) -> Finding:
    return Finding(Check.THEME, code)


OVER_CAPACITY = Finding(Check.OVER_CAPACITY)


@dataclass(frozen=True)
class Rule:
    code: str
    area: Area
    priority: Priority
    title: Label
    text: Label
    #: The rule proposes its action when any of these holds...
    when: tuple[Finding, ...]
    #: ...and none of these (a more specific rule covers the centre).
    unless: tuple[Finding, ...] = ()

    def __post_init__(self) -> None:
        if not _CODE.match(self.code) or len(self.code) > 60:
            raise ValueError(f"Bad rule code {self.code!r}")
        if not self.when:
            raise ValueError(f"{self.code}: a rule needs at least one finding")
        if not isinstance(self.area, Area) or not isinstance(self.priority, Priority):
            raise ValueError(f"{self.code}: area and priority come from their choices")
        if not str(self.title).strip() or not str(self.text).strip():
            raise ValueError(f"{self.code}: a rule needs a title and a text")
        for finding in (*self.when, *self.unless):
            if not isinstance(finding, Finding):
                raise ValueError(f"{self.code}: {finding!r} is not a Finding")

    @property
    def instruments(self) -> frozenset[str]:
        """The instruments (and coding) its findings are read from."""
        return frozenset(f.instrument for f in self.when)


def check_rules(rules: tuple[Rule, ...]) -> dict[str, Rule]:
    by_code: dict[str, Rule] = {}
    for rule in rules:
        if rule.code in by_code:
            raise ValueError(f"Duplicate rule code {rule.code!r}")
        by_code[rule.code] = rule
    return by_code


K, C, R, I, CO = (  # noqa: E741 - the five areas, short for the table below
    Area.KNOWLEDGE,
    Area.CARE_MODEL,
    Area.RESOURCES,
    Area.INFRASTRUCTURE,
    Area.COORDINATION,
)
HIGH, MEDIUM, LOW = Priority.HIGH, Priority.MEDIUM, Priority.LOW

_LAW_GAPS = (
    lacks("knows_laws", "lgdnna"),
    lacks("knows_laws", "migration_law"),
    lacks("knows_laws", "refugee_law"),
    no("knows_detention_prohibition"),
)

# fmt: off
RULES: tuple[Rule, ...] = (
    # Knowledge of the issue: what the team did not know.
    Rule("training_lgdnna", K, HIGH,
         _("Training on the General Law on the Rights of Children"),
         _("Training for the team on the General Law on the Rights of Children and the "
           "protection it gives migrant children."),
         (lacks("knows_laws", "lgdnna"),)),
    Rule("training_migration_law", K, HIGH,
         _("Training on the Migration Law"),
         _("Training for the team on the Migration Law as harmonised in 2020 with the rights "
           "of children."),
         (lacks("knows_laws", "migration_law"),)),
    Rule("training_refugee_law", K, HIGH,
         _("Training on the Law on Refugees"),
         _("Training for the team on the Law on Refugees, Complementary Protection and "
           "Political Asylum, and the procedures for asylum seekers."),
         (lacks("knows_laws", "refugee_law"),)),
    Rule("training_detention_prohibition", K, HIGH,
         _("Training on the prohibition of detention"),
         _("Training on the prohibition of detaining migrant children and adolescents, "
           "accompanied or not."),
         (no("knows_detention_prohibition"),)),
    Rule("training_protection_protocol", K, HIGH,
         _("Training on the Migrant Child Protection Protocol"),
         _("Training for the team on the Migrant Child Protection Protocol and the role it "
           "gives the CAS."),
         (no("knows_protection_protocol"),)),
    Rule("training_cas_role", K, HIGH,
         _("Training on the role of the CAS"),
         _("Training on the role of the Social Assistance Centres in receiving migrant "
           "children so that they are not held in detention centres."),
         (no("knows_cas_role"),)),
    Rule("training_migrant_children", K, MEDIUM,
         _("Training on the situation of migrant children"),
         _("Training on the situation of migrant children and adolescents and why their care "
           "differs: migration experience, reasons for leaving, psycho-emotional impact."),
         (no("migrants_need_different_care"),)),
    # Knowledge: training the centre asked for (coded themes), unless a gap above covers it.
    Rule("requested_training_legal_framework", K, MEDIUM,
         _("Further training on the legal framework, as requested"),
         _("Further training on the laws on children, migration and refugees, which the team "
           "asked for."),
         (theme("training_legal_framework"),), unless=_LAW_GAPS),
    Rule("requested_training_migrant_children", K, MEDIUM,
         _("Further training on the situation of migrant children, as requested"),
         _("Further training on the situation of migrant children and adolescents, which the "
           "team asked for."),
         (theme("training_migrant_children"),), unless=(no("migrants_need_different_care"),)),
    Rule("requested_training_protection_protocol", K, MEDIUM,
         _("Further training on the Protection Protocol, as requested"),
         _("Further training on applying the Migrant Child Protection Protocol, which the team "
           "asked for."),
         (theme("training_protection_protocol"),), unless=(no("knows_protection_protocol"),)),
    Rule("requested_training_care", K, MEDIUM,
         _("Training on recommendations for care"),
         _("Training on recommendations for the care of migrant children and adolescents."),
         (theme("training_care"),)),
    Rule("requested_training_regularisation", K, MEDIUM,
         _("Training on immigration status regularisation"),
         _("Training on the procedures to regularise the immigration status of migrant "
           "children and adolescents."),
         (theme("training_regularisation"),)),
    Rule("requested_training_asylum", K, MEDIUM,
         _("Training on asylum procedures"),
         _("Training on the procedures for asylum seekers and the recognition of refugee "
           "status."),
         (theme("training_asylum"),)),
    Rule("continuous_training", K, MEDIUM,
         _("A continuous training programme for the team"),
         _("Training that continues over time, so that new staff are trained despite "
           "rotation."),
         (theme("continuous_training"),)),
    Rule("support_information", K, MEDIUM,
         _("Information for the team"),
         _("Information materials on the rights and situation of migrant children, as asked "
           "for."),
         (chose("technical_support", "information"),)),
    Rule("support_skills_training", K, MEDIUM,
         _("Skills training for the team"),
         _("Practical skills training for the care of migrant children, as asked for."),
         (chose("technical_support", "skills_training"),)),
    # Care model.
    Rule("care_model_design", C, HIGH,
         _("Support to design a care model"),
         _("Support to design a care model, or a protocol for care and case management, "
           "suited to migrant children and adolescents."),
         (no("has_care_model"),)),
    Rule("care_model_adapt", C, HIGH,
         _("Support to adapt the care model"),
         _("Support to adapt the centre's care model to the reception of migrant children and "
           "adolescents."),
         (no("model_adapted"),)),
    Rule("guidance_anticipated_release", C, MEDIUM,
         _("Guidance on anticipated release"),
         _("Guidelines and practices for the anticipated release of migrant children and "
           "adolescents."),
         (no("special_situation_guidelines"),)),
    Rule("guidance_family_reunification", C, MEDIUM,
         _("Guidance on family reunification"),
         _("Guidelines and practices for family reunification in Mexico and the United "
           "States."),
         (no("special_situation_guidelines"),)),
    Rule("guidance_independent_living", C, MEDIUM,
         _("Guidance on integration and independent living"),
         _("Guidelines and practices for the integration and independent living of migrant "
           "adolescents."),
         (no("special_situation_guidelines"),)),
    Rule("support_case_supervision", C, MEDIUM,
         _("Case supervision"),
         _("Supervision of cases by specialists, as asked for."),
         (chose("technical_support", "case_supervision"),)),
    Rule("support_crisis_resolution", C, MEDIUM,
         _("Support in crisis resolution"),
         _("Support to resolve crises in the care of migrant children, as asked for."),
         (chose("technical_support", "crisis_resolution"),)),
    Rule("support_case_management", C, MEDIUM,
         _("Support in case management"),
         _("Support in managing cases (immigration procedures, best interests), as asked "
           "for."),
         (chose("technical_support", "case_management"),)),
    Rule("challenge_care", C, MEDIUM,
         _("Review of care practice"),
         _("A review of care practice with the team, since care is one of its main "
           "challenges."),
         (chose("main_challenges", "care"),)),
    # Resources.
    Rule("need_material", R, MEDIUM,
         _("Material support"),
         _("Support in kind: the materials the centre named as a main need."),
         (chose("main_needs", "material"),)),
    Rule("need_human", R, HIGH,
         _("Support to strengthen the team"),
         _("Support to hire or second the staff the centre needs, as it named human resources "
           "a main need."),
         (chose("main_needs", "human"),)),
    Rule("need_economic", R, HIGH,
         _("Funding for the centre's operation"),
         _("Financial support for the centre's operation, as it named economic resources a "
           "main need."),
         (chose("main_needs", "economic"),)),
    Rule("need_other", R, LOW,
         _("Follow up the other needs named"),
         _("Follow up the other needs the centre named (see its notes)."),
         (chose("main_needs", "other"),)),
    Rule("lack_of_resources", R, HIGH,
         _("A funding strategy for staff and basic necessities"),
         _("A strategy to secure the funding and staff needed for the minimal infrastructure, "
           "the staff required and the children's basic necessities."),
         (theme("lack_of_resources"),)),
    Rule("organisational_sustainability", R, MEDIUM,
         _("A sustainability plan for the organisation"),
         _("Support to plan the organisation's sustainability: funding over time and "
           "continuity of the team."),
         (theme("organisational_sustainability"),)),
    Rule("financial_support_welcome", R, MEDIUM,
         _("Links with funders and donors in kind"),
         _("Put the centre in touch with funders and donors of support in kind, which it "
           "would welcome."),
         (theme("financial_support_welcome"),)),
    # Infrastructure: the spaces and services the observation did not find.
    Rule("need_infrastructure", I, MEDIUM,
         _("Support to improve the premises"),
         _("Support to improve the premises, as the centre named infrastructure a main need."),
         (chose("main_needs", "infrastructure"),)),
    Rule("over_capacity", I, HIGH,
         _("Places for the people received"),
         _("More people were present than the expected capacity: more places, or referrals "
           "to other centres."),
         (OVER_CAPACITY,)),
    Rule("space_reception_area", I, LOW,
         _("A reception area"),
         _("Set up a reception area."),
         (no("has_reception_area"),)),
    Rule("space_dormitories", I, HIGH,
         _("Dormitories"),
         _("Set up dormitories."),
         (no("has_dormitories"),)),
    Rule("space_dormitories_divided", I, HIGH,
         _("Dormitories divided by sex or other criteria"),
         _("Divide the dormitories by sex or other criteria."),
         (no("dormitories_divided"),)),
    Rule("space_toilets_showers", I, HIGH,
         _("Toilets and showers"),
         _("Set up toilets and showers."),
         (no("has_toilets_showers"),)),
    Rule("space_toilets_divided", I, HIGH,
         _("Toilets and showers divided by sex or other criteria"),
         _("Divide the toilets and showers by sex or other criteria."),
         (no("toilets_divided"),)),
    Rule("space_kitchen", I, MEDIUM,
         _("A kitchen"),
         _("Set up a kitchen area."),
         (no("has_kitchen"),)),
    Rule("space_dining_area", I, MEDIUM,
         _("A dining area"),
         _("Set up a dining area."),
         (no("has_dining_area"),)),
    Rule("space_recreation_area", I, MEDIUM,
         _("A recreational area"),
         _("Set up a recreational area or patio."),
         (no("has_recreation_area"),)),
    Rule("space_washing_area", I, LOW,
         _("A washing area"),
         _("Set up a washing area."),
         (no("has_washing_area"),)),
    Rule("service_medical_area", I, HIGH,
         _("A medical area"),
         _("Set up a medical area, or an agreement with a health service."),
         (no("has_medical_area"),)),
    Rule("service_psychological_area", I, HIGH,
         _("A psychological area"),
         _("Set up a psychological area, or an agreement with a psychological care service."),
         (no("has_psychological_area"),)),
    Rule("service_social_work_area", I, MEDIUM,
         _("A social work area"),
         _("Set up a social work area."),
         (no("has_social_work_area"),)),
    Rule("service_legal_department", I, HIGH,
         _("A legal department"),
         _("Set up a legal area, or an agreement with a legal aid service, for immigration "
           "and asylum procedures."),
         (no("has_legal_department"),)),
    Rule("service_communications_area", I, LOW,
         _("A communications area"),
         _("Set up a communications area."),
         (no("has_communications_area"),)),
    Rule("access_obstacles", I, MEDIUM,
         _("Safe access to the centre"),
         _("Remove the obstacles or risks observed on the way into the centre."),
         (yes("access_obstacles"), no("easily_accessible"))),
    # Coordination.
    Rule("support_links_with_actors", CO, MEDIUM,
         _("Links with authorities and other actors"),
         _("Put the centre in touch with the authorities and organisations that protect "
           "migrant children, as asked for."),
         (chose("technical_support", "links_with_actors"),)),
    Rule("relationship_with_authorities", CO, HIGH,
         _("Working sessions with the authorities"),
         _("Working sessions with the Child Protection Attorneys, the INM, consulates and "
           "education authorities, to articulate the care of migrant children."),
         (theme("relationship_with_authorities"), chose("main_challenges", "coordination"))),
)
# fmt: on

RULES_BY_CODE: dict[str, Rule] = check_rules(RULES)
