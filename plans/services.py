"""Writes of the plans: refreshing a centre's proposals, and a coordinator's edits.

`refresh_proposals` is idempotent: a rule that fires and has no action yet gets one (status
*proposed*); an action whose rule no longer fires on the centre's latest records is flagged
obsolete (never removed), and unflagged if it fires again; a dropped action is not proposed
again. Rules whose records are missing (no counted interview, say) or held back (the latest
record returned for changes: `findings.CentreFindings.held`) are left as they are.
"""

from django.db import IntegrityError, transaction
from django.db.models import F

from .findings import centre_findings, evaluable, fires
from .models import ActionStatus, PlanAction
from .rules import RULES


class StaleVersion(Exception):
    """The action was changed by someone else since this copy was loaded."""


def _as_system(action: PlanAction) -> PlanAction:
    """The change is the app's, not the user's whose request triggered it."""
    action._history_user = None
    return action


@transaction.atomic
def refresh_proposals(centre) -> dict[str, int]:
    """Propose the actions the centre's latest counted records call for; flag obsolete ones.

    Returns what changed: `{"proposed": n, "obsolete": n, "current": n}`.
    """
    found = centre_findings(centre)
    existing = {a.rule: a for a in PlanAction.objects.filter(centre=centre, rule__isnull=False)}
    changed = {"proposed": 0, "obsolete": 0, "current": 0}
    for rule in RULES:
        if not evaluable(rule, found):
            continue
        action = existing.get(rule.code)
        firing = fires(rule, found)
        if action is None:
            if firing and _propose(centre, rule):
                changed["proposed"] += 1
        elif action.obsolete == firing:
            # Obsolete and firing again, or current and no longer firing.
            action.obsolete = not firing
            _as_system(action).save(update_fields=["obsolete", "updated_at"])
            changed["obsolete" if action.obsolete else "current"] += 1
    return changed


def _propose(centre, rule) -> bool:
    """A new proposal; False when a simultaneous refresh made it first."""
    action = PlanAction(centre=centre, rule=rule.code, area=rule.area, priority=rule.priority)
    try:
        with transaction.atomic():
            _as_system(action).save()
    except IntegrityError:
        return False
    return True


@transaction.atomic
def save_action(form, *, version: int | None = None) -> PlanAction:
    """Save a validated action form: a new action by hand, or an edit of one.

    An edit made on `version` is applied only if the action is still at that version.
    """
    action: PlanAction = form.save(commit=False)
    if action.pk is not None:
        claimed = PlanAction.objects.filter(pk=action.pk, version=version).update(
            version=F("version") + 1
        )
        if not claimed:
            raise StaleVersion
        action.version = version + 1
        # Only what the form edits: a refresh may have flagged the action meanwhile.
        action.save(update_fields=[*form._meta.fields, "version", "updated_at"])
    else:
        action.save()
    return action


@transaction.atomic
def set_status(action: PlanAction, status: ActionStatus, *, version: int | None) -> PlanAction:
    """A quick change of status (agree, start, done, drop) on the version the user saw."""
    claimed = PlanAction.objects.filter(pk=action.pk, version=version).update(
        version=F("version") + 1
    )
    if not claimed:
        raise StaleVersion
    action.version = version + 1
    action.status = status
    action.save(update_fields=["status", "version", "updated_at"])
    return action


def refresh_centres(centre_ids) -> None:
    """Refresh the proposals of each centre (after records are submitted or reviewed)."""
    from centres.models import Centre

    for centre in Centre.objects.filter(pk__in=set(centre_ids)):
        refresh_proposals(centre)
