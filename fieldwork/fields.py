"""A model field for `multi` items: any number of option codes from a fixed list.

Stored as text with the codes between commas (",human,material,"), so that each option can be
counted in the database with a plain LIKE on both PostgreSQL and SQLite:
`Count("id", filter=Q(resources_available__has="human"))`.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.lookups import Contains
from django.utils.translation import gettext_lazy as _

SEP = ","


class MultiChoiceField(models.CharField):
    description = _("Several options from a list")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        if "max_length" not in kwargs and kwargs.get("choices"):
            kwargs["max_length"] = sum(len(str(c[0])) + 1 for c in kwargs["choices"]) + 1
        super().__init__(*args, **kwargs)

    # Python side is a list of codes in the option order; "" / [] means nothing chosen.

    def _codes(self):
        return [str(c[0]) for c in self.choices or ()]

    def to_python(self, value):
        if value is None or value == "":
            return []
        if isinstance(value, list | tuple):
            return [str(v) for v in value]
        return [v for v in str(value).replace(" ", SEP).split(SEP) if v]

    def from_db_value(self, value, expression, connection):
        return self.to_python(value)

    def get_prep_value(self, value):
        chosen = set(self.to_python(value))
        ordered = [c for c in self._codes() if c in chosen]
        ordered += sorted(chosen - set(ordered))  # unknown codes are kept, validate() flags them
        return f"{SEP}{SEP.join(ordered)}{SEP}" if ordered else ""

    def value_to_string(self, obj):
        return " ".join(self.to_python(self.value_from_object(obj)))

    def validate(self, value, model_instance):
        unknown = [v for v in self.to_python(value) if v not in self._codes()]
        if unknown:
            raise ValidationError(
                _("%(value)s is not one of the available options."),
                code="invalid_choice",
                params={"value": ", ".join(unknown)},
            )

    def get_default(self):
        return []

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            label=self.verbose_name,
            required=not self.blank,
            choices=self.choices,
            widget=forms.CheckboxSelectMultiple,
            help_text=self.help_text,
        )


@MultiChoiceField.register_lookup
class HasOption(Contains):
    """`field__has="code"`: the option was chosen."""

    lookup_name = "has"

    def get_prep_lookup(self):
        return f"{SEP}{self.rhs}{SEP}"

    def get_rhs_op(self, connection, rhs):
        return connection.operators["contains"] % rhs
