from django import forms
from django.utils.translation import gettext_lazy as _

from . import selectors
from .labels import what_label


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AuditFilterForm(forms.Form):
    user = forms.ChoiceField(label=_("User"), required=False)
    what = forms.ChoiceField(label=_("What"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=_date_input())
    date_to = forms.DateField(label=_("Until"), required=False, widget=_date_input())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [("", _("All users"))] + [
            (name, name) for name in selectors.known_usernames()
        ]
        self.fields["what"].choices = [("", _("Everything"))] + [
            (code, what_label(code)) for code in selectors.known_codes()
        ]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def filters(self) -> dict:
        """The valid filters (an invalid form filters nothing, and says why at its fields)."""
        if not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value}
