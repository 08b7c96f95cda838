"""Reads of instrument records, filtered to what the user may see."""

from django.db import connection
from django.db.models import CharField, Model, Q, QuerySet, Value
from django.db.models.functions import Concat, Trim

from accounts.roles import can_read_submissions, is_coordinator

from .models import PRIVATE_STATUSES, Status
from .registry import instrument_models


def visible_records(model: type[Model], user) -> QuerySet:
    qs = model.objects.select_related("centre", "interviewer")
    if not can_read_submissions(user):
        return qs.none()
    if is_coordinator(user):
        return qs
    return qs.filter(~Q(status__in=PRIVATE_STATUSES) | Q(interviewer=user))


def records_for_centre(model: type[Model], centre, user) -> QuerySet:
    return visible_records(model, user).filter(centre=centre)


def awaiting_review() -> QuerySet:
    """Submitted interviews and observations, oldest submission first, as one list.

    Each row names its researcher as people know them (`interviewer_name`, their full name,
    empty if they have none: the username is the fallback)."""
    columns = ("pk", "centre__name", "interviewer__username", "visit_date", "submitted_at")
    parts = [
        model.objects.filter(status=Status.SUBMITTED)
        .annotate(
            kind=Value(model._meta.app_label, output_field=CharField()),
            interviewer_name=Trim(
                Concat("interviewer__first_name", Value(" "), "interviewer__last_name")
            ),
        )
        .values(*columns, "kind", "interviewer_name")
        .order_by()
        for model in instrument_models()
    ]
    return parts[0].union(parts[1], all=True).order_by("submitted_at", "kind", "pk")


def my_open_records(user) -> dict[str, list]:
    """The user's records still in their hands, both instruments, as two lists: `returned`
    (most recently returned first) and `drafts` (most recently saved first). One query per
    instrument, whatever their number."""
    found = []
    for model in instrument_models():
        rows = model.objects.filter(interviewer=user, status__in=PRIVATE_STATUSES)
        for record in rows.select_related("centre", "reviewed_by").order_by():
            record.kind = model._meta.app_label
            found.append(record)
    returned = [r for r in found if r.status == Status.RETURNED]
    drafts = [r for r in found if r.status == Status.DRAFT]
    returned.sort(key=lambda r: (r.reviewed_at or r.updated_at, r.pk), reverse=True)
    drafts.sort(key=lambda r: (r.updated_at, r.pk), reverse=True)
    return {"returned": returned, "drafts": drafts}


def my_sent_records(user) -> QuerySet:
    """The user's submitted and approved records of both instruments, as one list of rows
    (latest submission first) for a paginator: a count and a page, two queries."""
    columns = ("pk", "centre_id", "centre__name", "visit_date", "submitted_at", "status")
    parts = [
        model.objects.filter(interviewer=user, status__in=(Status.SUBMITTED, Status.APPROVED))
        .annotate(kind=Value(model._meta.app_label, output_field=CharField()))
        .values(*columns, "kind")
        .order_by()
        for model in instrument_models()
    ]
    return parts[0].union(parts[1], all=True).order_by("-submitted_at", "kind", "-pk")


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
    counts) and how many there are. Two queries, whatever the number of records: the
    database counts, orders and cuts the list (a window count gives the total), so only
    `limit` rows come back, however many centres have work pending."""
    from centres.models import Centre

    pending = (Status.SUBMITTED, Status.RETURNED, Status.DRAFT)
    quote = connection.ops.quote_name
    records = " UNION ALL ".join(
        f"SELECT {quote('centre_id')}, {quote('status')} FROM {quote(model._meta.db_table)} "  # noqa: S608  # nosec B608
        f"WHERE {quote('status')} IN (%s, %s, %s)"
        for model in instrument_models()
    )
    counts = ", ".join(
        f"SUM(CASE WHEN {quote('status')} = %s THEN 1 ELSE 0 END) AS {name}"
        for name in ("awaiting", "returned", "drafts")
    )
    sql = (
        # Table and column names from the models; every value is a parameter.
        f"SELECT {quote('centre_id')}, {counts}, COUNT(*) OVER () AS total "  # noqa: S608  # nosec B608
        f"FROM ({records}) AS pending GROUP BY {quote('centre_id')} "
        f"ORDER BY awaiting DESC, returned DESC, drafts DESC, {quote('centre_id')} LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*pending, *(pending * len(instrument_models())), limit])
        rows = cursor.fetchall()
    centres = Centre.objects.in_bulk([row[0] for row in rows])
    listed = []
    for pk, awaiting, returned, drafts, _total in rows:
        centre = centres[pk]
        centre.awaiting, centre.returned, centre.drafts = awaiting, returned, drafts
        listed.append(centre)
    return listed, rows[0][4] if rows else 0
