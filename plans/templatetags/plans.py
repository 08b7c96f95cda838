from django import template

from ..permissions import can_read_plan

register = template.Library()


@register.filter
def plan_readable_by(centre, user) -> bool:
    """`{% if centre|plan_readable_by:user %}`: whether the user may open the centre's plan."""
    return can_read_plan(user, centre)
