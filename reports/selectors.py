"""The counted records: what every count, finding, chart and summary sheet is made of.

A centre counts once (within a round: see `counted_records`). Of the records (interviews or
observations) within the filters, each centre's latest counts: the latest `visit_date` (a
record without one is older than any with one), then the latest `submitted_at`, then the
highest id. The row sheets keep every record.

One subquery picks the latest record per centre, so counting stays one query whatever the
number of records; an index on each instrument's table (centre, then this order, with round
and status: `*_latest`, migrations of issue 18) serves it on both databases.
"""

from django.db import connections
from django.db.models import F, OuterRef, QuerySet, Subquery

from .filters import ReportFilters

#: Latest first: the order that picks a centre's counted record.
LATEST_FIRST = (
    F("visit_date").desc(nulls_last=True),
    F("submitted_at").desc(nulls_last=True),
    F("id").desc(),
)


def latest_per_centre(records: QuerySet, *, per_round: bool = False) -> QuerySet:
    """Of `records`, the latest of each centre (one record per centre), or with `per_round`
    the latest of each centre in each round (one record per centre and round).

    The same records on both databases, read two ways. PostgreSQL: `DISTINCT ON` the centre
    (and round), one ordered pass over the records' index, and a semi-join; its planner
    prices a correlated subquery per row high enough to compile it (JIT), and estimates its
    rows badly. SQLite (no DISTINCT ON): a correlated subquery, one range of the index per
    record. Filters added to the result afterwards narrow it, they do not change which record
    is a centre's latest."""
    keys = ["centre_id", "round_id"] if per_round else ["centre_id"]
    if connections[records.db].vendor == "postgresql":
        latest = records.order_by(*keys, *LATEST_FIRST).distinct(*keys).values("id")
        return records.filter(id__in=latest)
    return records.filter(id=latest_id(records, **{key: OuterRef(key) for key in keys}))


def latest_id(records: QuerySet, **same) -> Subquery:
    """The id of the latest of `records` that match `same` (e.g. `centre=OuterRef("pk")` in a
    query of centres): a correlated subquery, one range of the `*_latest` index."""
    return Subquery(records.filter(**same).order_by(*LATEST_FIRST).values("id")[:1])


def counted_records(filters: ReportFilters, model, *, per_round: bool = False) -> QuerySet:
    """The counted records of `model` (Interview or Observation) within `filters`.

    Within a round a centre counts once: filtered to a round (`filters.round`, as the pages
    are by default), its latest record of the round. Over every round, its latest record of
    any round; or, with `per_round` (what is coded: each round's counted notes), its latest
    of each round."""
    return latest_per_centre(recorded(filters, model), per_round=per_round)


def recorded(filters: ReportFilters, model) -> QuerySet:
    """Every record of `model` within `filters` (what the row sheets list)."""
    return filters.apply(model.objects.all())
