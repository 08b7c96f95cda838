"""Each centre's workload (`CentreWorkload`): how many of its records are awaiting review,
returned for changes, or drafts, both instruments together.

The review queue lists the centres with most awaiting review first. Counting that from the
records reads every pending record on every request (40,000 rows at 20,000 centres with a
record of each instrument awaiting review); kept in a row per centre, it is a read of an index
that stops after a page. The counts are recomputed from the records, for the centres a write
touches, in the write's own transaction: after a save that changes a record's status or centre
(or creates it), after a delete, and after `bulk_create()` and `update()` on the records'
querysets (`RecordQuerySet`), which send no signals. Other writes in bulk (raw SQL) call
`refresh_workload()` with the centres they touched, or `rebuild_workload()`.
"""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, Sum
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete, post_save

from centres.models import Centre

from .models import CentreWorkload, Status, WorkloadTotals
from .registry import instrument_models

#: The workload's column for each pending status.
COLUMNS = {Status.SUBMITTED: "awaiting", Status.RETURNED: "returned", Status.DRAFT: "drafts"}


def refresh_workload(centre_ids: Iterable) -> None:
    """Count the pending records of these centres again: one query per instrument, one write
    (and a lock on the centres' rows, so that two writers of one centre count in turn)."""
    ids = sorted({pk for pk in centre_ids if pk is not None})
    if not ids:
        return
    with transaction.atomic():
        # Two transactions writing records of one centre recount one after the other, the
        # second seeing the first's records (PostgreSQL; SQLite writes one at a time anyway).
        list(Centre.objects.select_for_update().filter(pk__in=ids).order_by("pk").values("pk"))
        counts = {pk: dict.fromkeys(COLUMNS.values(), 0) for pk in ids}
        for model in instrument_models():
            rows = (
                model.objects.filter(centre_id__in=ids, status__in=COLUMNS)
                .values_list("centre_id", "status")
                .annotate(n=Count("pk"))
                .order_by()
            )
            for centre_id, status, n in rows:
                counts[centre_id][COLUMNS[status]] += n
        idle = [pk for pk, c in counts.items() if not any(c.values())]
        busy = [CentreWorkload(centre_id=pk, **c) for pk, c in counts.items() if any(c.values())]
        if idle:
            CentreWorkload.objects.filter(centre_id__in=idle).delete()
        if busy:
            CentreWorkload.objects.bulk_create(
                busy,
                update_conflicts=True,
                unique_fields=["centre"],
                update_fields=list(COLUMNS.values()),
            )
        refresh_totals()


def refresh_totals() -> None:
    """Sum the centres' rows again into the totals' row. Its lock is taken after the centres'
    rows were written, so that two writers sum in turn, the second seeing the first's rows
    (READ COMMITTED reads anew at each statement); a write of a status, not of every save."""
    with transaction.atomic():
        if not WorkloadTotals.objects.select_for_update().filter(pk=1).exists():
            WorkloadTotals.objects.get_or_create(pk=1)  # a flushed database (browser tests)
        sums = CentreWorkload.objects.aggregate(
            awaiting=Coalesce(Sum("awaiting"), 0), centres=Count("pk")
        )
        WorkloadTotals.objects.filter(pk=1).update(**sums)


def workload_totals() -> WorkloadTotals:
    """The totals' row (summed now if a flushed database lost it)."""
    totals = WorkloadTotals.objects.filter(pk=1).first()
    if totals is None:
        refresh_totals()
        totals = WorkloadTotals.objects.get(pk=1)
    return totals


def rebuild_workload(batch: int = 1000) -> None:
    """Every centre's workload counted again from the records."""
    with transaction.atomic():
        CentreWorkload.objects.all().delete()
        pending = set()
        for model in instrument_models():
            pending |= set(
                model.objects.filter(status__in=COLUMNS)
                .values_list("centre_id", flat=True)
                .order_by()
                .distinct()
            )
        ordered = sorted(pending)
        for start in range(0, len(ordered), batch):
            refresh_workload(ordered[start : start + batch])
        refresh_totals()


def _saved(sender, instance, created, **kwargs) -> None:
    key = (instance.centre_id, instance.status)
    before = getattr(instance, "_workload_key", None)
    if not created and before == key:
        return  # neither the centre nor the status changed: the counts stand
    instance._workload_key = key
    refresh_workload({instance.centre_id, before[0] if before else None})


def _deleted(sender, instance, **kwargs) -> None:
    refresh_workload({instance.centre_id})


def connect() -> None:
    for model in instrument_models():
        post_save.connect(_saved, sender=model, dispatch_uid=f"workload-save-{model._meta.label}")
        post_delete.connect(
            _deleted, sender=model, dispatch_uid=f"workload-delete-{model._meta.label}"
        )
