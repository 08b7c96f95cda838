"""A readable change log of a record and its related rows, from django-simple-history.

Saves are read as a person made them: consecutive saves by one user (an autosave every few
seconds, a submit at the end), each within `SESSION_GAP` of the one before and with no other
user's save between, are one entry: what each answer was before the session and after it,
the rows added, changed or removed (named by what they hold), who, and from when to when.
Answers are named by the instrument's question labels and shown as a person reads them.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import models
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .spec import ItemType

IGNORED = {"updated_at", "created_at", "version", "last_save_id"}
#: Columns of records and related rows that nobody reads in a history: ids, sizes, files.
NOT_SHOWN = IGNORED | {"id", "uid", "width", "height", "uploaded_by", "image", "thumbnail"}
#: Columns about the record, not answers, that a reviewer still needs to see change (a record
#: moved to another round is counted elsewhere).
REVIEWED_META = frozenset({"round"})
#: Saves of one user further apart than this are two sessions.
SESSION_GAP = timedelta(minutes=30)
#: A change's reason in the history when a spreadsheet import wrote it, before the file's name
#: (imports/services.py); shown in the reader's language.
IMPORTED_FROM = "Imported from "


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class LogEntry:
    when: datetime
    who: str
    what: str
    changes: list[Change] = field(default_factory=list)
    #: Related rows added or removed in the session, each a sentence naming the row.
    events: list[str] = field(default_factory=list)
    #: The session's first save, when it began at least a minute before `when` (its last).
    started: datetime | None = None
    #: How many saves the session grouped.
    saves: int = 1
    #: Why the session's saves were made, when something other than a form made them (an
    #: import from a spreadsheet).
    reason: str = ""

    @property
    def same_day(self) -> bool:
        start = self.started or self.when
        return timezone.localtime(start).date() == timezone.localtime(self.when).date()

    @property
    def saves_text(self) -> str:
        return ngettext("%(n)s save", "%(n)s saves", self.saves) % {"n": self.saves}


def _who(entry) -> str:
    user = entry.history_user
    if user is None:
        return _("system")
    return user.get_full_name() or user.get_username()


def _model_label(model) -> str:
    return capfirst(str(model._meta.verbose_name))


def _label(model, name: str) -> str:
    """The question's label for a spec item (its notes too), else the column's name."""
    spec = getattr(model, "spec", None)
    if spec is not None:
        try:
            return str(spec.item(name).label)
        except KeyError:
            pass
        if name.endswith("_notes"):
            try:
                item = spec.item(name.removesuffix("_notes"))
            except KeyError:
                item = None
            if item is not None and item.notes:
                return f"{item.label} ({str(item.notes_label).lower()})"
    return capfirst(str(model._meta.get_field(name).verbose_name))


class _Names:
    """Related objects named by their id, each looked up once per log."""

    def __init__(self):
        self._found: dict[tuple[type, object], str] = {}

    def __call__(self, model, pk) -> str:
        key = (model, pk)
        if key not in self._found:
            obj = model._default_manager.filter(pk=pk).first()
            if obj is None:
                self._found[key] = "—"
            elif hasattr(obj, "get_full_name"):
                self._found[key] = obj.get_full_name() or obj.get_username()
            else:
                self._found[key] = str(obj)
        return self._found[key]


def _display(record_model, name: str, value, names: _Names | None = None) -> str:
    spec = getattr(record_model, "spec", None)
    if spec is not None:
        try:
            item = spec.item(name)
        except KeyError:
            item = None
        if item is not None and item.type not in (ItemType.CENTRE, ItemType.USER):
            return item.display(value)
    if value in (None, ""):
        return "—"
    model_field = record_model._meta.get_field(name)
    if model_field.is_relation:
        return (names or _Names())(model_field.related_model, value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


def _diff(model, before, after, names: _Names) -> list[Change]:
    delta = after.diff_against(before, excluded_fields=NOT_SHOWN)
    return [
        Change(
            _label(model, c.field),
            _display(model, c.field, c.old, names),
            _display(model, c.field, c.new, names),
        )
        for c in delta.changes
    ]


def _in_row_text(model, change: Change) -> bool:
    """Whether a row's text (its `__str__`, built from its text columns) shows this column."""
    return any(
        isinstance(f, models.CharField) and _label(model, f.name) == change.label
        for f in model._meta.fields
    )


@dataclass
class _Save:
    entry: object  # a historical row
    model: type
    is_record: bool

    @property
    def key(self) -> tuple[type, object]:
        return (self.model, self.entry.id)


def _reason(entry) -> str:
    return getattr(entry, "history_change_reason", None) or ""


def reason_text(reason: str) -> str:
    """A change's reason as the reader reads it."""
    if reason.startswith(IMPORTED_FROM):
        return _("Imported from %(file)s") % {"file": reason.removeprefix(IMPORTED_FROM)}
    return reason


def _sessions(saves: list[_Save]) -> list[list[_Save]]:
    """Consecutive saves of one user, each within SESSION_GAP of the one before."""
    sessions: list[list[_Save]] = []
    for save in saves:
        last = sessions[-1][-1].entry if sessions else None
        if (
            last is not None
            and last.history_user_id == save.entry.history_user_id
            and save.entry.history_date - last.history_date <= SESSION_GAP
            and _reason(last) == _reason(save.entry)
        ):
            sessions[-1].append(save)
        else:
            sessions.append([save])
    return sessions


_REVIEWED = {
    "submitted": lambda label: _("%s submitted") % label,
    "approved": lambda label: _("%s approved") % label,
    "returned": lambda label: _("%s returned for changes") % label,
}


