"""The counted records: the latest counted record of each centre within the filters.

Until the results count per centre (issue 13, items 1-4, in reports/), this is the one place
that says which records count; it is replaced by the reports selector of the same meaning.
"""

from django.db.models import F, OuterRef, QuerySet, Subquery


def counted_records(model: type, filters) -> QuerySet:
    """Of each centre, its latest record (by visit date, then id) among those the filters count."""
    records = filters.apply(model.objects.all())
    latest = (
        records.filter(centre=OuterRef("centre"))
        .order_by(F("visit_date").desc(nulls_last=True), "-pk")
        .values("pk")[:1]
    )
    return records.filter(pk=Subquery(latest))
