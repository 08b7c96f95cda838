"""Who may see a centre's plan: coordinators any, researchers those of centres they visited
(read-only). Analysts read the programme across centres, not the centre pages."""

from accounts.roles import Role, can_edit_plans, has_role
from fieldwork.permissions import has_visited


def may_open_plans(user) -> bool:
    """The role check, before the centre is looked up."""
    return can_edit_plans(user) or has_role(user, Role.RESEARCHER)


def can_read_plan(user, centre) -> bool:
    if can_edit_plans(user):
        return True
    if not has_role(user, Role.RESEARCHER):
        return False
    return has_visited(user, centre)
