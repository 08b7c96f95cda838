"""Reads for the coding screen: the notes of the counted records, and whether each is coded."""

import hashlib
import re
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from centres.models import Sector
from fieldwork.spec import ItemType
from reports.filters import ReportFilters
from reports.selectors import counted_records

from .models import CodedNote, Theme
from .notes import INSTRUMENTS, CodableItem, codable_items

#: What stands in a note for the respondent's name.
MASK = "[…]"
#: Short words of names that are ordinary words too ("María del Carmen").
_NAME_WORDS_KEPT = {"del", "las", "los", "san", "santa", "van", "von"}


def mask_names(text: str, names: list[str]) -> str:
    """The text with each name (and each of its words of 3 letters or more) masked."""
    parts: set[str] = set()
    for name in names:
        name = " ".join(name.split())
        if len(name) >= 3:
            parts.add(name)
        parts |= {
            w
            for w in re.split(r"[\W_]+", name)
            if len(w) >= 3 and w.casefold() not in _NAME_WORDS_KEPT
        }
    for part in sorted(parts, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(part)}(?!\w)", MASK, text, flags=re.IGNORECASE)
    return text


def note_digest(text: str) -> str:
    """The note's text as coded, for telling later whether it was edited (spaces collapsed:
    re-spacing is not an edit)."""
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()


def normalised(text: str) -> str:
    """For comparing a quote with its note: spaces collapsed, case folded, quotes dropped."""
    return " ".join(text.split()).casefold()


@dataclass
class Note:
    codable: CodableItem
    record_id: int
    centre: str
    sector: str
    #: The note as coders see it: the respondent's name masked.
    text: str
    coded: bool = False
    #: Coded, then the note was edited: its coding is to be checked again.
    changed: bool = False
    #: Names the note must not quote (never shown).
    personal: list[str] = field(default_factory=list, repr=False)
    #: `note_digest` of the note's text as stored (not masked).
    digest: str = field(default="", repr=False)

    @property
    def to_code(self) -> bool:
        """Not coded yet, or coded before its last edit."""
        return not self.coded or self.changed

    @property
    def ref(self) -> str:
        return f"{self.codable.instrument}-{self.record_id}"

    @property
    def sector_label(self) -> str:
        return Sector(self.sector).label if self.sector in Sector.values else self.sector

    @property
    def key(self) -> tuple[str, int, str]:
        return (self.codable.instrument, self.record_id, self.codable.code)


def parse_ref(ref: str) -> tuple[str, int] | None:
    """`interview-12` -> ("interview", 12); None when malformed."""
    instrument, _sep, number = (ref or "").partition("-")
    if instrument not in INSTRUMENTS or not number.isascii() or not number.isdigit():
        return None
    value = int(number)
    return (instrument, value) if 0 < value < 2**63 else None


def notes(item: CodableItem | None = None, filters: ReportFilters | None = None) -> list[Note]:
    """The non-empty notes of the counted records (of one item, or all), in codebook order and
    by centre; each says whether it is coded. One query per instrument, and one for the coding.
    """
    filters = filters or ReportFilters()
    items = [item] if item is not None else list(codable_items())
    found: list[Note] = []
    coded_q = Q(pk__in=[])
    for instrument, model in INSTRUMENTS.items():
        mine = [i for i in items if i.instrument == instrument]
        if not mine:
            continue
        personal = [i.code for i in model.spec.items if i.personal and i.type == ItemType.TEXT]
        # Each round's counted records have their notes coded.
        records = counted_records(filters, model, per_round=filters.round is None)
        rows = records.values(
            "pk", "centre__name", "centre__sector", *personal, *{i.field for i in mine}
        ).order_by("centre__name", "pk")
        for codable in mine:
            for row in rows:
                text = (row[codable.field] or "").strip()
                if not text:
                    continue
                names = [row[code] for code in personal if row[code]]
                found.append(
                    Note(codable, row["pk"], row["centre__name"], row["centre__sector"],
                         mask_names(text, names), personal=names, digest=note_digest(text))
                )  # fmt: skip
        content_type = ContentType.objects.get_for_model(model)
        coded_q |= Q(
            content_type=content_type,
            object_id__in=records.values("pk"),
            item__in=[i.code for i in mine],
        )
    models_by_type = {
        ContentType.objects.get_for_model(m).pk: code for code, m in INSTRUMENTS.items()
    }
    coded = {
        (models_by_type[ct], object_id, item): digest
        for ct, object_id, item, digest in CodedNote.objects.filter(coded_q).values_list(
            "content_type_id", "object_id", "item", "note_digest"
        )
    }
    for note in found:
        note.coded = note.key in coded
        stored = coded.get(note.key)
        note.changed = bool(stored) and stored != note.digest
    return found


def coded_note(note: Note) -> CodedNote | None:
    model = INSTRUMENTS[note.codable.instrument]
    return (
        CodedNote.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id=note.record_id,
            item=note.codable.code,
        )
        .prefetch_related("themes")
        .first()
    )


def themes_for(codable: CodableItem, chosen: list[Theme] = ()) -> list[Theme]:
    """The active themes that code this item, and any already given to the note."""
    chosen_ids = [t.pk for t in chosen]
    return list(
        Theme.objects.filter(Q(active=True, items__has=codable.code) | Q(pk__in=chosen_ids))
    )


def next_uncoded(all_notes: list[Note], after: Note | None = None) -> Note | None:
    """The first note to code after `after` (wrapping round), or the first one at all: not
    coded yet, or edited since it was coded."""
    start = 0
    if after is not None:
        start = next((i + 1 for i, n in enumerate(all_notes) if n.key == after.key), 0)
    ordered = all_notes[start:] + all_notes[:start]
    return next((n for n in ordered if n.to_code and (after is None or n.key != after.key)), None)
