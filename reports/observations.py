"""Observation summary: which spaces exist, capacity against people present, population.

The results page shows counts only (one aggregate query, whatever the number of records); the
centre × space matrix is a page of its own, read one page of rows at a time and cached until
the data change.
"""

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils.translation import gettext as _

from centres.models import Centre
from fieldwork.spec import Item, ItemType
from observations.models import Observation, is_over_capacity
from observations.spec import OBSERVATION

from .filters import ReportFilters
from .findings import Tally
from .freshness import data_version
from .results import SECTOR_FIELD, AnswerCount, by_sector
from .selectors import counted_records, latest_id, recorded

SPACE_SECTIONS = ("infrastructure", "services")
MATRIX_PAGE_SIZE = 50
#: The matrix's pages are cached until the data change (`freshness.data_version`), at most a day.
CACHE_SECONDS = 86400


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


class _MatrixRows:
    """The matrix's rows for the paginator: the count and a slice, one query each, read by
    centre (the rows are in centre name order, one a centre) and cached until the data change.

    The count is the number of centres with a record within the filters (each counts once: its
    latest record); a slice walks the centres in name order while they have such a record, then
    picks the latest record of the slice's centres only. So a page costs what the page holds
    (and the centres before it), not the whole matrix; the count reads the filtered records
    once, without picking the latest of each."""

    def __init__(self, filters: ReportFilters, columns: list[str]):
        self.filters, self.columns = filters, columns
        self.version = data_version()
        filters_key = hashlib.sha256(repr(filters).encode()).hexdigest()[:32]
        self.key = f"reports:matrix:{self.version}:{filters_key}"

    def count(self) -> int:
        key = f"{self.key}:count"
        count = cache.get(key)
        if count is None:
            count = recorded(self.filters, Observation).values("centre_id").distinct().count()
            cache.set(key, count, CACHE_SECONDS)
        return count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[tuple]:
        key = f"{self.key}:{index.start}:{index.stop}"
        rows = cache.get(key)
        if rows is None:
            records = recorded(self.filters, Observation)
            centres = self.filters.apply_to_centres(Centre.objects.all())
            page = (
                centres.filter(Exists(records.filter(centre=OuterRef("pk"))))
                .order_by("name")
                .values("pk")[index]
            )
            latest = Centre.objects.filter(pk__in=page).values(
                latest=latest_id(records, centre=OuterRef("pk"))
            )
            rows = list(
                Observation.objects.filter(pk__in=latest)
                .order_by("centre__name")
                .values_list(*self.columns)
            )
            cache.set(key, rows, CACHE_SECONDS)
        return rows


def observation_matrix(filters: ReportFilters, page_number) -> Page:
    """One page of the centre × space matrix: three queries (the data version, the count and
    the page's rows), one when the page is cached."""
    spaces = space_items()
    population = OBSERVATION.item("population_received")
    duration = OBSERVATION.item("duration_of_stay")
    columns = [
        "pk", "centre__name", SECTOR_FIELD, "visit_date", *[s.code for s in spaces],
        "expected_capacity", "people_present", "population_received", "duration_of_stay",
    ]  # fmt: skip
    page = Paginator(_MatrixRows(filters, columns), MATRIX_PAGE_SIZE).get_page(page_number)
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
