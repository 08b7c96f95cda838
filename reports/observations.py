"""Observation summary: which spaces exist, capacity against people present, population."""

from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.utils.translation import gettext as _

from fieldwork.spec import Item, ItemType
from observations.models import Observation, is_over_capacity
from observations.spec import OBSERVATION

from .filters import ReportFilters
from .findings import Tally
from .results import SECTOR_FIELD, AnswerCount, by_sector
from .selectors import counted_records

SPACE_SECTIONS = ("infrastructure", "services")
MATRIX_LIMIT = 100


def space_items() -> list[Item]:
    return [
        item
        for code in SPACE_SECTIONS
        for item in OBSERVATION.section(code).items
        if item.type == ItemType.YESNO
    ]


@dataclass
class ObservationRow:
    pk: int
    centre: str
    sector: str
    visit_date: object
    spaces: list[bool | None]
    expected_capacity: int | None
    people_present: int | None
    population: str
    duration: str

    @property
    def over_capacity(self) -> bool:
        return is_over_capacity(self.expected_capacity, self.people_present)


@dataclass
class SpaceTotal:
    item: Item
    present: Tally
    missing: Tally


@dataclass
class ObservationSummary:
    spaces: list[Item]
    rows: list[ObservationRow]
    base: Tally
    space_totals: list[SpaceTotal]
    population: list[AnswerCount]
    over_capacity: Tally

    @property
    def truncated(self) -> bool:
        return len(self.rows) < self.base.total


def observation_summary(filters: ReportFilters, limit: int = MATRIX_LIMIT) -> ObservationSummary:
    # A centre counts once: its latest observation within the filters.
    records = counted_records(filters, Observation)
    spaces = space_items()
    population = OBSERVATION.item("population_received")
    duration = OBSERVATION.item("duration_of_stay")

    aggregates = {
        "n": Count("id"),
        "over": Count("id", filter=Q(people_present__gt=F("expected_capacity"))),
    }
    for i, item in enumerate(spaces):
        aggregates[f"yes{i}"] = Count("id", filter=Q(**{item.code: True}))
        aggregates[f"no{i}"] = Count("id", filter=Q(**{item.code: False}))
    for i, option in enumerate(population.options):
        aggregates[f"pop{i}"] = Count("id", filter=Q(population_received__has=option.code))
    totals = list(records.values(SECTOR_FIELD).annotate(**aggregates).order_by(SECTOR_FIELD))

    columns = [
        "pk", "centre__name", SECTOR_FIELD, "visit_date", *[s.code for s in spaces],
        "expected_capacity", "people_present", "population_received", "duration_of_stay",
    ]  # fmt: skip
    rows = []
    for values in records.order_by("centre__name", "visit_date", "pk").values_list(*columns)[
        :limit
    ]:
        pk, centre, sector, visit_date, *rest = values
        space_values = rest[: len(spaces)]
        capacity, present, chosen, stay = rest[len(spaces) :]
        rows.append(
            ObservationRow(
                pk,
                centre,
                sector,
                visit_date,
                list(space_values),
                capacity,
                present,
                population.display(chosen) if chosen else "",
                duration.display(stay) if stay else "",
            )  # fmt: skip
        )
    return ObservationSummary(
        spaces=spaces,
        rows=rows,
        base=by_sector(totals, "n"),
        space_totals=[
            SpaceTotal(item, by_sector(totals, f"yes{i}"), by_sector(totals, f"no{i}"))
            for i, item in enumerate(spaces)
        ],
        population=[
            AnswerCount(o.code, str(o.label), by_sector(totals, f"pop{i}"))
            for i, o in enumerate(population.options)
        ],
        over_capacity=by_sector(totals, "over"),
    )


def yes_no_mark(value: bool | None) -> str:
    if value is None:
        return "–"
    return _("Yes") if value else _("No")
