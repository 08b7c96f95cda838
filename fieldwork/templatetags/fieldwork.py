from django import template

register = template.Library()


@register.filter
def lookup(mapping, key):
    """`{{ mapping|lookup:key }}`: a dictionary entry by a variable key."""
    return mapping.get(key) if mapping else None
