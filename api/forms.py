from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

#: How long a new token lasts, in days; 90 unless chosen.
EXPIRY_DAYS = (7, 30, 90, 180, 365)
DEFAULT_DAYS = 90


def _days(days: int) -> str:
    return ngettext("%(n)s day", "%(n)s days", days) % {"n": days}


#: "90 days", in the language of the page that shows it (not the one at import).
_days_label = lazy(_days, str)


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the token"),
        max_length=100,
        help_text=_("What it is for, to tell your tokens apart (e.g. “R script, laptop”)."),
        error_messages={"required": _("Give the token a name.")},
    )
    days = forms.TypedChoiceField(
        label=_("Expires after"),
        choices=[(d, _days_label(d)) for d in EXPIRY_DAYS],
        coerce=int,
        initial=DEFAULT_DAYS,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "token_%s")
        super().__init__(*args, **kwargs)

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Give the token a name."))
        return name
