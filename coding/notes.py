"""The notes and open answers that can be coded: which items, and where their text is kept.

An item is codable when it has a notes companion (`<code>_notes`, "Notes" / "Explain") or is a
long open text answer (`coordination_details`, `centre_profile`, ...). Personal items (the
respondent's name) never are. Item codes are unique across the instruments.
"""

from dataclasses import dataclass
from functools import cache

from django.utils.functional import Promise

from fieldwork.spec import Instrument, Item, ItemType
from interviews.models import Interview
from observations.models import Observation

#: The instruments whose notes are coded, by the spec's code (also the `instrument` column).
INSTRUMENTS: dict[str, type] = {"interview": Interview, "observation": Observation}


@dataclass(frozen=True)
class CodableItem:
    instrument: str
    item: Item
    #: The model field that holds the text.
    field: str

    @property
    def code(self) -> str:
        return self.item.code

    @property
    def label(self) -> str | Promise:
        return self.item.label

    @property
    def text_label(self) -> str | Promise:
        """What the text is: "Notes", "Explain", or the question itself for open answers."""
        return self.item.notes_label if self.field != self.item.code else self.item.label

    @property
    def model(self) -> type:
        return INSTRUMENTS[self.instrument]


def _codable(spec: Instrument) -> list[CodableItem]:
    found = []
    for item in spec.items:
        if item.personal:
            continue
        if item.notes:
            found.append(CodableItem(spec.code, item, item.notes_code))
        elif item.type == ItemType.TEXT and item.long_text:
            found.append(CodableItem(spec.code, item, item.code))
    return found


@cache
def codable_items() -> tuple[CodableItem, ...]:
    """Every codable item, in codebook order (the interview's, then the observation's)."""
    items = tuple(i for model in INSTRUMENTS.values() for i in _codable(model.spec))
    codes = [i.code for i in items]
    if len(codes) != len(set(codes)):
        raise ValueError("Codable item codes must be unique across the instruments")
    return items


def codable_item(code: str) -> CodableItem | None:
    return next((i for i in codable_items() if i.code == code), None)


def codable_codes() -> list[str]:
    return [i.code for i in codable_items()]
