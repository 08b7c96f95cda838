"""The read-only view of a record, section by section, driven by its spec."""

from dataclasses import dataclass

from .models import Record
from .spec import Item, ItemType, Section


@dataclass
class AnswerRow:
    item: Item
    answer: str | list[str]
    notes: str
    answered: bool


@dataclass
class AnswerSection:
    section: Section
    rows: list[AnswerRow]


def answer_sections(record: Record) -> list[AnswerSection]:
    result = []
    for section in record.spec.sections:
        rows = []
        for item in section.items:
            if item.type == ItemType.REPEAT:
                entries = [str(row) for row in getattr(record, item.code).all()]
                rows.append(AnswerRow(item, entries, "", bool(entries)))
                continue
            value = getattr(record, item.code)
            notes = getattr(record, item.notes_code) if item.notes else ""
            rows.append(AnswerRow(item, item.display(value), notes, not item.is_empty(value)))
        result.append(AnswerSection(section, rows))
    return result
