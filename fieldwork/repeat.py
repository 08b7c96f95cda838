"""Repeat groups: rows related to a record (its coordination actors, say), each stored once.

A save can reach the server more than once, or with rows the server already has but whose ids
the client never received: an autosave retried, a draft saved and then submitted, a photo's
draft and then the queued submission, the device queue re-sending. So each row carries a
stable client-generated `uid` (a hidden input; the page's script gives each new row a fresh
one, and a row posted without one gets one here), and a posted row is the stored row of *this*
record with its id, else the stored row with its uid, else a new row. Its position in the
formset does not matter, an id of another record's row (or of a deleted row) is ignored, and
the save answers the stored ids by uid (`stored_ids`) for the page to write back.

A repeat row model needs `uid = models.UUIDField(default=uuid.uuid4, editable=False)` and a
unique constraint on (record, uid); `repeat_formset_factory` builds its formset.
"""

import uuid

from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory


class RowUidField(forms.UUIDField):
    """The row's identity, not an answer: a row with only a uid is still a blank row."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def has_changed(self, initial, data) -> bool:
        return False


class RepeatRowForm(forms.ModelForm):
    uid = RowUidField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["uid"].initial = self.instance.uid


class RepeatRowFormSet(BaseInlineFormSet):
    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        #: Posted row index -> the stored row it is.
        self._stored: dict = {}
        if self.is_bound:
            self.data = self._match_posted_rows()

    def _match_posted_rows(self):
        """The posted data with each row's id and uid resolved against the stored rows."""
        data = self.data.copy()
        stored = {row.pk: row for row in self.get_queryset()}
        by_uid = {row.uid: row for row in stored.values()}
        pk_name = self.model._meta.pk.name
        new_uids = set()
        for i in range(self.total_form_count()):
            id_key, uid_key = f"{self.add_prefix(i)}-{pk_name}", f"{self.add_prefix(i)}-uid"
            posted_id = str(data.get(id_key, "")).strip()
            posted_uid = _uuid(data.get(uid_key))
            row = (
                stored.get(int(posted_id)) if posted_id.isascii() and posted_id.isdigit() else None
            )
            if row is None:
                row = by_uid.get(posted_uid)
            if row is not None and row in self._stored.values():
                row = None  # two posted rows claim one stored row: the second is new
            if row is not None:
                self._stored[i] = row
                data[id_key], data[uid_key] = str(row.pk), str(row.uid)
                continue
            if posted_uid is None or posted_uid in by_uid or posted_uid in new_uids:
                posted_uid = uuid.uuid4()
            new_uids.add(posted_uid)
            data[id_key], data[uid_key] = "", str(posted_uid)
        return data

    def initial_form_count(self) -> int:
        # Which posted rows are stored ones is decided by their ids and uids, never by their
        # position (a device copy or a queued save may hold rows the server has since stored).
        return 0 if self.is_bound else super().initial_form_count()

    def _construct_form(self, i, **kwargs):
        if self.is_bound and i in self._stored:
            kwargs["instance"] = self._stored[i]
        form = super()._construct_form(i, **kwargs)
        if self.is_bound and i not in self._stored:
            form.instance.uid = uuid.UUID(self.data[f"{form.prefix}-uid"])
        return form

    def save(self, commit: bool = True) -> list:
        """Delete the stored rows ticked for deletion, update the changed ones, add new ones."""
        self.new_objects, self.changed_objects, self.deleted_objects = [], [], []
        if not commit:
            self.saved_forms = []
            self.save_m2m = lambda: [form.save_m2m() for form in self.saved_forms]
        saved = []
        for form in self.forms:
            row = form.instance
            is_stored = not row._state.adding
            if self.can_delete and self._should_delete_form(form):
                if is_stored:
                    self.deleted_objects.append(row)
                    self.delete_existing(row, commit=commit)
                continue
            if not form.has_changed():
                continue
            if is_stored:
                self.changed_objects.append((row, form.changed_data))
                saved.append(self.save_existing(form, row, commit=commit))
            else:
                self.new_objects.append(self.save_new(form, commit=commit))
                saved.append(self.new_objects[-1])
            if not commit:
                self.saved_forms.append(form)
        return saved

    save.alters_data = True

    @classmethod
    def stored_ids(cls, record) -> dict[str, int]:
        """The record's rows as {uid: id}, for the page to write the ids back."""
        rows = cls.model._default_manager.filter(**{cls.fk.name: record})
        return {str(uid): pk for uid, pk in rows.values_list("uid", "pk")}


def repeat_formset_factory(parent_model, model, fields, **kwargs) -> type[RepeatRowFormSet]:
    kwargs = {"extra": 1, "can_delete": True, **kwargs}
    return inlineformset_factory(
        parent_model, model, form=RepeatRowForm, formset=RepeatRowFormSet, fields=fields, **kwargs
    )


def _uuid(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None
