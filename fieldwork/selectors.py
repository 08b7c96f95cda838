"""Reads of instrument records, filtered to what the user may see."""

from django.db import connection
from django.db.models import CharField, Model, Q, QuerySet, Value
from django.db.models.functions import Concat, Trim

from accounts.roles import can_read_submissions, is_coordinator

from .models import PRIVATE_STATUSES, CentreWorkload, Status
from .registry import instrument_models
from .workload import workload_totals


def visible_records(model: type[Model], user) -> QuerySet:
    qs = model.objects.select_related("centre", "interviewer")
    if not can_read_submissions(user):
        return qs.none()
    if is_coordinator(user):
        return qs
    return qs.filter(~Q(status__in=PRIVATE_STATUSES) | Q(interviewer=user))


def records_for_centre(model: type[Model], centre, user) -> QuerySet:
    return visible_records(model, user).filter(centre=centre)


#: What a list of records shows (date, who, status, link): a record has some hundred columns.
LISTED_FIELDS = (
    "pk", "centre_id", "round_id", "status", "visit_date", "submitted_at", "version",
    "interviewer__username", "interviewer__first_name", "interviewer__last_name",
)  # fmt: skip


def listed_records_for_centre(model: type[Model], centre, user) -> QuerySet:
    """The centre's records for its page: only the listed columns, the centre not re-read."""
    return (
        records_for_centre(model, centre, user)
        .select_related(None)
        .select_related("interviewer")
        .only(*LISTED_FIELDS)
    )


class MergedRows:
    """Rows of several instruments' querysets as one list ordered by `order`, for a Paginator,
    without a union over every record: the count is one query (a COUNT per instrument, each
    an index-only scan), a page reads from each instrument only the rows up to the page's end,
    in an index's order (from the far end for pages past the middle), and merges them. The
    same rows in the same order as a union ordered by `order`, whatever the number of records.

    `parts` are `values()` querysets (each with a constant `kind`), `order` the fields that
    order the merged list, `-` for descending, ending with `pk`; each part is ordered by them
    without `kind`. `counted` are the parts' rows as plain filters (no join), for the count,
    unless `total` gives it."""

    def __init__(
        self,
        parts: list[QuerySet],
        order: tuple[str, ...],
        counted: list[QuerySet],
        total: int | None = None,
    ):
        self.order = order
        self.counted = counted
        self.parts = [
            part.order_by(*(f for f in order if f.lstrip("-") != "kind")) for part in parts
        ]
        self._count = total  # when the caller knows it (kept totals): no count at all

    def count(self) -> int:
        if self._count is None:
            counted = []
            params = []
            for part in self.counted:
                sql, part_params = part.values("pk").order_by().query.sql_with_params()
                counted.append(f"(SELECT COUNT(*) FROM ({sql}) AS part)")  # noqa: S608  # nosec B608
                params.extend(part_params)
            with connection.cursor() as cursor:
                cursor.execute("SELECT " + " + ".join(counted), params)  # noqa: S608  # nosec B608
                self._count = cursor.fetchone()[0]
        return self._count

    def __len__(self) -> int:
        return self.count()

    def _sorted(self, rows: list[dict], reverse: bool) -> list[dict]:
        """Sorted as the database orders `order` (NULLs where it puts them), by stable sorts
        from the last field to the first."""
        nulls_largest = connection.features.nulls_order_largest
        for field in reversed(self.order):
            name, descending = field.lstrip("-"), field.startswith("-")

            def key(row, name=name):
                value = row[name]
                return (value is None) == nulls_largest, value if value is not None else 0

            rows.sort(key=key, reverse=descending != reverse)
        return rows

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step is not None:
            raise TypeError("MergedRows only gives slices")
        start, stop = index.start or 0, index.stop
        total = self.count()
        stop = total if stop is None else min(stop, total)
        if start >= stop:
            return []
        if start <= total - stop:  # read from the start: `stop` rows of each part at most
            rows = [row for part in self.parts for row in part[:stop]]
            return self._sorted(rows, reverse=False)[start:stop]
        # Past the middle: read from the end, `total - start` rows of each part at most.
        rows = [row for part in self.parts for row in part.reverse()[: total - start]]
        return self._sorted(rows, reverse=True)[: total - start][::-1][: stop - start]


