from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from .models import MEXICAN_STATES, Centre, Operator, Sector
from .selectors import similar_centres


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


def show_filter() -> forms.ChoiceField:
    """Which centres the registry's list shows: the active ones (blank), inactive ones or all."""
    return forms.ChoiceField(
        label=_("Centres shown"),
        required=False,
        choices=[
            ("", _("Active centres")),
            ("inactive", _("Inactive centres")),
            ("all", _("Active and inactive centres")),
        ],
    )


class CentreFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    state = state_filter()
    sector = sector_filter()
    show = show_filter()


#: Operators that are public bodies, and the one that is private.
PUBLIC_OPERATORS = {Operator.FEDERAL_DIF, Operator.STATE_DIF, Operator.MUNICIPAL_DIF}
PRIVATE_OPERATORS = {Operator.CIVIL_SOCIETY}
MAX_CAPACITY = 10_000


class CentreForm(forms.ModelForm):
    """Every registry field of a centre, for coordinators. A name that is, once normalised,
    the name of another centre of the same state is a warning to confirm, not a refusal."""

    confirm_duplicate = forms.BooleanField(
        label=_("Save anyway: it is a different centre"), required=False
    )

    class Meta:
        model = Centre
        fields = [
            "name",
            "state",
            "municipality",
            "address",
            "sector",
            "operator",
            "specialises_in_migrant_children",
            "registry_status",
            "capacity",
            "active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["capacity"].max_value = MAX_CAPACITY
        self.fields["capacity"].widget.attrs["max"] = MAX_CAPACITY
        self.fields["capacity"].validators.append(MaxValueValidator(MAX_CAPACITY))
        self.fields["registry_status"].choices = [
            ("", _("Unknown")),
            *self.fields["registry_status"].choices[1:],
        ]
        self.similar: list[Centre] = []

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if len(name) < 3:
            raise forms.ValidationError(_("Type the centre's full name."), code="short")
        return name

    def clean_municipality(self) -> str:
        municipality = " ".join(self.cleaned_data["municipality"].split())
        if not municipality:
            raise forms.ValidationError(_("Type the municipality."), code="required")
        return municipality

    def clean(self):
        cleaned = super().clean()
        sector, operator = cleaned.get("sector"), cleaned.get("operator")
        if operator in PUBLIC_OPERATORS and sector == Sector.PRIVATE:
            self.add_error("sector", _("A DIF centre is public: choose the public sector."))
        elif operator in PRIVATE_OPERATORS and sector == Sector.PUBLIC:
            self.add_error(
                "sector", _("A centre run by civil society is private: choose the private sector.")
            )
        name, state = cleaned.get("name"), cleaned.get("state")
        if name and state and "name" not in self.errors:
            self.similar = similar_centres(name, state, exclude_pk=self.instance.pk)
            if self.similar and not cleaned.get("confirm_duplicate"):
                raise forms.ValidationError(
                    _(
                        "%(state)s already has a centre with this name: %(names)s. If this is "
                        "another centre, tick “Save anyway” and save again; if it is the same "
                        "one, open it instead."
                    ),
                    code="duplicate_name",
                    params={"state": state, "names": "; ".join(c.name for c in self.similar)},
                )
        return cleaned

    @property
    def asks_to_confirm(self) -> bool:
        return any(e.code == "duplicate_name" for e in self.non_field_errors().as_data())
