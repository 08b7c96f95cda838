"""Observation summary: which spaces exist, capacity against people present, population.

The results page shows counts only (one aggregate query, whatever the number of records); the
centre × space matrix is a page of its own, read one page of rows at a time.
"""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
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
MATRIX_PAGE_SIZE = 50


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
    #: One (CSS class, mark) per space: the marks are translated once per page, not per cell.
    spaces: list[tuple[str, str]]
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
    base: Tally
    space_totals: list[SpaceTotal]
    population: list[AnswerCount]
    duration: list[AnswerCount]
    over_capacity: Tally


def observation_summary(filters: ReportFilters) -> ObservationSummary:
    """Counts by sector in one aggregate query: the page's size does not grow with the data.
    A centre counts once: its latest observation within the filters."""
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
    for i, option in enumerate(duration.options):
        aggregates[f"stay{i}"] = Count("id", filter=Q(duration_of_stay=option.code))
    totals = list(records.values(SECTOR_FIELD).annotate(**aggregates).order_by(SECTOR_FIELD))
    return ObservationSummary(
        spaces=spaces,
        base=by_sector(totals, "n"),
        space_totals=[
            SpaceTotal(item, by_sector(totals, f"yes{i}"), by_sector(totals, f"no{i}"))
            for i, item in enumerate(spaces)
        ],
        population=[
            AnswerCount(o.code, str(o.label), by_sector(totals, f"pop{i}"))
            for i, o in enumerate(population.options)
        ],
        duration=[
            AnswerCount(o.code, str(o.label), by_sector(totals, f"stay{i}"))
            for i, o in enumerate(duration.options)
        ],
        over_capacity=by_sector(totals, "over"),
    )


def observation_matrix(filters: ReportFilters, page_number) -> Page:
    """One page of the centre × space matrix, in two queries (the count and the page)."""
    spaces = space_items()
    population = OBSERVATION.item("population_received")
    duration = OBSERVATION.item("duration_of_stay")
    columns = [
        "pk", "centre__name", SECTOR_FIELD, "visit_date", *[s.code for s in spaces],
        "expected_capacity", "people_present", "population_received", "duration_of_stay",
    ]  # fmt: skip
    records = counted_records(filters, Observation)  # a centre's latest observation
    rows = records.order_by("centre__name", "visit_date", "pk").values_list(*columns)
    page = Paginator(rows, MATRIX_PAGE_SIZE).get_page(page_number)
    marks = {True: ("table-success", _("Yes")), False: ("table-danger", _("No")), None: ("", "–")}
    labels = {o.code: str(o.label) for o in (*population.options, *duration.options)}
    matrix = []
    for values in page.object_list:
        pk, centre, sector, visit_date, *rest = values
        capacity, present, chosen, stay = rest[len(spaces) :]
        matrix.append(
            ObservationRow(
                pk,
                centre,
                sector,
                visit_date,
                [marks[v] for v in rest[: len(spaces)]],
                capacity,
                present,
                ", ".join(labels.get(c, c) for c in chosen or ()),
                labels.get(stay, stay) if stay else "",
            )
        )
    page.object_list = matrix
    return page
