"""Object-level rules for instrument records, shared by views, selectors and templates."""

from accounts.roles import can_fill_forms, can_read_results, can_read_submissions, is_coordinator

from .models import PRIVATE_STATUSES, Record, Status
from .registry import instrument_models


def can_view_record(user, record: Record) -> bool:
    if not can_read_submissions(user):
        return False
    if record.status in PRIVATE_STATUSES:
        return record.interviewer_id == user.pk or is_coordinator(user)
    return True


def can_edit_record(user, record: Record) -> bool:
    if not can_fill_forms(user) or not record.is_editable:
        return False
    return record.interviewer_id == user.pk or is_coordinator(user)


def can_discard_record(user, record: Record) -> bool:
    """Only its researcher discards a draft, and only while it is a draft (a returned record
    has been reviewed: it stays, in the history, until submitted again)."""
    return (
        can_fill_forms(user) and record.status == Status.DRAFT and record.interviewer_id == user.pk
    )


def can_review_record(user, record: Record) -> bool:
    return is_coordinator(user) and record.status == Status.SUBMITTED


def has_visited(user, centre) -> bool:
    """The user recorded an interview or observation at the centre (in any status)."""
    return any(
        model.objects.filter(centre=centre, interviewer=user).exists()
        for model in instrument_models()
    )


def can_read_centre_report(user, centre) -> bool:
    """Coordinators and analysts read every centre's report (it names no respondent);
    researchers only those of the centres they visited."""
    if can_read_results(user):
        return True
    return can_fill_forms(user) and has_visited(user, centre)
