"""Who may see a centre's plan: coordinators any, researchers those of centres they visited
(read-only). Analysts read the programme across centres, not the centre pages."""

from accounts.roles import Role, can_edit_plans, has_role
from interviews.models import Interview
from observations.models import Observation


def may_open_plans(user) -> bool:
    """The role check, before the centre is looked up."""
    return can_edit_plans(user) or has_role(user, Role.RESEARCHER)


def can_read_plan(user, centre) -> bool:
    if can_edit_plans(user):
        return True
    if not has_role(user, Role.RESEARCHER):
        return False
    return any(
        model.objects.filter(centre=centre, interviewer=user).exists()
        for model in (Interview, Observation)
    )
