"""Reads of the plans: a centre's plan (each action with why), and the programme across
centres (actions by area and priority, progress by status, the centres most in need).

`plan(centre)` is what the plan page and the centre report show; it does not refresh the
proposals (`services.refresh_proposals` does, when records are submitted or
reviewed). `programme(filters)` makes the same four queries whatever the number of centres
and actions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from centres.models import Centre, Sector
from interviews.models import Interview
from observations.models import Observation
from reports.filters import DEFAULT_STATUSES

from .findings import CentreFindings, Evidence, centre_findings, source_label, why
from .models import (
    AREA_ORDER,
    OPEN_STATUSES,
    PRIORITY_ORDER,
    ActionStatus,
    Area,
    PlanAction,
    Priority,
)
from .rules import RULES_BY_CODE


@dataclass
class PlanItem:
    action: PlanAction
    #: The answers, notes and coded themes behind a proposal (empty for one added by hand, or
    #: an obsolete one).
    why: list[Evidence] = field(default_factory=list)

    @property
    def manual(self) -> bool:
        return self.action.rule is None


@dataclass
class AreaPlan:
    area: Area
    items: list[PlanItem]

    @property
    def label(self) -> str:
        return str(self.area.label)


@dataclass
class CentrePlan:
    centre: Centre
    #: The records the proposals come from.
    findings: CentreFindings
    items: list[PlanItem]

    @property
    def areas(self) -> list[AreaPlan]:
        """The actions by area (in the order of `Area`), each area by priority."""
        return [
            AreaPlan(area, [i for i in self.items if i.action.area == area])
            for area in Area
            if any(i.action.area == area for i in self.items)
        ]

    @property
    def obsolete(self) -> list[PlanItem]:
        return [i for i in self.items if i.action.obsolete]

    def count(self, status: str) -> int:
        return sum(1 for i in self.items if i.action.status == status)

    @property
    def status_counts(self) -> list[tuple[str, str, int]]:
        """(status, label, actions) for every status."""
        return [(code, label, self.count(code)) for code, label in ActionStatus.choices]

    @property
    def sources(self) -> list[tuple[str, str]]:
        """(address, "Interview of 18 April 2022") of the records the proposals come from."""
        return [(r.get_absolute_url(), source_label(r)) for r in self.findings.records]


def _sort_key(action: PlanAction):
    return (
        AREA_ORDER.get(action.area, 99),
        action.status == ActionStatus.DROPPED,
        action.obsolete,
        PRIORITY_ORDER.get(action.priority, 9),
        action.pk,
    )


def plan(centre: Centre, *, with_why: bool = True) -> CentrePlan:
    """The centre's plan: every action (dropped and obsolete ones included, flagged), by area
    and priority, each proposal with why."""
    found = centre_findings(centre) if with_why else CentreFindings()
    actions = sorted(PlanAction.objects.filter(centre=centre), key=_sort_key)
    items = []
    for action in actions:
        rule = RULES_BY_CODE.get(action.rule) if action.rule else None
        shown = why(rule, found) if (rule and with_why and not action.obsolete) else []
        items.append(PlanItem(action, shown))
    return CentrePlan(centre, found, items)


# The programme across centres.


@dataclass
class ProgrammeRow:
    """One action across the centres: a rule's proposals, or actions added by hand with one
    title, in one area and priority."""

    area: str
    priority: str
    rule: str | None
    title: str
    #: Centres whose plan has it (dropped ones not counted), by sector.
    centres: int
    public: int
    private: int
    #: Actions by status (every action, dropped ones included).
    statuses: dict[str, int]
    obsolete: int

    @property
    def total(self) -> int:
        return sum(self.statuses.values())

    @property
    def area_label(self) -> str:
        return str(Area(self.area).label) if self.area in Area.values else self.area

    @property
    def priority_label(self) -> str:
        return str(Priority(self.priority).label) if self.priority in Priority.values else ""

    def status_counts(self) -> list[int]:
        return [self.statuses.get(s, 0) for s in ActionStatus.values]


@dataclass
class CentreNeed:
    pk: int
    name: str
    sector: str
    #: Open actions (proposed, agreed, in progress; not obsolete) by priority.
    high: int
    medium: int
    low: int
    score: int

    @property
    def sector_label(self) -> str:
        return str(Sector(self.sector).label) if self.sector in Sector.values else ""


@dataclass
class Programme:
    #: Centres within the filters that have a plan.
    centres: int
    public: int
    private: int
    rows: list[ProgrammeRow]
    most_in_need: list[CentreNeed]

    @property
    def statuses(self) -> list[tuple[str, str, int]]:
        """(status, label, actions) over every row: the progress of the programme."""
        return [
            (code, label, sum(r.statuses.get(code, 0) for r in self.rows))
            for code, label in ActionStatus.choices
        ]

    @property
    def total(self) -> int:
        return sum(r.total for r in self.rows)

    @property
    def obsolete(self) -> int:
        return sum(r.obsolete for r in self.rows)

    def by_area(self) -> list[tuple[str, str, list[ProgrammeRow], list[int]]]:
        """(area, label, rows, actions by status) for each area with actions."""
        found = []
        for code, label in Area.choices:
            rows = [r for r in self.rows if r.area == code]
            if rows:
                counts = [sum(r.statuses.get(s, 0) for r in rows) for s in ActionStatus.values]
                found.append((code, label, rows, counts))
        return found


#: Weights of an open action's priority in "the centres most in need".
NEED_WEIGHTS = {Priority.HIGH: 3, Priority.MEDIUM: 2, Priority.LOW: 1}
MOST_IN_NEED = 10


def programme_actions(filters) -> QuerySet[PlanAction]:
    """The actions of the centres within the filters' registry fields (state, sector,
    operator) and, when a round is chosen, assessed in that round (a submitted or approved
    interview or observation of the round); visit dates and record statuses do not apply."""
    centres = filters.apply_to_centres(Centre.objects.all())
    if filters.round is not None:
        centres = centres.filter(
            Exists(_counted_in(Interview, filters.round))
            | Exists(_counted_in(Observation, filters.round))
        )
    return PlanAction.objects.filter(centre__in=centres)


def _counted_in(model, round_id: int) -> QuerySet:
    """The centre's records of the round that the results count."""
    return model.objects.filter(
        centre=OuterRef("pk"), round_id=round_id, status__in=DEFAULT_STATUSES
    )


