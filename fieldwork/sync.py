"""What makes saves safe to retry and safe to race.

Every form instance carries a client-generated `uid` (the record's identity, so a repeated
create is the same record), the `base_version` it was loaded at (a save based on an older
version is refused instead of overwriting someone else's answers) and a `save_id` per save
(a retried save, already applied, is acknowledged without being applied twice).
"""

from dataclasses import dataclass

from django import forms
from django.forms import BaseFormSet
from django.utils.translation import gettext_lazy as _

from .forms import RecordForm
from .models import Record


class SyncForm(forms.Form):
    uid = forms.UUIDField(required=False)
    base_version = forms.IntegerField(required=False, min_value=0)
    save_id = forms.UUIDField(required=False)
    #: Sent by "keep my answers" after a conflict: the stored version the user has seen.
    confirm_version = forms.IntegerField(required=False, min_value=0)


def sync_data(data) -> dict:
    """The sync fields of a POST, or empty values when they are malformed."""
    form = SyncForm(data)
    if not form.is_valid():
        return {"uid": None, "base_version": None, "save_id": None, "confirm_version": None}
    return form.cleaned_data


def is_replay(record: Record, sync: dict) -> bool:
    return bool(record.pk and sync["save_id"] and sync["save_id"] == record.last_save_id)


def is_stale(record: Record, sync: dict) -> bool:
    """A save of an existing record that was loaded before its latest stored version.

    The forms always send `base_version`; a client that sends none opts out of the check.
    """
    if not record.pk or sync["confirm_version"] == record.version:
        return False
    base = sync["base_version"]
    return base is not None and base < record.version


@dataclass
class Difference:
    code: str
    label: str
    yours: str
    stored: str


def differences(form: RecordForm, formsets: dict[str, BaseFormSet]) -> list[Difference]:
    """Where the answers being saved differ from the stored record, for the conflict view."""
    # Validation has written the posted answers onto form.instance: read the stored ones.
    record = type(form.instance).objects.get(pk=form.instance.pk)
    cleaned = getattr(form, "cleaned_data", {})
    result = []
    for name in form.changed_data:
        try:
            item = record.spec.item(name)
        except KeyError:
            item = None
        stored = getattr(record, name, None)
        if item is not None:
            yours = item.display(cleaned[name]) if name in cleaned else str(form[name].value())
            result.append(Difference(name, str(item.label), yours, item.display(stored)))
        else:  # a notes field
            yours = cleaned.get(name, form[name].value()) or ""
            result.append(Difference(name, str(form[name].label), str(yours), str(stored or "")))
    for code, formset in formsets.items():
        if formset.has_changed():
            item = record.spec.item(code)
            stored = ", ".join(str(row) for row in getattr(record, code).all())
            result.append(Difference(code, str(item.label), str(_("changed rows")), stored or "—"))
    return result
