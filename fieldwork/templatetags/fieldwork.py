import json
import uuid

from django import template
from django.utils.html import format_html

from fieldwork.rendering import render_field

register = template.Library()


@register.filter
def as_field(bound_field):
    """`{{ form.field|as_field }}`: the field with its label, errors and help (rendering.py)."""
    return render_field(bound_field)


@register.filter
def lookup(mapping, key):
    """`{{ mapping|lookup:key }}`: a dictionary entry by a variable key."""
    return mapping.get(key) if mapping else None


@register.filter
def record_url(record, name: str) -> str:
    """`{% url record|record_url:'edit' record.pk %}`: the record's app namespace."""
    return f"{record._meta.app_label}:{name}"


@register.simple_tag
def new_uuid() -> str:
    """A fresh id, e.g. for the `save_id` of one rendering of a form."""
    return str(uuid.uuid4())


@register.simple_tag
def error_entries(form, formsets) -> list[dict]:
    """Each answer to correct, in the form's order: `href` (its field), `label`, `errors`."""
    entries = []
    plain = getattr(form, "plain_labels", {})
    for field in form:
        if field.errors:
            label = plain.get(field.name, field.label)
            entries.append(
                {"href": f"#div_{field.auto_id}", "label": label, "errors": field.errors}
            )
    for formset in (formsets or {}).values():
        for number, row in enumerate(formset, start=1):
            for field in row:
                if field.errors:
                    label = format_html("{} ({})", field.label, number)
                    entries.append(
                        {"href": f"#div_{field.auto_id}", "label": label, "errors": field.errors}
                    )
    return entries


@register.simple_tag
def formset_errors(formsets) -> bool:
    """Whether any related rows have an error of their own (not one of a field)."""
    return any(formset.non_form_errors() for formset in (formsets or {}).values())


@register.filter
def json_attr(value) -> str:
    """A value as JSON, for a data attribute (the template escapes it)."""
    return json.dumps(value)
