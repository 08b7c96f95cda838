"""Writes of the coding app: themes and the coding of notes, each kept in the history."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from .models import CodedNote, NoteTheme, Theme
from .notes import INSTRUMENTS


def save_theme(form) -> Theme:
    """Create or change a theme from its validated form."""
    return form.save()


def set_theme_active(theme: Theme, active: bool) -> Theme:
    if theme.active != active:
        theme.active = active
        theme.save(update_fields=["active"])
    return theme


@transaction.atomic
def code_note(
    *, instrument: str, record_id: int, item: str, themes, quote: str, coder, digest: str = ""
) -> CodedNote:
    """Give one note of a record its themes (any number, none meaning "no theme applies") and
    its quote; `digest` is the note's text as the coder saw it (`selectors.note_digest`).
    Saving the same coding of the same text again changes nothing and adds no history; saving
    it after the note was edited confirms it for the new text."""
    content_type = ContentType.objects.get_for_model(INSTRUMENTS[instrument])
    note, created = CodedNote.objects.get_or_create(
        content_type=content_type,
        object_id=record_id,
        item=item,
        defaults={"quote": quote, "coder": coder, "note_digest": digest},
    )
    # One coder at a time changes a note's themes (PostgreSQL; SQLite serialises writes).
    note = CodedNote.objects.select_for_update().get(pk=note.pk)
    wanted = {theme.pk for theme in themes}
    current = {row.theme_id: row for row in note.note_themes.all()}
    changed = created
    for theme_id, row in current.items():
        if theme_id not in wanted:
            row.delete()
            changed = True
    for theme_id in wanted - current.keys():
        NoteTheme.objects.create(note=note, theme_id=theme_id)
        changed = True
    if not created and (note.quote != quote or changed or note.note_digest != digest):
        note.quote = quote
        note.coder = coder
        note.note_digest = digest
        note.save()
    return note
