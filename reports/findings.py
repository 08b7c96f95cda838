"""Counts per centre by sector and operator, and the findings written out in words.

The findings follow the assessment's style (section III): each names its subject, says where
("in two private and one public CAS") and uses the seed's quantifiers where they hold: *all*,
*none*, *only*, *four of the five*. `FINDINGS` is the table of finding definitions, one per
counted answer, checked against the interview spec when this module is imported.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import (
    gettext_lazy,
    ngettext_lazy,
    npgettext_lazy,
    pgettext,
    pgettext_lazy,
)

from centres.models import Operator, Sector
from fieldwork.spec import Item, ItemType, Label
from interviews.spec import ACTOR_ITEMS, INTERVIEW


class Split(StrEnum):
    """What the counts are split by: the centre's sector or who runs it."""

    SECTOR = "sector"
    OPERATOR = "operator"

    @property
    def label(self) -> str:
        return str(SPLIT_LABELS[self])

    @property
    def groups(self) -> tuple[str, ...]:
        """The split's groups, in the order of tables, charts and sheets."""
        return SECTOR_GROUPS if self == Split.SECTOR else OPERATOR_GROUPS


SPLIT_LABELS = {Split.SECTOR: gettext_lazy("Sector"), Split.OPERATOR: gettext_lazy("Operated by")}
SECTOR_GROUPS = (Sector.PUBLIC.value, Sector.PRIVATE.value)
OPERATOR_GROUPS = (
    Operator.CIVIL_SOCIETY.value,
    Operator.FEDERAL_DIF.value,
    Operator.STATE_DIF.value,
    Operator.MUNICIPAL_DIF.value,
    Operator.OTHER.value,
)


def group_label(split: Split, group: str) -> str:
    choices = Sector if split == Split.SECTOR else Operator
    return str(choices(group).label) if group in choices.values else group


class Tally:
    """Centres counted in each (sector, operator) cell; read by sector or by any split.

    `Tally(public=2, private=1)` builds a count by sector alone (its operator is unknown).
    """

    __slots__ = ("cells",)

    def __init__(self, public: int = 0, private: int = 0, *, cells=None) -> None:
        if cells is None:
            cells = {(Sector.PUBLIC.value, ""): public, (Sector.PRIVATE.value, ""): private}
        object.__setattr__(self, "cells", {key: n for key, n in cells.items() if n})

    def __setattr__(self, name, value):
        raise AttributeError("Tally is immutable")

    def group(self, split: Split, code: str) -> int:
        index = 0 if split == Split.SECTOR else 1
        return sum(n for key, n in self.cells.items() if key[index] == code)

    def by(self, split: Split) -> list[tuple[str, int]]:
        """(group, count) for every group of the split, zeros included."""
        return [(code, self.group(split, code)) for code in split.groups]

    @property
    def public(self) -> int:
        return self.group(Split.SECTOR, Sector.PUBLIC)

    @property
    def private(self) -> int:
        return self.group(Split.SECTOR, Sector.PRIVATE)

    @property
    def total(self) -> int:
        return sum(self.cells.values())

    def __sub__(self, other: "Tally") -> "Tally":
        keys = set(self.cells) | set(other.cells)
        return Tally(cells={k: self.cells.get(k, 0) - other.cells.get(k, 0) for k in keys})

    def __add__(self, other: "Tally") -> "Tally":
        keys = set(self.cells) | set(other.cells)
        return Tally(cells={k: self.cells.get(k, 0) + other.cells.get(k, 0) for k in keys})

    def __eq__(self, other) -> bool:
        return isinstance(other, Tally) and self.cells == other.cells

    def __hash__(self) -> int:
        return hash(frozenset(self.cells.items()))

    def __repr__(self) -> str:
        return f"Tally(public={self.public}, private={self.private}, cells={self.cells!r})"


