from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MEXICAN_STATES, Sector


class CentreFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All states"))] + [(s, s) for s in MEXICAN_STATES],
    )
    sector = forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", _("All sectors")), *Sector.choices]
    )
