"""Writes of instrument records: saving drafts and submitting."""

from collections.abc import Sequence

from django.db import transaction
from django.forms import BaseFormSet, ModelForm
from django.utils import timezone

from .models import Record, Status


@transaction.atomic
def save_record(
    form: ModelForm, *, user, submit: bool, formsets: Sequence[BaseFormSet] = ()
) -> Record:
    """Save a validated form (and its related rows) as a draft, or submit it."""
    record: Record = form.save(commit=False)
    if record.pk is None:
        record.interviewer = user
    if submit:
        record.status = Status.SUBMITTED
        record.submitted_at = timezone.now()
    record.save()
    for formset in formsets:
        formset.instance = record
        formset.save()
    return record


class ReviewError(Exception):
    """A review that the record's state does not allow."""


@transaction.atomic
def approve(record: Record, *, reviewer, comment: str = "") -> Record:
    _check_reviewable(record)
    record.status = Status.APPROVED
    return _stamp_review(record, reviewer, comment)


@transaction.atomic
def return_for_changes(record: Record, *, reviewer, comment: str) -> Record:
    _check_reviewable(record)
    if not comment.strip():
        raise ReviewError("A comment is required to return a record.")
    record.status = Status.RETURNED
    return _stamp_review(record, reviewer, comment)


def _check_reviewable(record: Record) -> None:
    if record.status != Status.SUBMITTED:
        raise ReviewError(f"Only submitted records can be reviewed, not {record.status}.")


def _stamp_review(record: Record, reviewer, comment: str) -> Record:
    record.reviewed_by = reviewer
    record.reviewed_at = timezone.now()
    record.review_comment = comment.strip()
    record.save()
    return record
