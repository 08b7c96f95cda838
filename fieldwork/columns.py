"""Model column factories that take their label and options from a spec item.

Models still name every column explicitly (so that migrations and readers see them), while
the spec stays the one source of labels and options; tests/test_spec.py checks they agree.
"""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .fields import MultiChoiceField
from .spec import Item

TEXT_MAX = 200


def yesno_column(item: Item) -> models.BooleanField:
    return models.BooleanField(item.label, null=True, blank=True)


def text_column(item: Item) -> models.Field:
    if item.long_text:
        return models.TextField(item.label, blank=True)
    return models.CharField(item.label, max_length=TEXT_MAX, blank=True)


def notes_column(item: Item) -> models.TextField:
    return models.TextField(format_lazy("{} ({})", item.label, _("notes")), blank=True)


def single_column(item: Item) -> models.CharField:
    return models.CharField(
        item.label,
        max_length=max(len(c) for c in item.option_codes),
        choices=[(o.code, o.label) for o in item.options],
        blank=True,
    )


def multi_column(item: Item) -> MultiChoiceField:
    return MultiChoiceField(item.label, choices=[(o.code, o.label) for o in item.options])


def int_column(item: Item) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(item.label, null=True, blank=True)


def decimal_column(item: Item) -> models.DecimalField:
    return models.DecimalField(
        item.label,
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
