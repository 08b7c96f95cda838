"""The counted records: what every count, finding, chart and summary sheet is made of.

A centre counts once (within a round: see `counted_records`). Of the records (interviews or
observations) within the filters, each centre's latest counts: the latest `visit_date` (a
record without one is older than any with one), then the latest `submitted_at`, then the
highest id. The row sheets keep every record.

One correlated subquery picks the latest record per centre, so counting stays one query
whatever the number of records.
"""

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
    the latest of each centre in each round (one record per centre and round)."""
    same = {"centre": OuterRef("centre")}
    if per_round:
        same["round"] = OuterRef("round")
    latest = records.filter(**same).order_by(*LATEST_FIRST).values("id")[:1]
    return records.filter(id=Subquery(latest))


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
