"""The workbook's `Changes` sheet: the overall comparison of the export's round with the round
before it, one row per compared answer (counts then and now by sector, centres that gained and
lost it), then the comparison's sentences. Registered by `ReportsConfig.ready()` through
`extensions.py`, as other apps add theirs."""

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fieldwork.models import Round

from .changes import OUTCOME_LABELS, Comparison, compare_rounds
from .exporters import Exporter
from .filters import ReportFilters


def rounds_to_compare(filters: ReportFilters) -> tuple[Round, Round] | None:
    """The export's round (the latest, when it counts every round) and the one before it."""
    rounds = list(Round.objects.order_by("starts_on", "id"))
    now = next((r for r in rounds if r.pk == filters.round), rounds[-1] if rounds else None)
    if now is None or rounds.index(now) == 0:
        return None
    return rounds[rounds.index(now) - 1], now


class ChangesExporter(Exporter):
    sheet = gettext_lazy("Changes")

    def __init__(self, comparison: Comparison | None):
        self.comparison = comparison

    def header(self) -> list[str]:
        return [
            *("instrument", "code", "question", "answer", "round_then", "round_now"),
            *("then_public", "then_private", "then_total", "now_public", "now_private"),
            *("now_total", "gained", "gained_means", "lost", "lost_means", "sentence"),
        ]

    def header_labels(self, codes: list[str]) -> list[str]:
        labels = {
            "instrument": _("Instrument"),
            "code": _("Code"),
            "question": _("Question"),
            "answer": _("Answer"),
            "round_then": _("Round before"),
            "round_now": _("Round after"),
            "then_public": _("Before: public"),
            "then_private": _("Before: private"),
            "then_total": _("Before: total"),
            "now_public": _("After: public"),
            "now_private": _("After: private"),
            "now_total": _("After: total"),
            "gained": _("Centres that gained it"),
            "gained_means": _("Which means"),
            "lost": _("Centres that lost it"),
            "lost_means": _("Which means"),
            "sentence": _("In words"),
        }
        return [str(labels.get(code, code)) for code in codes]

    def columns_widths(self) -> list[int]:
        return [12, 34, 60, 30, 18, 18, *(9 for _n in range(6)), 9, 14, 9, 14, 80]

    def rows(self) -> Iterator[list[Any]]:
        comparison = self.comparison
        if comparison is None:
            return
        for move in comparison.moves:
            item = move.item
            gained, lost = move.outcome(True), move.outcome(False)
            yield [
                move.direction.instrument,
                move.code,
                str(item.label),
                str(move.option.label) if move.option else _("Yes"),
                comparison.then_round.name,
                comparison.now_round.name,
                move.then.public,
                move.then.private,
                move.then.total,
                move.now.public,
                move.now.private,
                move.now.total,
                move.gained.total,
                str(OUTCOME_LABELS[gained]) if self.labels else gained.value,
                move.lost.total,
                str(OUTCOME_LABELS[lost]) if self.labels else lost.value,
                "; ".join(text for _outcome, text in move.sentences()),
            ]


def changes_sheets(filters, **options) -> list[Exporter]:
    rounds = rounds_to_compare(filters)
    return [ChangesExporter(compare_rounds(filters, *rounds) if rounds else None)]
