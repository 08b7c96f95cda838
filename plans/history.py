"""The change log of a centre's plan: each action's changes (who, when, what from what to
what), from django-simple-history, newest first."""

from datetime import date

from django.utils import formats
from django.utils.translation import gettext as _

from fieldwork.history import IGNORED, Change, LogEntry, _who

from .models import PlanAction


def _display(name: str, value) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    field = PlanAction._meta.get_field(name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def _title(entry) -> str:
    return entry.instance.display_title or _("Action")


def plan_log(centre) -> list[LogEntry]:
    history = (
        PlanAction.history.filter(centre_id=centre.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    log, previous = [], {}
    for entry in history:
        before = previous.get(entry.id)
        title = _title(entry)
        if entry.history_type == "+":
            log.append(
                LogEntry(entry.history_date, _who(entry), _("Proposed or added: %s") % title)
            )
        elif entry.history_type == "-":
            log.append(LogEntry(entry.history_date, _who(entry), _("Deleted: %s") % title))
        elif before is not None:
            delta = entry.diff_against(before, excluded_fields=IGNORED)
            changes = [
                Change(
                    str(PlanAction._meta.get_field(c.field).verbose_name),
                    _display(c.field, c.old),
                    _display(c.field, c.new),
                )
                for c in delta.changes
            ]
            if changes:
                log.append(LogEntry(entry.history_date, _who(entry), _("Changed: %s") % title,
                                    changes))  # fmt: skip
        previous[entry.id] = entry
    return sorted(log, key=lambda e: e.when, reverse=True)
