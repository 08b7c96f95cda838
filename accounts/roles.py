"""The three roles of the fieldwork team, kept as Django groups.

Every permission decision in the app goes through the predicates below, so that views,
templates and selectors agree on who may do what.
"""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class Role(StrEnum):
    RESEARCHER = "researcher"
    COORDINATOR = "coordinator"
    ANALYST = "analyst"

    @property
    def label(self) -> str:
        return str(_ROLE_LABELS[self])


_ROLE_LABELS = {
    Role.RESEARCHER: _("researcher"),
    Role.COORDINATOR: _("coordinator"),
    Role.ANALYST: _("analyst"),
}


def _group_names(user) -> set[str]:
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_role_cache", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._role_cache = cached
    return cached


def has_role(user, role: Role) -> bool:
    return user.is_authenticated and (user.is_superuser or role.value in _group_names(user))


def is_coordinator(user) -> bool:
    return has_role(user, Role.COORDINATOR)


def can_fill_forms(user) -> bool:
    """Researchers and coordinators create and edit instrument records."""
    return has_role(user, Role.RESEARCHER) or is_coordinator(user)


def can_read_results(user) -> bool:
    return is_coordinator(user) or has_role(user, Role.ANALYST)


def can_code_notes(user) -> bool:
    """The theme codebook and the coding of notes are for coordinators and analysts."""
    return can_read_results(user)


def can_count_unreviewed(user) -> bool:
    """Drafts and returned records count in results and exports only for coordinators."""
    return is_coordinator(user)


def can_read_researcher_names(user) -> bool:
    """Exports name the researchers for coordinators; analysts get pseudonyms."""
    return is_coordinator(user)


def can_read_registry(user) -> bool:
    """The centre pages list each centre's records: they are for the fieldwork team."""
    return can_fill_forms(user)


def can_edit_registry(user) -> bool:
    """Coordinators keep the registry of centres: they add, edit and deactivate centres."""
    return is_coordinator(user)


def can_import(user) -> bool:
    """Coordinators import centres, interviews and observations from spreadsheets."""
    return is_coordinator(user)


def can_read_submissions(user) -> bool:
    """Raw submission pages (with respondent names) are for the fieldwork team only."""
    return can_fill_forms(user)


def can_edit_plans(user) -> bool:
    """Coordinators agree, edit, drop and add the actions of a centre's support plan."""
    return is_coordinator(user)


def can_read_programme(user) -> bool:
    """The programme across centres (no respondent names) is read like the results."""
    return can_read_results(user)