def programme(filters, *, limit: int = MOST_IN_NEED) -> Programme:
    actions = programme_actions(filters)
    kept = ~Q(status=ActionStatus.DROPPED)
    sectors = actions.aggregate(
        n=Count("centre", distinct=True),
        public=Count("centre", distinct=True, filter=Q(centre__sector=Sector.PUBLIC)),
        private=Count("centre", distinct=True, filter=Q(centre__sector=Sector.PRIVATE)),
    )
    grouped = (
        actions.annotate(
            manual_title=Case(
                When(rule__isnull=True, then="title"), default=Value(""), output_field=CharField()
            )
        )
        .values("area", "priority", "rule", "manual_title")
        .annotate(
            centres=Count("centre", distinct=True, filter=kept),
            public=Count("centre", distinct=True, filter=kept & Q(centre__sector=Sector.PUBLIC)),
            private=Count("centre", distinct=True, filter=kept & Q(centre__sector=Sector.PRIVATE)),
            obsolete_n=Count("pk", filter=Q(obsolete=True)),
            **{f"s_{s}": Count("pk", filter=Q(status=s)) for s in ActionStatus.values},
        )
        .order_by()
    )
    rows = []
    for row in grouped:
        rule = RULES_BY_CODE.get(row["rule"]) if row["rule"] else None
        title = str(rule.title) if rule else (row["rule"] or row["manual_title"])
        rows.append(
            ProgrammeRow(
                area=row["area"],
                priority=row["priority"],
                rule=row["rule"],
                title=title,
                centres=row["centres"],
                public=row["public"],
                private=row["private"],
                statuses={s: row[f"s_{s}"] for s in ActionStatus.values},
                obsolete=row["obsolete_n"],
            )
        )
    rows.sort(
        key=lambda r: (AREA_ORDER.get(r.area, 99), PRIORITY_ORDER.get(r.priority, 9),
                       -r.centres, str(r.title))
    )  # fmt: skip
    open_now = Q(status__in=OPEN_STATUSES, obsolete=False)
    weight = Case(
        *(When(priority=p, then=Value(w)) for p, w in NEED_WEIGHTS.items()),
        default=Value(0),
        output_field=IntegerField(),
    )
    needs = (
        actions.values("centre", "centre__name", "centre__sector")
        .annotate(
            score=Coalesce(Sum(weight, filter=open_now), 0),
            high=Count("pk", filter=open_now & Q(priority=Priority.HIGH)),
            medium=Count("pk", filter=open_now & Q(priority=Priority.MEDIUM)),
            low=Count("pk", filter=open_now & Q(priority=Priority.LOW)),
        )
        .filter(score__gt=0)
        .order_by("-score", "-high", "centre__name")[:limit]
    )
    most = [
        CentreNeed(n["centre"], n["centre__name"], n["centre__sector"], n["high"], n["medium"],
                   n["low"], n["score"])
        for n in needs
    ]  # fmt: skip
    return Programme(sectors["n"], sectors["public"], sectors["private"], rows, most)


def actions_done_between(centre: Centre, start, end) -> list[PlanAction]:
    """The centre's actions done (and still done) after the visit `start` and up to the visit
    `end` (dates; None leaves that side open), by the day they were first marked done, as
    the plan's history tells."""
    first_done = (
        PlanAction.history.filter(centre_id=centre.pk, status=ActionStatus.DONE)
        .values("id")
        .annotate(first=Min("history_date"))
        .order_by()
    )
    ids = [
        row["id"]
        for row in first_done
        if (start is None or timezone.localdate(row["first"]) > start)
        and (end is None or timezone.localdate(row["first"]) <= end)
    ]
    actions = PlanAction.objects.filter(pk__in=ids, status=ActionStatus.DONE)
    return sorted(actions, key=_sort_key)
