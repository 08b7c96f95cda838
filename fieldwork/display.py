"""The read-only view of a record, section by section, driven by its spec."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import Record
from .spec import NOT_ASKED_IN_VERSION, Item, ItemType, Section


@dataclass
class AnswerRow:
    item: Item
    answer: str | list[str]
    notes: str
    answered: bool
    #: False when skip logic did not ask the item of this record: *not applicable*, which is
    #: not the same as *not answered*.
    applicable: bool = True
    #: False when the version of the instrument the record was filled with did not ask it.
    in_version: bool = True


@dataclass
class AnswerSection:
    section: Section
    rows: list[AnswerRow]


def answer_sections(record: Record) -> list[AnswerSection]:
    result = []
    answers = {i.code: getattr(record, i.code) for i in record.spec.items if i.has_column}
    for section in record.spec.sections:
        rows = []
        for item in section.items:
            if not item.asked_in(record.spec_version):
                rows.append(AnswerRow(item, str(NOT_ASKED_IN_VERSION), "", False, False, False))
                continue
            if item.type == ItemType.REPEAT:
                entries = [str(row) for row in getattr(record, item.code).all()]
                rows.append(AnswerRow(item, entries, "", bool(entries)))
                continue
            value = getattr(record, item.code)
            if item.relevant is not None and not item.relevant.holds(answers):
                rows.append(AnswerRow(item, str(_("Not applicable")), "", False, applicable=False))
                continue
            notes = getattr(record, item.notes_code) if item.notes else ""
            rows.append(AnswerRow(item, item.display(value), notes, not item.is_empty(value)))
        result.append(AnswerSection(section, rows))
    return result
