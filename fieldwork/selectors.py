"""Reads of instrument records, filtered to what the user may see."""

from django.db.models import Model, Q, QuerySet

from accounts.roles import can_read_submissions, is_coordinator

from .models import Status


def visible_records(model: type[Model], user) -> QuerySet:
    qs = model.objects.select_related("centre", "interviewer")
    if not can_read_submissions(user):
        return qs.none()
    if is_coordinator(user):
        return qs
    return qs.filter(~Q(status=Status.DRAFT) | Q(interviewer=user))


def records_for_centre(model: type[Model], centre, user) -> QuerySet:
    return visible_records(model, user).filter(centre=centre)