def awaiting_review() -> MergedRows:
    """Submitted interviews and observations, oldest submission first, as one list.

    Each row names its researcher as people know them (`interviewer_name`, their full name,
    empty if they have none: the username is the fallback)."""
    columns = ("pk", "centre__name", "interviewer__username", "visit_date", "submitted_at")
    counted = [model.objects.filter(status=Status.SUBMITTED) for model in instrument_models()]
    parts = [
        submitted.annotate(
            kind=Value(model._meta.app_label, output_field=CharField()),
            interviewer_name=Trim(
                Concat("interviewer__first_name", Value(" "), "interviewer__last_name")
            ),
        ).values(*columns, "kind", "interviewer_name")
        for model, submitted in zip(instrument_models(), counted, strict=True)
    ]
    # How many: the kept total (workload.py), one read by primary key, not a count.
    total = workload_totals().awaiting
    return MergedRows(parts, ("submitted_at", "kind", "pk"), counted, total)


#: What My work shows of a record still in the researcher's hands (not its hundred answers).
OPEN_RECORD_FIELDS = (
    "pk", "centre__name", "interviewer_id", "round_id", "status", "visit_date", "updated_at",
    "reviewed_at", "review_comment", "spec_version", "version",
    "reviewed_by__username", "reviewed_by__first_name", "reviewed_by__last_name",
)  # fmt: skip


def my_open_records(user) -> dict[str, list]:
    """The user's records still in their hands, both instruments, as two lists: `returned`
    (most recently returned first) and `drafts` (most recently saved first). One query per
    instrument, whatever their number."""
    found = []
    for model in instrument_models():
        rows = model.objects.filter(interviewer=user, status__in=PRIVATE_STATUSES)
        listed = rows.select_related("centre", "reviewed_by").only(*OPEN_RECORD_FIELDS)
        for record in listed.order_by():
            record.kind = model._meta.app_label
            found.append(record)
    returned = [r for r in found if r.status == Status.RETURNED]
    drafts = [r for r in found if r.status == Status.DRAFT]
    returned.sort(key=lambda r: (r.reviewed_at or r.updated_at, r.pk), reverse=True)
    drafts.sort(key=lambda r: (r.updated_at, r.pk), reverse=True)
    return {"returned": returned, "drafts": drafts}


def my_sent_records(user) -> MergedRows:
    """The user's submitted and approved records of both instruments, as one list of rows
    (latest submission first) for a paginator: a count and a page."""
    columns = ("pk", "centre_id", "centre__name", "visit_date", "submitted_at", "status")
    counted = [
        model.objects.filter(interviewer=user, status__in=(Status.SUBMITTED, Status.APPROVED))
        for model in instrument_models()
    ]
    parts = [
        sent.annotate(kind=Value(model._meta.app_label, output_field=CharField())).values(
            *columns, "kind"
        )
        for model, sent in zip(instrument_models(), counted, strict=True)
    ]
    return MergedRows(parts, ("-submitted_at", "kind", "-pk"), counted)


def returned_count(user) -> int:
    """How many of the user's records wait for changes (the menu's badge): one COUNT."""
    parts = [
        model.objects.filter(interviewer=user, status=Status.RETURNED).values("pk").order_by()
        for model in instrument_models()
    ]
    return parts[0].union(parts[1], all=True).count()


def centres_with_pending_work(limit: int) -> tuple[list, int]:
    """Centres with records awaiting review, returned for changes or in draft, most awaiting
    review first: up to `limit` of them (each with `awaiting`, `returned` and `drafts`
    counts) and how many there are. Two queries, whatever the number of records or centres:
    the counts are kept per centre (`CentreWorkload`, workload.py), an index gives the
    busiest, and their number is kept too (`WorkloadTotals`)."""
    rows = CentreWorkload.objects.select_related("centre").order_by(
        "-awaiting", "-returned", "-drafts", "centre_id"
    )[:limit]
    listed = []
    for row in rows:
        centre = row.centre
        centre.awaiting, centre.returned, centre.drafts = row.awaiting, row.returned, row.drafts
        listed.append(centre)
    return listed, workload_totals().centres
