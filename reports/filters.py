"""The filters shared by the results page and every export."""

from dataclasses import dataclass, field
from datetime import date

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from centres.forms import operator_filter, sector_filter, state_filter
from fieldwork.forms import date_input
from fieldwork.models import PRIVATE_STATUSES, Round, Status, default_round_of

from .findings import SPLIT_LABELS, Split

#: What counts unless the filter asks for more: drafts are unfinished, and returned records
#: were sent back because something is wrong.
DEFAULT_STATUSES = tuple(s for s in Status.values if s not in PRIVATE_STATUSES)


@dataclass(frozen=True)
class ReportFilters:
    state: str = ""
    sector: str = ""
    date_from: date | None = None
    date_to: date | None = None
    statuses: tuple[str, ...] = field(default=DEFAULT_STATUSES)
    operator: str = ""
    #: Not a filter: what the counts are split by (the groups of tables, charts and sheets).
    split: Split = Split.SECTOR
    #: The round's id; None counts every round (each centre's latest record of any round).
    round: int | None = None

    def apply(self, qs: QuerySet) -> QuerySet:
        """Filter a queryset of instrument records (Interview or Observation)."""
        qs = qs.filter(status__in=self.statuses)
        if self.round is not None:
            qs = qs.filter(round_id=self.round)
        if self.state:
            qs = qs.filter(centre__state=self.state)
        if self.sector:
            qs = qs.filter(centre__sector=self.sector)
        if self.operator:
            qs = qs.filter(centre__operator=self.operator)
        if self.date_from:
            qs = qs.filter(visit_date__gte=self.date_from)
        if self.date_to:
            qs = qs.filter(visit_date__lte=self.date_to)
        return qs

    def to_json(self) -> dict:
        """The filters as JSON holds them (a background export's row, the audit log)."""
        return {
            "state": self.state,
            "sector": self.sector,
            "operator": self.operator,
            "date_from": self.date_from.isoformat() if self.date_from else None,
            "date_to": self.date_to.isoformat() if self.date_to else None,
            "statuses": list(self.statuses),
            "split": self.split.value,
            "round": self.round,
        }

    @classmethod
    def from_json(cls, data: dict) -> "ReportFilters":
        def day(value):
            return date.fromisoformat(value) if value else None

        return cls(
            state=data.get("state", ""),
            sector=data.get("sector", ""),
            operator=data.get("operator", ""),
            date_from=day(data.get("date_from")),
            date_to=day(data.get("date_to")),
            statuses=tuple(data.get("statuses") or DEFAULT_STATUSES),
            split=Split(data.get("split") or Split.SECTOR),
            round=data.get("round"),
        )

    def apply_to_centres(self, qs: QuerySet) -> QuerySet:
        if self.state:
            qs = qs.filter(state=self.state)
        if self.sector:
            qs = qs.filter(sector=self.sector)
        if self.operator:
            qs = qs.filter(operator=self.operator)
        return qs


#: The round selector's value for every round at once.
ALL_ROUNDS = "all"


class ReportFilterForm(forms.Form):
    round = forms.ChoiceField(
        label=_("Round"),
        required=False,
        help_text=_("Within a round each centre counts once."),
    )
    state = state_filter()
    sector = sector_filter()
    operator = operator_filter()
    split = forms.ChoiceField(
        label=_("Split by"),
        required=False,
        choices=[(split.value, SPLIT_LABELS[split]) for split in Split],
        initial=Split.SECTOR.value,
    )
    date_from = forms.DateField(label=_("Visited from"), required=False, widget=date_input())
    date_to = forms.DateField(label=_("Visited until"), required=False, widget=date_input())
    status = forms.MultipleChoiceField(
        label=_("Record status"),
        required=False,
        choices=Status.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Submitted and approved records count unless you choose."),
    )

    def __init__(self, data=None, *, statuses=tuple(Status.values), **kwargs):
        """`statuses`: those the user may count; any other asked for is dropped (`ignored`)."""
        self.ignored_statuses: list[str] = []
        if data is not None and hasattr(data, "getlist"):
            asked = data.getlist("status")
            ignored = [s for s in asked if s in Status.values and s not in statuses]
            self.ignored_statuses = list(dict.fromkeys(ignored))
            if self.ignored_statuses:
                data = data.copy()
                data.setlist("status", [s for s in asked if s not in self.ignored_statuses])
        super().__init__(data, **kwargs)
        field = self.fields["status"]
        field.choices = [(value, label) for value, label in field.choices if value in statuses]
        rounds = list(Round.objects.latest_first())
        # The current round (fieldwork.models.current_round), never one still to come.
        self.default_round = default_round_of(rounds) or (rounds[-1] if rounds else None)
        self.fields["round"].choices = [
            *((str(r.pk), str(r)) for r in rounds),
            (ALL_ROUNDS, _("All rounds (each centre's latest record)")),
        ]
        self.fields["round"].initial = str(self.default_round.pk) if self.default_round else ""
        self.rounds = rounds

    def chosen_round(self) -> Round | None:
        """The round counted (None: every round)."""
        value = self.cleaned_data.get("round") if self.is_valid() else ""
        if value == ALL_ROUNDS:
            return None
        if value:
            return next(r for r in self.rounds if str(r.pk) == value)
        return self.default_round

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def filters(self) -> ReportFilters:
        """The filters to apply; an invalid form falls back to the defaults."""
        chosen = self.chosen_round()
        round_id = chosen.pk if chosen else None
        if not self.is_valid():
            return ReportFilters(round=round_id)
        data = self.cleaned_data
        return ReportFilters(
            round=round_id,
            state=data["state"],
            sector=data["sector"],
            date_from=data["date_from"],
            date_to=data["date_to"],
            statuses=tuple(data["status"]) or DEFAULT_STATUSES,
            operator=data["operator"],
            split=Split(data["split"] or Split.SECTOR),
        )


def refused(form, fields=None) -> bool:
    """Filters asked for that are not valid (a round that is not one, a date that is not a
    date): the page says so at the fields with a 400, and no download goes out with other
    filters than those asked for. `fields`: only those a page shows and applies."""
    if not form.is_bound or form.is_valid():
        return False
    return fields is None or any(name in form.errors for name in fields)