def _session_entry(session: list[_Save], previous: dict, names: _Names) -> LogEntry | None:
    """One session as one entry (None when it changed nothing a person reads)."""
    by_object: dict[tuple, list[_Save]] = {}
    for save in session:
        by_object.setdefault(save.key, []).append(save)
    changes: list[Change] = []
    events: list[str] = []
    headlines: list[str] = []
    record_what = None
    for key, saves in by_object.items():
        model, first, last = saves[0].model, saves[0].entry, saves[-1].entry
        before = previous.get(key)
        label = _model_label(model)
        created = first.history_type == "+"
        deleted = last.history_type == "-"
        if created and before is None:
            before = first
        if saves[0].is_record:
            if deleted:
                record_what = _("%s deleted") % label
                continue
            if before is not None:
                diff = _diff(model, before, last, names)
                changes += diff
                status = getattr(last, "status", None)
                if status != getattr(before, "status", None) and status in _REVIEWED:
                    record_what = _REVIEWED[status](label)
            if created:
                record_what = _("%s created") % label
            elif record_what is None and changes:
                record_what = _("%s changed") % label
            continue
        # A related row (an actor, a photo): named by what it holds.
        if created:
            added = first if deleted else last
            events.append(_("%(thing)s added: %(row)s") % {"thing": label, "row": added.instance})
            headlines.append(_("%s created") % label)
        if deleted:
            events.append(_("%(thing)s removed: %(row)s") % {"thing": label, "row": last.instance})
            headlines.append(_("%s deleted") % label)
        elif before is not None:
            diff = _diff(model, before, last, names)
            if created:
                # Added in this session: its text names it as it is now; only what the text
                # does not show (a photo's blurred areas) is listed.
                diff = [c for c in diff if not _in_row_text(model, c)]
            for change in diff:
                change.label = f"{label} ({last.instance}) · {change.label}"
            changes += diff
            if diff and not created:
                headlines.append(_("%s changed") % label)
    for key, saves in by_object.items():
        previous[key] = saves[-1].entry
    if record_what is None:
        if not headlines:
            return None
        if len(headlines) == 1:
            record_what = headlines[0]
        else:
            record_model = next((s.model for s in session if s.is_record), None)
            record_what = _("%s changed") % _model_label(record_model or session[0].model)
    first_at, last_at = session[0].entry.history_date, session[-1].entry.history_date
    record_saves = sum(1 for s in session if s.is_record)
    return LogEntry(
        when=last_at,
        who=_who(session[-1].entry),
        what=record_what,
        changes=changes,
        events=events,
        started=first_at if last_at - first_at >= timedelta(minutes=1) else None,
        saves=record_saves or len(session),
        reason=reason_text(_reason(session[-1].entry)),
    )


def change_log(record, related: dict[str, type] | None = None) -> list[LogEntry]:
    """Newest first: one entry per save session of the record and its rows related by
    `<fk>_id` (see the module's docstring)."""
    model = type(record)
    own = record.history.select_related("history_user").order_by("history_date", "history_id")
    saves = [_Save(entry, model, True) for entry in own]
    for fk, row_model in (related or {}).items():
        rows = (
            row_model.history.filter(**{f"{fk}_id": record.pk})
            .select_related("history_user")
            .order_by("history_date", "history_id")
        )
        saves += [_Save(entry, row_model, False) for entry in rows]
    # The record is saved just before its rows: at the same instant, it comes first.
    saves.sort(key=lambda s: (s.entry.history_date, not s.is_record, s.entry.history_id))
    previous: dict = {}
    names = _Names()
    log = [_session_entry(session, previous, names) for session in _sessions(saves)]
    return sorted((e for e in log if e is not None), key=lambda e: e.when, reverse=True)


def _row_texts(model, fk: str, record_pk: int, until: datetime | None) -> list[str]:
    """The related rows as they were just before `until` (or as they are now)."""
    if until is None:
        return [str(row) for row in model.objects.filter(**{f"{fk}_id": record_pk}).order_by("pk")]
    latest = {}
    history = model.history.filter(**{f"{fk}_id": record_pk, "history_date__lt": until})
    for entry in history.order_by("history_date", "history_id"):
        latest[entry.id] = entry
    return [str(e.instance) for _, e in sorted(latest.items()) if e.history_type != "-"]


def _answer(model, name: str, value) -> str:
    model_field = model._meta.get_field(name)
    if model_field.is_relation and value is not None:
        related = model_field.related_model.objects.filter(pk=value).first()
        return str(related) if related is not None else "—"
    return _display(model, name, value)


def changes_since(record, version: int | None, related: dict[str, type] | None = None):
    """The answers that differ between the record's stored `version` and the record now.

    A list of `Change` (`old` as it was in that version, `new` as it is now), or None when that
    version is not in the history.
    """
    if version is None:
        return None
    history = record.history.order_by("history_date", "history_id")
    seen = history.filter(version=version).last()
    now = history.last()
    if seen is None or now is None:
        return None
    model = type(record)
    delta = now.diff_against(seen, excluded_fields=IGNORED | (model.META_FIELDS - REVIEWED_META))
    changes = [
        Change(
            capfirst(str(model._meta.get_field(c.field).verbose_name)),
            _answer(model, c.field, c.old),
            _answer(model, c.field, c.new),
        )
        for c in delta.changes
    ]
    # Related rows are saved just after their record: as they were until the next version.
    following = history.filter(version__gt=version).first()
    until = following.history_date if following is not None else None
    for fk, related_model in (related or {}).items():
        before = _row_texts(related_model, fk, record.pk, until)
        after = _row_texts(related_model, fk, record.pk, None)
        if before != after:
            label = str(related_model._meta.verbose_name_plural).capitalize()
            changes.append(Change(label, "; ".join(before) or "—", "; ".join(after) or "—"))
    return changes
