"""Serializer fields for the instruments' answers, built from the spec (one per item type).

What a field writes depends on the request (the serializer's context, `api.views.Output`):
codes or labels (`?values=`), and whether respondents' names may be shown. Without names, a
personal item is its pseudonym (as in the site's exports, `P-` and 10 hex digits) and every
other text of the record has the personal answers masked (as the coding screen, the plans and
the centre report do).
"""

from decimal import Decimal

from django.utils.text import format_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.privacy import pseudonym
from coding.selectors import mask_names
from fieldwork.spec import Item, ItemType
from reports.exporters import Values

NULLABLE_STRING = {"type": "string", "nullable": True}


def output(field: serializers.Field):
    """The request's output options (`api.views.Output`), from the serializer's context."""
    return field.context["output"]


class AnswerField(serializers.Field):
    def __init__(self, item: Item, **kwargs):
        self.item = item
        kwargs.setdefault("help_text", item.label)
        super().__init__(read_only=True, **kwargs)

    def labels(self) -> bool:
        return output(self).values == Values.LABELS


@extend_schema_field(
    {"oneOf": [{"type": "boolean", "nullable": True}, {"type": "string"}],
     "description": "true/false (codes) or Yes/No in the response's language (labels)"}
)  # fmt: skip
class YesNoField(AnswerField):
    def to_representation(self, value):
        if value is None or not self.labels():
            return value
        return output(self).yes_no[value]


@extend_schema_field(NULLABLE_STRING)
class SingleField(AnswerField):
    def to_representation(self, value):
        if not value:
            return None
        return str(self.item.option_label(value)) if self.labels() else value


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class MultiField(AnswerField):
    def to_representation(self, value):
        chosen = list(value or ())
        if self.labels():
            return [str(self.item.option_label(code)) for code in chosen]
        return chosen


@extend_schema_field({"type": "string"})
class TextField(AnswerField):
    """Typed text: personal items as pseudonyms, the others with personal answers masked,
    unless names may be shown."""

    def __init__(self, item: Item, *, personal: bool = False, **kwargs):
        self.personal = personal
        super().__init__(item, **kwargs)

    def to_representation(self, value):
        value = value or ""
        if output(self).names:
            return value
        if self.personal:
            return pseudonym(value)
        names = self.parent.personal_values
        return mask_names(value, names) if names and value else value


@extend_schema_field({"type": "integer", "nullable": True})
class IntField(AnswerField):
    def to_representation(self, value):
        return value


@extend_schema_field({"type": "number", "nullable": True})
class DecimalField(AnswerField):
    def to_representation(self, value):
        return float(value) if isinstance(value, Decimal) else value


@extend_schema_field({"type": "string", "format": "date", "nullable": True})
class DateField(AnswerField):
    def to_representation(self, value):
        return value.isoformat() if value else None


class NotesField(TextField):
    def __init__(self, item: Item, **kwargs):
        help_text = format_lazy("{}: {}", item.label, item.notes_label)
        super().__init__(item, help_text=help_text, **kwargs)


FIELD_BY_TYPE = {
    ItemType.YESNO: YesNoField,
    ItemType.SINGLE: SingleField,
    ItemType.MULTI: MultiField,
    ItemType.INT: IntField,
    ItemType.DECIMAL: DecimalField,
    ItemType.DATE: DateField,
}


def answer_fields(spec) -> dict[str, serializers.Field]:
    """One field per column of the instrument, in codebook order (the centre, the interviewer
    and repeat groups are the record's own fields)."""
    fields: dict[str, serializers.Field] = {}
    for item in spec.items:
        if item.type in (ItemType.CENTRE, ItemType.USER, ItemType.REPEAT):
            continue
        if item.type == ItemType.TEXT:
            fields[item.code] = TextField(item, personal=item.personal)
        else:
            fields[item.code] = FIELD_BY_TYPE[item.type](item)
        if item.notes:
            fields[item.notes_code] = NotesField(item)
    return fields