# Numbers in words for small counts, as the assessment writes them ("two private CAS").
NUMBER_WORDS = {
    1: pgettext_lazy("number before a noun", "one"),
    2: pgettext_lazy("number before a noun", "two"),
    3: pgettext_lazy("number before a noun", "three"),
    4: pgettext_lazy("number before a noun", "four"),
    5: pgettext_lazy("number before a noun", "five"),
    6: pgettext_lazy("number before a noun", "six"),
    7: pgettext_lazy("number before a noun", "seven"),
    8: pgettext_lazy("number before a noun", "eight"),
    9: pgettext_lazy("number before a noun", "nine"),
    10: pgettext_lazy("number before a noun", "ten"),
}


def number(n: int, *, noun_left_out: bool = False) -> str:
    """ "four", or digits from 11 on; "one" as a pronoun when the noun is left out (es: uno)."""
    if n == 1 and noun_left_out:
        return pgettext("number, noun left out", "one")
    return str(NUMBER_WORDS[n]) if n in NUMBER_WORDS else str(n)


# "n CAS" of one group; %(n)s is the number in words, the form agrees with `count`.
GROUP_CAS = {
    Sector.PUBLIC.value: ngettext_lazy("%(n)s public CAS", "%(n)s public CAS", "count"),
    Sector.PRIVATE.value: ngettext_lazy("%(n)s private CAS", "%(n)s private CAS", "count"),
    Operator.CIVIL_SOCIETY.value: ngettext_lazy(
        "%(n)s civil society CAS", "%(n)s civil society CAS", "count"
    ),
    Operator.FEDERAL_DIF.value: ngettext_lazy(
        "%(n)s federal DIF CAS", "%(n)s federal DIF CAS", "count"
    ),
    Operator.STATE_DIF.value: ngettext_lazy("%(n)s state DIF CAS", "%(n)s state DIF CAS", "count"),
    Operator.MUNICIPAL_DIF.value: ngettext_lazy(
        "%(n)s municipal DIF CAS", "%(n)s municipal DIF CAS", "count"
    ),
    Operator.OTHER.value: ngettext_lazy(
        "%(n)s CAS run by another operator", "%(n)s CAS run by other operators", "count"
    ),
}

# "3 private" in the base line ("7 centres: 3 private, 4 public").
GROUP_COUNT = {
    Sector.PUBLIC.value: ngettext_lazy("%(n)s public", "%(n)s public", "count"),
    Sector.PRIVATE.value: ngettext_lazy("%(n)s private", "%(n)s private", "count"),
    Operator.CIVIL_SOCIETY.value: ngettext_lazy(
        "%(n)s civil society", "%(n)s civil society", "count"
    ),
    Operator.FEDERAL_DIF.value: ngettext_lazy("%(n)s federal DIF", "%(n)s federal DIF", "count"),
    Operator.STATE_DIF.value: ngettext_lazy("%(n)s state DIF", "%(n)s state DIF", "count"),
    Operator.MUNICIPAL_DIF.value: ngettext_lazy(
        "%(n)s municipal DIF", "%(n)s municipal DIF", "count"
    ),
    Operator.OTHER.value: ngettext_lazy("%(n)s other operator", "%(n)s other operators", "count"),
}


