"""Typed, declarative description of a fieldwork instrument.

One `Instrument` per questionnaire drives the form's sections and widgets, the skip logic,
submit validation, the read-only view, results and export columns. The dataclasses are frozen
and check themselves when built, so a typo in a code or a condition fails at import time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Label = str | Promise

_CODE = re.compile(r"^[a-z][a-z0-9_]*$")


class ItemType(StrEnum):
    YESNO = "yesno"
    MULTI = "multi"
    SINGLE = "single"
    TEXT = "text"
    INT = "int"
    DECIMAL = "decimal"
    DATE = "date"
    CENTRE = "centre"
    USER = "user"
    REPEAT = "repeat"


CHOICE_TYPES = {ItemType.SINGLE, ItemType.MULTI}
#: Items with no model column of their own on the record (repeat groups are related rows).
NO_COLUMN_TYPES = {ItemType.REPEAT}


def _check_versions(what: str, since: int, until: int | None) -> None:
    if since < 1 or (until is not None and until <= since):
        raise ValueError(f"{what}: versions run from `since` (1 or later) to before `until`")


def in_versions(version: int, since: int, until: int | None) -> bool:
    return since <= version and (until is None or version < until)


@dataclass(frozen=True)
class Option:
    code: str
    label: Label
    #: The instrument versions that offer the option: `since` up to, not including, `until`.
    since: int = 1
    until: int | None = None

    def __post_init__(self) -> None:
        if not _CODE.match(self.code):
            raise ValueError(f"Bad option code {self.code!r}")
        _check_versions(self.code, self.since, self.until)

    def offered_in(self, version: int) -> bool:
        return in_versions(version, self.since, self.until)


@dataclass(frozen=True)
class Condition:
    """`relevant if <code> = <equals>`."""

    code: str
    equals: bool | str

    def holds(self, answers: Mapping[str, Any]) -> bool:
        value = answers.get(self.code)
        if isinstance(value, list | tuple):
            return self.equals in value
        return value == self.equals


@dataclass(frozen=True)
class Item:
    code: str
    type: ItemType
    label: Label
    options: tuple[Option, ...] = ()
    notes: bool = False
    notes_label: Label = _("Notes")
    relevant: Condition | None = None
    required: bool = True
    personal: bool = False
    long_text: bool = False
    help_text: Label = ""
    #: How a Yes reads in the findings ("Known in 2 private and 1 public CAS").
    finding_yes: Label = _("Yes")
    #: A few words for a narrow column heading ("Reception"); the label if not given.
    short_label: Label = ""
    #: The largest answer a number item takes (every number is at least 0).
    max_value: int | None = None
    #: The instrument versions that ask the item: `since` up to, not including, `until`. A
    #: record of another version was *not asked* it (counted apart, never as a No).
    since: int = 1
    until: int | None = None

    def __post_init__(self) -> None:
        if not _CODE.match(self.code):
            raise ValueError(f"Bad item code {self.code!r}")
        _check_versions(self.code, self.since, self.until)
        if (self.type in CHOICE_TYPES) != bool(self.options):
            raise ValueError(f"{self.code}: options go with single and multi items only")
        codes = [o.code for o in self.options]
        if len(codes) != len(set(codes)):
            raise ValueError(f"{self.code}: duplicate option codes")
        if self.max_value is not None and self.type not in (ItemType.INT, ItemType.DECIMAL):
            raise ValueError(f"{self.code}: max_value goes with number items only")

    @property
    def notes_code(self) -> str:
        return f"{self.code}_notes"

    def asked_in(self, version: int) -> bool:
        return in_versions(version, self.since, self.until)

    @property
    def versioned(self) -> bool:
        """Some version does not ask the item, or does not offer one of its options."""
        return (self.since, self.until) != (1, None) or any(
            (o.since, o.until) != (1, None) for o in self.options
        )

    def options_in(self, version: int) -> tuple[Option, ...]:
        return tuple(o for o in self.options if o.offered_in(version))

    @property
    def has_column(self) -> bool:
        return self.type not in NO_COLUMN_TYPES

    @property
    def short(self) -> Label:
        return self.short_label or self.label

    @property
    def option_codes(self) -> tuple[str, ...]:
        return tuple(o.code for o in self.options)

    def option_label(self, code: str) -> Label:
        for option in self.options:
            if option.code == code:
                return option.label
        return code

    def is_empty(self, value: Any) -> bool:
        return value is None or value == "" or value == [] or value == ()

    def display(self, value: Any) -> str:
        """The answer as a person reads it."""
        if self.is_empty(value):
            return str(_("Not answered"))
        if self.type == ItemType.YESNO:
            return str(_("Yes") if value else _("No"))
        if self.type == ItemType.SINGLE:
            return str(self.option_label(value))
        if self.type == ItemType.MULTI:
            return ", ".join(str(self.option_label(v)) for v in value)
        if self.type == ItemType.DATE and isinstance(value, date):
            return formats.date_format(value, "DATE_FORMAT")
        if self.type == ItemType.DECIMAL and isinstance(value, Decimal):
            return f"{value.normalize():f}"
        if self.type == ItemType.USER:
            return value.get_full_name() or value.get_username()
        return str(value)


@dataclass(frozen=True)
class Section:
    code: str
    title: Label
    items: tuple[Item, ...]


#: Said of an item that the version of the instrument a record was filled with did not ask.
NOT_ASKED_IN_VERSION = _("Not asked in this version")


@dataclass(frozen=True)
class Instrument:
    code: str
    title: Label
    sections: tuple[Section, ...]
    #: The current version: new records store it (`Record.spec_version`). Raise it when an
    #: item or option is added (`since`) or removed (`until`); records keep theirs.
    version: int = 1
    _by_code: dict[str, Item] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_code: dict[str, Item] = {}
        for item in self.items:
            for what, since, until in (
                (item.code, item.since, item.until),
                *((f"{item.code}.{o.code}", o.since, o.until) for o in item.options),
            ):
                if since > self.version or (until is not None and until > self.version + 1):
                    raise ValueError(f"{what}: versions beyond the instrument's {self.version}")
            if item.code in by_code:
                raise ValueError(f"{self.code}: duplicate item code {item.code!r}")
            if item.relevant is not None:
                target = by_code.get(item.relevant.code)
                if target is None:
                    raise ValueError(
                        f"{item.code}: relevance names {item.relevant.code!r}, "
                        "which must be an earlier item"
                    )
                valid = {True, False} if target.type == ItemType.YESNO else set(target.option_codes)
                if item.relevant.equals not in valid:
                    raise ValueError(f"{item.code}: relevance value not an answer of its target")
            by_code[item.code] = item
        object.__setattr__(self, "_by_code", by_code)

    @property
    def items(self) -> Iterator[Item]:
        for section in self.sections:
            yield from section.items

    def item(self, code: str) -> Item:
        return self._by_code[code]

    def section(self, code: str) -> Section:
        return next(s for s in self.sections if s.code == code)

    @property
    def column_codes(self) -> list[str]:
        """Every model column the spec defines, in codebook order (notes after their item)."""
        codes: list[str] = []
        for item in self.items:
            if item.has_column:
                codes.append(item.code)
            if item.notes:
                codes.append(item.notes_code)
        return codes

    @property
    def form_field_codes(self) -> list[str]:
        """Columns a person types into (the interviewer is the logged-in user)."""
        skip = {i.code for i in self.items if i.type == ItemType.USER}
        return [c for c in self.column_codes if c not in skip]

    def relevant_items(self, answers: Mapping[str, Any], version: int | None = None) -> list[Item]:
        """The items asked given these answers (skip logic) in `version` (default: current)."""
        version = self.version if version is None else version
        return [
            i
            for i in self.items
            if i.asked_in(version) and (i.relevant is None or i.relevant.holds(answers))
        ]

    @property
    def versions(self) -> range:
        return range(1, self.version + 1)

    def versions_asking(self, item: Item) -> list[int]:
        """The versions (up to the current) that ask `item`: a database filter's values."""
        return [v for v in self.versions if item.asked_in(v)]


# Small builders keep the instrument modules close to the codebook's tables.


def yesno(code: str, label: Label, *, notes: bool = True, **kw: Any) -> Item:
    return Item(code, ItemType.YESNO, label, notes=notes, **kw)


def multi(code: str, label: Label, options: tuple[Option, ...], **kw: Any) -> Item:
    kw.setdefault("notes", True)
    return Item(code, ItemType.MULTI, label, options=options, **kw)


def single(code: str, label: Label, options: tuple[Option, ...], **kw: Any) -> Item:
    return Item(code, ItemType.SINGLE, label, options=options, **kw)


def text(code: str, label: Label, **kw: Any) -> Item:
    return Item(code, ItemType.TEXT, label, **kw)


def options(*pairs: tuple[str, Label]) -> tuple[Option, ...]:
    return tuple(Option(code, label) for code, label in pairs)


YES_NO_CHOICES = ((True, _("Yes")), (False, _("No")))
