"""Reads of instrument records, filtered to what the user may see."""

from django.db.models import CharField, Model, Q, QuerySet, Value
from django.db.models.functions import Concat, Trim

from accounts.roles import can_read_submissions, is_coordinator

from .models import PRIVATE_STATUSES, Status


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
    from interviews.models import Interview
    from observations.models import Observation

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
        for model in (Interview, Observation)
    ]
    return parts[0].union(parts[1], all=True).order_by("submitted_at", "kind", "pk")
