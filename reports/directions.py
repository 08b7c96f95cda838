"""Which way is better: the one table that says whether a change of answer is an improvement.

Comparing two rounds (a centre's changes page, the overall comparison, the `Changes` sheet)
marks each change of a yes/no answer or of a ticked option as an improvement, a regression or
a new need from `DIRECTIONS` alone; no view decides it. The table is checked when this module
is imported: an unknown instrument, item or option, a type that cannot be compared, or an item
listed twice stops the app.

- `Kind.ASSET`: a Yes, or a ticked option, is better (knowing the Protocol, a care model, a
  kitchen, human resources). No → Yes is an improvement, Yes → No a regression.
- `Kind.NEED`: a ticked option is a need or a challenge named. Newly ticked is a *new need*;
  no longer ticked is an improvement (the need was met).

Items not in the table (`migrants_need_different_care`, `successes`, single choices, numbers)
are shown then and now, marked *changed* or *unchanged*, with no direction.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from fieldwork.spec import Instrument, Item, ItemType, Label
from interviews.spec import INTERVIEW
from observations.spec import OBSERVATION

INSTRUMENTS: dict[str, Instrument] = {INTERVIEW.code: INTERVIEW, OBSERVATION.code: OBSERVATION}


class Kind(StrEnum):
    ASSET = "asset"
    NEED = "need"


class Outcome(StrEnum):
    IMPROVEMENT = "improvement"
    REGRESSION = "regression"
    NEW_NEED = "new_need"
    UNCHANGED = "unchanged"
    CHANGED = "changed"
    NOT_COMPARABLE = "not_comparable"


OUTCOME_LABELS = {
    Outcome.IMPROVEMENT: _("Improvement"),
    Outcome.REGRESSION: _("Regression"),
    Outcome.NEW_NEED: _("New need"),
    Outcome.UNCHANGED: _("Unchanged"),
    Outcome.CHANGED: _("Changed"),
    Outcome.NOT_COMPARABLE: _("Not comparable"),
}

# The sentences of the overall comparison: `%(subject)s` is "3 more centres", "1 public
# centre"; the verb agrees with `n`. `%(option)s` names the option of a multiple-choice item,
# `%(what)s` the item's short label.
ASSET_GAINED_YESNO = ngettext_lazy(
    "%(subject)s now has this space or service: %(what)s",
    "%(subject)s now have this space or service: %(what)s",
    "n",
)
ASSET_LOST_YESNO = ngettext_lazy(
    "%(subject)s no longer has this space or service: %(what)s",
    "%(subject)s no longer have this space or service: %(what)s",
    "n",
)
ASSET_GAINED_OPTION = ngettext_lazy(
    "%(subject)s now has: %(option)s (%(what)s)", "%(subject)s now have: %(option)s (%(what)s)", "n"
)
ASSET_LOST_OPTION = ngettext_lazy(
    "%(subject)s no longer has: %(option)s (%(what)s)",
    "%(subject)s no longer have: %(option)s (%(what)s)",
    "n",
)
NEED_GAINED = ngettext_lazy(
    "%(subject)s now names a need: %(option)s (%(what)s)",
    "%(subject)s now name a need: %(option)s (%(what)s)",
    "n",
)
NEED_LOST = ngettext_lazy(
    "%(subject)s no longer names a need: %(option)s (%(what)s)",
    "%(subject)s no longer name a need: %(option)s (%(what)s)",
    "n",
)


@dataclass(frozen=True)
class Direction:
    instrument: str
    item: str
    kind: Kind = Kind.ASSET
    #: The sentence of centres that gained the answer (or the option) and of those that lost
    #: it; generic ones (naming the item's short label) unless given.
    gained: Label | None = None
    lost: Label | None = None

    def __post_init__(self) -> None:
        spec = INSTRUMENTS.get(self.instrument)
        if spec is None:
            raise ValueError(f"Direction: unknown instrument {self.instrument!r}")
        try:
            item = spec.item(self.item)
        except KeyError:
            raise ValueError(f"Direction: {self.instrument} has no item {self.item!r}") from None
        if item.type not in (ItemType.YESNO, ItemType.MULTI):
            raise ValueError(f"Direction: {self.item} is not a yes/no or multiple-choice item")
        if self.kind == Kind.NEED and item.type != ItemType.MULTI:
            raise ValueError(f"Direction: {self.item}: needs are options of a multi item")

    @property
    def spec_item(self) -> Item:
        return INSTRUMENTS[self.instrument].item(self.item)

    def outcome(self, then: bool | None, now: bool | None) -> Outcome:
        """`then`, `now`: the Yes (or the option ticked); None when not asked or answered."""
        if then is None or now is None:
            return Outcome.NOT_COMPARABLE
        if then == now:
            return Outcome.UNCHANGED
        if self.kind == Kind.NEED:
            return Outcome.NEW_NEED if now else Outcome.IMPROVEMENT
        return Outcome.IMPROVEMENT if now else Outcome.REGRESSION

    def sentence(self, *, gained: bool) -> Label:
        if gained and self.gained is not None:
            return self.gained
        if not gained and self.lost is not None:
            return self.lost
        if self.kind == Kind.NEED:
            return NEED_GAINED if gained else NEED_LOST
        if self.spec_item.type == ItemType.MULTI:
            return ASSET_GAINED_OPTION if gained else ASSET_LOST_OPTION
        return ASSET_GAINED_YESNO if gained else ASSET_LOST_YESNO


DIRECTIONS: tuple[Direction, ...] = (
    Direction(
        "interview",
        "knows_laws",
        gained=ngettext_lazy(
            "%(subject)s now knows the %(option)s", "%(subject)s now know the %(option)s", "n"
        ),
        lost=ngettext_lazy(
            "%(subject)s no longer knows the %(option)s",
            "%(subject)s no longer know the %(option)s",
            "n",
        ),
    ),
    Direction(
        "interview",
        "knows_detention_prohibition",
        gained=ngettext_lazy(
            "%(subject)s knows that the law prohibits detaining children",
            "%(subject)s know that the law prohibits detaining children",
            "n",
        ),
        lost=ngettext_lazy(
            "%(subject)s no longer knows that the law prohibits detaining children",
            "%(subject)s no longer know that the law prohibits detaining children",
            "n",
        ),
    ),
    Direction(
        "interview",
        "knows_protection_protocol",
        gained=ngettext_lazy(
            "%(subject)s knows the Protocol", "%(subject)s know the Protocol", "n"
        ),
        lost=ngettext_lazy(
            "%(subject)s no longer knows the Protocol",
            "%(subject)s no longer know the Protocol",
            "n",
        ),
    ),
    Direction(
        "interview",
        "knows_cas_role",
        gained=ngettext_lazy(
            "%(subject)s knows the role of the CAS", "%(subject)s know the role of the CAS", "n"
        ),
        lost=ngettext_lazy(
            "%(subject)s no longer knows the role of the CAS",
            "%(subject)s no longer know the role of the CAS",
            "n",
        ),
    ),
    Direction(
        "interview",
        "has_care_model",
        gained=ngettext_lazy("%(subject)s has a care model", "%(subject)s have a care model", "n"),
        lost=ngettext_lazy(
            "%(subject)s no longer has a care model",
            "%(subject)s no longer have a care model",
            "n",
        ),
    ),
    Direction(
        "interview",
        "model_adapted",
        gained=ngettext_lazy(
            "%(subject)s has adapted its care model for migrant children",
            "%(subject)s have adapted their care models for migrant children",
            "n",
        ),
        lost=ngettext_lazy(
            "%(subject)s no longer has a care model adapted for migrant children",
            "%(subject)s no longer have a care model adapted for migrant children",
            "n",
        ),
    ),
    Direction(
        "interview",
        "resources_available",
        gained=ngettext_lazy(
            "%(subject)s now has resources: %(option)s",
            "%(subject)s now have resources: %(option)s",
            "n",
        ),
        lost=ngettext_lazy(
            "%(subject)s no longer has resources: %(option)s",
            "%(subject)s no longer have resources: %(option)s",
            "n",
        ),
    ),
    Direction(
        "interview",
        "special_situation_guidelines",
        gained=ngettext_lazy(
            "%(subject)s has guidelines for specific situations",
            "%(subject)s have guidelines for specific situations",
            "n",
        ),
        lost=ngettext_lazy(
            "%(subject)s no longer has guidelines for specific situations",
            "%(subject)s no longer have guidelines for specific situations",
            "n",
        ),
    ),
    Direction(
        "interview",
        "main_needs",
        Kind.NEED,
        gained=ngettext_lazy(
            "%(subject)s now names a main need: %(option)s",
            "%(subject)s now name a main need: %(option)s",
            "n",
        ),
        lost=ngettext_lazy(
            "%(subject)s no longer names a main need: %(option)s",
            "%(subject)s no longer name a main need: %(option)s",
            "n",
        ),
    ),
    Direction(
        "interview",
        "main_challenges",
        Kind.NEED,
        gained=ngettext_lazy(
            "%(subject)s now names a main challenge: %(option)s",
            "%(subject)s now name a main challenge: %(option)s",
            "n",
        ),
        lost=ngettext_lazy(
            "%(subject)s no longer names a main challenge: %(option)s",
            "%(subject)s no longer name a main challenge: %(option)s",
            "n",
        ),
    ),
    Direction(
        "interview",
        "technical_support",
        Kind.NEED,
        gained=ngettext_lazy(
            "%(subject)s now asks for support: %(option)s",
            "%(subject)s now ask for support: %(option)s",
            "n",
        ),
        lost=ngettext_lazy(
            "%(subject)s no longer asks for support: %(option)s",
            "%(subject)s no longer ask for support: %(option)s",
            "n",
        ),
    ),
    Direction(
        "observation",
        "easily_accessible",
        gained=ngettext_lazy(
            "%(subject)s is now easily accessible", "%(subject)s are now easily accessible", "n"
        ),
        lost=ngettext_lazy(
            "%(subject)s is no longer easily accessible",
            "%(subject)s are no longer easily accessible",
            "n",
        ),
    ),
    Direction(
        "observation",
        "visibly_identifiable",
        gained=ngettext_lazy(
            "%(subject)s is now visibly identifiable",
            "%(subject)s are now visibly identifiable",
            "n",
        ),
        lost=ngettext_lazy(
            "%(subject)s is no longer visibly identifiable",
            "%(subject)s are no longer visibly identifiable",
            "n",
        ),
    ),
    *(
        Direction("observation", code)
        for code in (
            "has_reception_area",
            "has_dormitories",
            "dormitories_divided",
            "has_toilets_showers",
            "toilets_divided",
            "has_kitchen",
            "has_dining_area",
            "has_recreation_area",
            "has_washing_area",
            "has_medical_area",
            "has_psychological_area",
            "has_social_work_area",
            "has_legal_department",
            "has_communications_area",
        )
    ),
)


def _index(directions: tuple[Direction, ...]) -> dict[tuple[str, str], Direction]:
    index: dict[tuple[str, str], Direction] = {}
    for direction in directions:
        key = (direction.instrument, direction.item)
        if key in index:
            raise ValueError(f"Direction: {key} listed twice")
        index[key] = direction
    return index


DIRECTION_BY_ITEM = _index(DIRECTIONS)


def direction(instrument: str, item: str) -> Direction | None:
    return DIRECTION_BY_ITEM.get((instrument, item))
