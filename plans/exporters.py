"""The workbook's `Plan` sheet (one row per action) and `Programme` sheet (the programme page's
rows: centres and actions by status, per action, area and priority)."""

from collections.abc import Iterator
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy

from centres.models import Sector
from reports.exporters import CHUNK, Exporter

from .models import ActionStatus, Area, Priority
from .rules import RULES_BY_CODE
from .selectors import Programme, programme, programme_actions


def _local(moment):
    """A workbook holds no time zones: the time as read in the app's zone."""
    return timezone.localtime(moment).replace(tzinfo=None)


class PlanExporter(Exporter):
    """Every action of the centres within the filters, dropped and obsolete ones included."""

    sheet = gettext_lazy("Plan")

    def __init__(self, filters):
        self.filters = filters

    def header(self) -> list[str]:
        return [
            *("id", "centre_id", "centre", "sector", "state", "area", "priority", "rule"),
            *("title", "text", "owner", "due", "status", "obsolete", "created", "updated"),
        ]

    def columns_widths(self) -> list[int]:
        return [8, 9, 36, 10, 14, 16, 10, 30, 40, 60, 24, 12, 12, 9, 18, 18]

    def rows(self) -> Iterator[list[Any]]:
        area, priority, status = (self.choice(c.choices) for c in (Area, Priority, ActionStatus))
        sector = self.choice(Sector.choices)
        actions = (
            programme_actions(self.filters)
            .select_related("centre")
            .order_by("centre__name", "centre_id", "pk")
        )
        for action in actions.iterator(chunk_size=CHUNK):
            rule = RULES_BY_CODE.get(action.rule) if action.rule else None
            yield [
                action.pk,
                action.centre_id,
                action.centre.name,
                sector(action.centre.sector),
                action.centre.state,
                area(action.area),
                priority(action.priority),
                action.rule or "",
                action.title or (str(rule.title) if rule else ""),
                action.text or (str(rule.text) if rule else ""),
                action.owner,
                action.due,
                status(action.status),
                int(action.obsolete),
                _local(action.created_at),
                _local(action.updated_at),
            ]


class ProgrammeExporter(Exporter):
    sheet = gettext_lazy("Programme")

    def __init__(self, result: Programme):
        self.result = result

    def header(self) -> list[str]:
        return ["area", "priority", "rule", "action", "centres", "of", "public", "private",
                *ActionStatus.values, "actions", "obsolete"]  # fmt: skip

    def columns_widths(self) -> list[int]:
        return [16, 10, 30, 50, 9, 6, 9, 9, *(11 for _s in ActionStatus.values), 9, 9]

    def rows(self) -> Iterator[list[Any]]:
        area, priority = self.choice(Area.choices), self.choice(Priority.choices)
        for row in self.result.rows:
            yield [
                area(row.area),
                priority(row.priority),
                row.rule or "",
                row.title,
                row.centres,
                self.result.centres,
                row.public,
                row.private,
                *row.status_counts(),
                row.total,
                row.obsolete,
            ]


def plan_sheets(filters, **options) -> list[Exporter]:
    return [PlanExporter(filters), ProgrammeExporter(programme(filters))]
