"""A readable change log of a record and its related rows, from django-simple-history."""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext as _

from .spec import ItemType

IGNORED = {"updated_at", "created_at", "version", "last_save_id"}


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


def _who(entry) -> str:
    user = entry.history_user
    if user is None:
        return _("system")
    return user.get_full_name() or user.get_username()


def _display(record_model, name: str, value) -> str:
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
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    return str(value)


def _entries(history, model, label: str) -> list[LogEntry]:
    """Pairwise diffs over one object's (or several objects') history, oldest first."""
    log = []
    previous = {}
    for entry in history:
        key = entry.id
        before = previous.get(key)
        if entry.history_type == "+":
            log.append(LogEntry(entry.history_date, _who(entry), _("%s created") % label))
        elif entry.history_type == "-":
            log.append(LogEntry(entry.history_date, _who(entry), _("%s deleted") % label))
        elif before is not None:
            delta = entry.diff_against(before, excluded_fields=IGNORED)
            changes = [
                Change(
                    str(model._meta.get_field(c.field).verbose_name),
                    _display(model, c.field, c.old),
                    _display(model, c.field, c.new),
                )
                for c in delta.changes
            ]
            if changes:
                log.append(LogEntry(entry.history_date, _who(entry), _("%s changed") % label,
                                    changes))  # fmt: skip
        previous[key] = entry
    return log


def change_log(record, related: dict[str, type] | None = None) -> list[LogEntry]:
    """Newest first: the record's own changes, then rows related by `<fk>_id`."""
    own = record.history.select_related("history_user").order_by("history_date", "history_id")
    log = _entries(own, type(record), str(record._meta.verbose_name).capitalize())
    for fk, model in (related or {}).items():
        rows = (
            model.history.filter(**{f"{fk}_id": record.pk})
            .select_related("history_user")
            .order_by("history_date", "history_id")
        )
        log += _entries(rows, model, str(model._meta.verbose_name).capitalize())
    return sorted(log, key=lambda e: e.when, reverse=True)


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
    delta = now.diff_against(seen, excluded_fields=IGNORED | set(model.META_FIELDS))
    changes = [
        Change(
            str(model._meta.get_field(c.field).verbose_name),
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
