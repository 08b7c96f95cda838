from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MEXICAN_STATES, Operator, Sector


def state_filter() -> forms.ChoiceField:
    """The registry's and the results' filter by state (blank: all)."""
    return forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All states"))] + [(s, s) for s in MEXICAN_STATES],
    )


def sector_filter() -> forms.ChoiceField:
    """The registry's and the results' filter by sector (blank: both)."""
    return forms.ChoiceField(
        label=_("Sector"), required=False, choices=[("", _("All sectors")), *Sector.choices]
    )


def operator_filter() -> forms.ChoiceField:
    """The results' filter by who runs the centre (blank: all)."""
    return forms.ChoiceField(
        label=_("Operated by"),
        required=False,
        choices=[("", _("All operators")), *Operator.choices],
    )


class CentreFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    state = state_filter()
    sector = sector_filter()
