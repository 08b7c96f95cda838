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
