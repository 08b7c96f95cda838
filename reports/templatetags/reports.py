from django import template

from reports.observations import yes_no_mark as _yes_no_mark

register = template.Library()


@register.filter
def yes_no_mark(value):
    return _yes_no_mark(value)
