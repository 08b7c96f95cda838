import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from fieldwork.forms import date_input

from .models import ActionStatus, PlanAction

#: No action of the programme was due before it began: an earlier date is a typing slip.
EARLIEST_DUE = datetime.date(2000, 1, 1)


class ActionForm(forms.ModelForm):
    """An action of the plan: one added by hand needs a title; a proposal keeps the rule's
    wording while its title and description are left blank."""

    #: The version the coordinator's page showed (edits only).
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    class Meta:
        model = PlanAction
        fields = ["title", "text", "area", "priority", "owner", "due", "status"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "due": date_input()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rule = self.instance.rule_spec if self.instance.pk else None
        if rule is not None:
            self.fields["title"].widget.attrs["placeholder"] = str(rule.title)
            self.fields["text"].widget.attrs["placeholder"] = str(rule.text)
            self.fields["title"].help_text = _("Leave blank to keep the proposed wording.")
        else:
            self.fields["title"].required = True
        if self.instance.pk:
            self.fields["version"].required = True
            self.fields["version"].initial = self.instance.version
        self.prefix = f"action-{self.instance.pk}" if self.instance.pk else "new"
        self.fields["due"].widget.attrs["min"] = EARLIEST_DUE.isoformat()

    def clean_title(self):
        return self.cleaned_data["title"].strip()

    def clean_owner(self):
        return self.cleaned_data["owner"].strip()

    def clean_due(self):
        due = self.cleaned_data["due"]
        if due is not None and due < EARLIEST_DUE:
            raise forms.ValidationError(
                _("Enter a due date in %(year)s or later.") % {"year": EARLIEST_DUE.year},
                code="too_early",
            )
        return due


class StatusForm(forms.Form):
    """A quick change of status: agree, start, mark done, drop."""

    status = forms.ChoiceField(choices=ActionStatus.choices)
    version = forms.IntegerField(min_value=0)
