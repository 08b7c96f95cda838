import uuid

from django import template

register = template.Library()


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
