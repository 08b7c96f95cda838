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
