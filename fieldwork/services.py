"""Writes of instrument records: saving drafts and submitting."""

import uuid
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.db.models import F
from django.forms import BaseFormSet, ModelForm
from django.utils import timezone

from .models import Record, Status


@transaction.atomic
def save_record(
    form: ModelForm,
    *,
    user,
    submit: bool,
    formsets: Sequence[BaseFormSet] = (),
    uid: uuid.UUID | None = None,
    save_id: uuid.UUID | None = None,
) -> Record:
    """Save a validated form (and its related rows) as a draft, or submit it.

    A new record takes the client's `uid` when one is given; if a simultaneous request has
    just created the record with that uid, `UidTaken` names it and nothing is saved. Every save
    raises the version and remembers the client's `save_id`, so that a retry of this save is
    recognised.
    """
    record: Record = form.save(commit=False)
    creating = record.pk is None
    if creating:
        record.interviewer = user
        if uid is not None:
            record.uid = uid
    else:
        _claim_next_version(record)
    record.version += 1
    record.last_save_id = save_id
    # The form asked the current version's items: the record is of that version now.
    record.spec_version = record.spec.version
    if submit:
        record.status = Status.SUBMITTED
        record.submitted_at = timezone.now()
    if creating:
        _insert(record)
    else:
        record.save()
    for formset in formsets:
        formset.instance = record
        formset.save()
    return record


class NotADraft(Exception):
    """The record was submitted (or returned) meanwhile: it is no longer a draft to discard."""


@transaction.atomic
def discard_draft(record: Record) -> None:
    """Delete a draft, its rows and what else it holds (`Record.discard_related`, e.g. the
    observation's photos and, once committed, their files). The history keeps an entry of the
    deletion, with who did it."""
    current = type(record).objects.select_for_update().get(pk=record.pk)
    if current.status != Status.DRAFT:
        raise NotADraft
    current.discard_related()
    current.delete()


class StaleVersion(Exception):
    """The record was saved by someone else since this copy was loaded."""


class UidTaken(Exception):
    """Another request created the record with this uid first: this save is an edit of it."""

    def __init__(self, pk: int):
        super().__init__(pk)
        self.pk = pk


def _insert(record: Record) -> None:
    """Insert a new record; the unique uid decides which of simultaneous creates wins.

    The savepoint keeps the transaction usable after the violation, to read the winner.
    """
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        winner = type(record).objects.filter(uid=record.uid).values_list("pk", flat=True).first()
        if winner is None:
            raise
        raise UidTaken(winner) from None


def _claim_next_version(record: Record) -> None:
    """Compare-and-swap on the version column: of two racing saves, one wins."""
    claimed = (
        type(record)
        .objects.filter(pk=record.pk, version=record.version)
        .update(version=F("version") + 1)
    )
    if not claimed:
        raise StaleVersion


class ReviewError(Exception):
    """A review that the record's state does not allow."""


@transaction.atomic
def approve(record: Record, *, reviewer, comment: str = "", version: int | None = None) -> Record:
    """Approve the record; with `version`, only if that is the version the reviewer saw."""
    _check_reviewable(record, version)
    record.status = Status.APPROVED
    return _stamp_review(record, reviewer, comment)


@transaction.atomic
def return_for_changes(
    record: Record, *, reviewer, comment: str, version: int | None = None
) -> Record:
    _check_reviewable(record, version)
    if not comment.strip():
        raise ReviewError("A comment is required to return a record.")
    record.status = Status.RETURNED
    return _stamp_review(record, reviewer, comment)


def _check_reviewable(record: Record, version: int | None = None) -> None:
    if record.status != Status.SUBMITTED:
        raise ReviewError(f"Only submitted records can be reviewed, not {record.status}.")
    if version is not None and version != record.version:
        raise StaleVersion  # the reviewer saw another version: nothing is applied


def _stamp_review(record: Record, reviewer, comment: str) -> Record:
    record.reviewed_by = reviewer
    record.reviewed_at = timezone.now()
    record.review_comment = comment.strip()
    _claim_next_version(record)
    record.version += 1
    record.save()
    return record