def _and(parts: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(parts) == 1:
        return parts[0]
    return _("%(list)s and %(last)s") % {"list": ", ".join(parts[:-1]), "last": parts[-1]}


def where(tally: Tally, split: Split = Split.SECTOR) -> str:
    """ "two private and one public CAS", "one public CAS", "no CAS"."""
    if split == Split.SECTOR and tally.private and tally.public:
        # In parts, so that each number agrees with its own noun ("dos CAS privados y uno
        # público").
        private = npgettext_both("private", tally.private)
        public = npgettext_both("public", tally.public)
        return _("%(private)s and %(public)s CAS") % {"private": private, "public": public}
    # Counts by sector alone have no operator: say them by sector.
    if split == Split.OPERATOR and sum(n for _code, n in tally.by(split)) < tally.total:
        return where(tally, Split.SECTOR)
    parts = [GROUP_CAS[code] % {"n": number(n), "count": n} for code, n in tally.by(split) if n]
    return _and(parts) if parts else _("no CAS")


def npgettext_both(sector: str, n: int) -> str:
    text = BOTH_PRIVATE if sector == Sector.PRIVATE else BOTH_PUBLIC
    return text % {"n": number(n, noun_left_out=sector == Sector.PUBLIC), "count": n}


# The first and second part of "two private and one public CAS".
BOTH_PRIVATE = npgettext_lazy("both sectors", "%(n)s private", "%(n)s private", "count")
BOTH_PUBLIC = npgettext_lazy("both sectors", "%(n)s public", "%(n)s public", "count")


def base_line(tally: Tally, split: Split = Split.SECTOR) -> str:
    """ "3 private, 4 public": the counted centres of each group (those with any)."""
    groups = tally.by(split)
    if split == Split.SECTOR:
        groups.reverse()  # private first, as the assessment counts them
    return ", ".join(GROUP_COUNT[code] % {"n": n, "count": n} for code, n in groups if n)


def base_sentence(centres: Tally, records: int, split: Split = Split.SECTOR) -> str:
    """ "7 centres: 3 private, 4 public; 9 interviews, the latest per centre counted"."""
    counted = ngettext_lazy("%(n)d centre", "%(n)d centres", "n") % {"n": centres.total}
    if centres.total:
        counted = _("%(centres)s: %(groups)s") % {
            "centres": counted,
            "groups": base_line(centres, split),
        }
    interviews = ngettext_lazy(
        "%(n)d interview, the latest per centre counted",
        "%(n)d interviews, the latest per centre counted",
        "n",
    ) % {"n": records}
    return _("%(centres)s; %(interviews)s.") % {"centres": counted, "interviews": interviews}


class Quantifier(StrEnum):
    ALL = "all"
    NONE = "none"
    MOST = "most"  # "four of the five"
    ONLY = "only"
    PLAIN = "plain"
    NOT_ASKED = "not_asked"


def quantifier(count: int, n: int) -> Quantifier:
    """The seed's quantifier for `count` centres out of `n` asked."""
    if n == 0:
        return Quantifier.NOT_ASKED
    if count == 0:
        return Quantifier.NONE
    if n == 1:
        return Quantifier.PLAIN
    if count == n:
        return Quantifier.ALL
    if count == n - 1 and n >= 3:
        return Quantifier.MOST
    return Quantifier.ONLY


def _counts(count: int, n: int, asked: bool) -> str:
    """ "3 of 5", or "2 of 2 asked" when some centres were not asked (skip logic)."""
    if asked:
        return _("%(count)d of %(n)d asked") % {"count": count, "n": n}
    return _("%(count)d of %(n)d") % {"count": count, "n": n}


def sentence(
    subject: str, tally: Tally, asked: Tally, split: Split = Split.SECTOR, *, of_asked=False
) -> str:
    """A finding: `subject` in the centres of `tally`, out of the centres `asked`.

    `of_asked`: some centres were not asked (the item did not apply to them), so the count
    says "of N asked".
    """
    count, n = tally.total, asked.total
    values = {
        "subject": subject,
        "where": where(tally, split),
        "counts": _counts(count, n, of_asked),
        "count": number(count),
        "n": number(n),
    }
    match quantifier(count, n):
        case Quantifier.NOT_ASKED:
            text = _("%(subject)s: no CAS was asked.")
        case Quantifier.NONE:
            text = _("%(subject)s in no CAS (%(counts)s).")
        case Quantifier.ALL:
            text = _("%(subject)s in all the CAS (%(where)s; %(counts)s).")
        case Quantifier.MOST:
            text = _("%(subject)s in %(count)s of the %(n)s CAS (%(where)s; %(counts)s).")
        case Quantifier.ONLY:
            text = _("%(subject)s only in %(where)s (%(counts)s).")
        case _other:
            text = _("%(subject)s in %(where)s (%(counts)s).")
    return capfirst(text % values)


def no_sentence(
    subject_no: str, tally: Tally, asked: Tally, split: Split = Split.SECTOR, *, of_asked=False
) -> str:
    """ "The two public CAS without a care model (2 of 5)." """
    count = tally.total
    text = ngettext_lazy(
        "The %(where)s %(subject)s (%(counts)s).", "The %(where)s %(subject)s (%(counts)s).", "num"
    )
    return capfirst(
        text
        % {
            "num": count,
            "where": where(tally, split),
            "subject": subject_no,
            "counts": _counts(count, asked.total, of_asked),
        }
    )


def yes_finding(answer: str, tally: Tally, base: Tally, split: Split = Split.SECTOR) -> str:
    """ "Care model only in two private and one public CAS (3 of 5)." """
    return sentence(answer, tally, base, split)


def option_finding(option: str, tally: Tally, base: Tally, split: Split = Split.SECTOR) -> str:
    """ "Migration Law known only in two private CAS (2 of 5)." """
    return sentence(option, tally, base, split)


@dataclass(frozen=True)
class FindingDef:
    """How one counted answer reads as a finding.

    `item`: an item code of the interview; `answer`: `yes` or `no` for a yes/no item, an
    option code for a multi-choice item, an actor sector for `coordination_actors`.
    `subject` names what the centres have ("Care model adapted for migrant children");
    `subject_no`, when set, gives the No answers their own sentence ("without a care model").
    `when_any`: written only when some centre gave the answer (the long list of actor sectors).
    """

    item: str
    answer: str
    subject: Label
    subject_no: Label = ""
    when_any: bool = False

    def __post_init__(self) -> None:
        item = _item(self.item)
        if item.type == ItemType.YESNO:
            if self.answer != "yes":
                raise ValueError(f"{self.item}: a yes/no finding is defined on `yes`")
        elif self.answer not in answer_codes(item):
            raise ValueError(f"{self.item}: {self.answer!r} is not one of its answers")
        if self.subject_no and item.type != ItemType.YESNO:
            raise ValueError(f"{self.item}: only yes/no items have a No sentence")


def _item(code: str) -> Item:
    try:
        return INTERVIEW.item(code)
    except KeyError:
        raise ValueError(f"No interview item {code!r}") from None


def answer_codes(item: Item) -> tuple[str, ...]:
    if item.type == ItemType.YESNO:
        return ("yes",)
    if item.type == ItemType.REPEAT:
        return ACTOR_ITEMS[1].option_codes
    return item.option_codes


def _check(table: Iterable[FindingDef], sections=("K", "R", "N")) -> dict:
    by_key = {}
    for definition in table:
        key = (definition.item, definition.answer)
        if key in by_key:
            raise ValueError(f"Two findings for {key}")
        by_key[key] = definition
    for code in sections:
        for item in INTERVIEW.section(code).items:
            if item.type in (ItemType.TEXT,):
                continue
            for answer in answer_codes(item):
                if (item.code, answer) not in by_key:
                    raise ValueError(f"No finding for {item.code} = {answer}")
    return by_key


def finding(item, answer, subject, subject_no="", **kw) -> FindingDef:
    return FindingDef(item, answer, subject, subject_no, **kw)


FINDINGS: tuple[FindingDef, ...] = (
    # K: Knowledge of the issue
    finding("knows_laws", "lgdnna", gettext_lazy("General Law on the Rights of Children known")),
    finding("knows_laws", "migration_law", gettext_lazy("Migration Law known")),
    finding(
        "knows_laws",
        "refugee_law",
        gettext_lazy("Law on Refugees, Complementary Protection and Political Asylum known"),
    ),
    finding(
        "knows_detention_prohibition",
        "yes",
        gettext_lazy("Prohibition on detaining migrant children known"),
    ),
    finding(
        "knows_protection_protocol", "yes", gettext_lazy("Migrant Child Protection Protocol known")
    ),
    finding(
        "knows_cas_role",
        "yes",
        gettext_lazy("Role of the CAS in receiving migrant children known"),
        gettext_lazy("unaware of the role of the CAS in receiving migrant children"),
    ),
    # R: Resources
    finding(
        "has_care_model",
        "yes",
        gettext_lazy("Care model"),
        gettext_lazy("without a care model"),
    ),
    finding(
        "model_adapted",
        "yes",
        gettext_lazy("Care model adapted for migrant children"),
        gettext_lazy("whose care model was not adapted for migrant children"),
    ),
    finding(
        "migrants_need_different_care",
        "yes",
        gettext_lazy("Different care for migrant children considered necessary"),
    ),
    finding("resources_available", "material", gettext_lazy("Material resources")),
    finding("resources_available", "human", gettext_lazy("Human resources")),
    finding("resources_available", "infrastructure", gettext_lazy("Infrastructure")),
    finding("resources_available", "economic", gettext_lazy("Economic resources")),
    finding("resources_available", "other", gettext_lazy("Other resources")),
    finding(
        "special_situation_guidelines",
        "yes",
        gettext_lazy("Guidelines for special situations"),
        gettext_lazy("without guidelines for special situations"),
    ),
    # N: Identified needs
    finding("main_needs", "material", gettext_lazy("Need for material resources")),
    finding("main_needs", "human", gettext_lazy("Need for human resources")),
    finding("main_needs", "infrastructure", gettext_lazy("Need for infrastructure")),
    finding("main_needs", "economic", gettext_lazy("Need for economic resources")),
    finding("main_needs", "other", gettext_lazy("Other needs")),
    *(
        finding("coordination_actors", code, subject, when_any=True)
        for code, subject in (
            ("municipal", gettext_lazy("Coordination with municipal authorities")),
            ("state", gettext_lazy("Coordination with state authorities")),
            ("federal", gettext_lazy("Coordination with federal authorities")),
            ("international_org", gettext_lazy("Coordination with international organisations")),
            ("civil_society", gettext_lazy("Coordination with civil society organisations")),
            ("academia", gettext_lazy("Coordination with academia")),
            ("private_sector", gettext_lazy("Coordination with the private sector")),
            ("networks", gettext_lazy("Coordination with networks")),
            (
                "public_human_rights",
                gettext_lazy("Coordination with public human rights organisations"),
            ),
            ("private", gettext_lazy("Coordination with private actors")),
        )
    ),
    finding("main_challenges", "care", gettext_lazy("Care as a main challenge")),
    finding("main_challenges", "coordination", gettext_lazy("Coordination as a main challenge")),
    finding("main_challenges", "resources", gettext_lazy("Resources as a main challenge")),
    finding("main_challenges", "other", gettext_lazy("Other main challenges")),
    finding("successes", "care", gettext_lazy("Successes in care")),
    finding("successes", "coordination", gettext_lazy("Successes in coordination")),
    finding("successes", "resources", gettext_lazy("Successes in resources")),
    finding("successes", "other", gettext_lazy("Other successes")),
    finding("technical_support", "information", gettext_lazy("Information requested")),
    finding("technical_support", "skills_training", gettext_lazy("Skills training requested")),
    finding("technical_support", "case_supervision", gettext_lazy("Case supervision requested")),
    finding("technical_support", "crisis_resolution", gettext_lazy("Crisis resolution requested")),
    finding("technical_support", "case_management", gettext_lazy("Case management requested")),
    finding(
        "technical_support",
        "links_with_actors",
        gettext_lazy("Links with authorities or other actors requested"),
    ),
)

#: (item code, answer) → its finding definition; every counted answer has one.
FINDING_BY_ANSWER: Mapping[tuple[str, str], FindingDef] = _check(FINDINGS)
