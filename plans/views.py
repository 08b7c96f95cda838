"""The plan of a centre (read, refresh, agree, edit, drop, add) and the programme across
centres. Writes are in services.py; bad input is a 400 that keeps what was typed, an edit of
an action someone else has just changed a 409 that keeps it too."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.roles import can_edit_plans, can_read_programme
from centres.models import Centre
from reports.filters import ReportFilterForm, refused

from . import services
from .forms import ActionForm, StatusForm
from .history import plan_log
from .models import ActionStatus, PlanAction
from .permissions import can_read_plan, may_open_plans
from .selectors import plan, programme


def _centre(request, pk: int) -> Centre:
    if not may_open_plans(request.user):
        raise PermissionDenied
    centre = get_object_or_404(Centre, pk=pk)
    if not can_read_plan(request.user, centre):
        raise PermissionDenied
    return centre


def _action(request, pk: int, action_id: int) -> PlanAction:
    if not can_edit_plans(request.user):
        raise PermissionDenied
    return get_object_or_404(PlanAction, pk=action_id, centre_id=pk)


def _page(request, centre, *, forms=None, new_form=None, status=200, error=""):
    """The plan page; `forms` holds the bound form of an action whose edit was refused."""
    shown = plan(centre)
    editing = can_edit_plans(request.user)
    forms = forms or {}
    if editing:
        for item in shown.items:
            item.form = forms.get(item.action.pk) or ActionForm(instance=item.action)
            item.open = item.action.pk in forms
    return render(
        request,
        "plans/centre_plan.html",
        {
            "centre": centre,
            "plan": shown,
            "can_edit": editing,
            "new_form": (new_form or ActionForm()) if editing else None,
            "statuses": ActionStatus.choices,
            "error": error,
            "history": plan_log(centre) if editing else None,
        },
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def centre_plan(request, pk: int):
    centre = _centre(request, pk)
    if request.method == "POST":
        if not can_edit_plans(request.user):
            raise PermissionDenied
        if "refresh" in request.POST:
            changed = services.refresh_proposals(centre)
            messages.success(request, _("Proposals checked against the latest records: "
                                        "%(proposed)s new, %(obsolete)s now obsolete, "
                                        "%(current)s current again.") % changed)  # fmt: skip
            return redirect("plans:centre", pk=centre.pk)
        form = ActionForm(request.POST)
        if not form.is_valid():
            return _page(request, centre, new_form=form, status=400,
                         error=_("The action was not added: see the form below."))  # fmt: skip
        form.instance.centre = centre
        action = services.save_action(form)
        messages.success(request, _("Action added to the plan."))
        return redirect(action.get_absolute_url())
    # Reading never writes: proposals follow the records when they are submitted or reviewed
    # (signals.py); a coordinator can check them again with the page's refresh button.
    return _page(request, centre)


@require_POST
def action_edit(request, pk: int, action_id: int):
    action = _action(request, pk, action_id)
    form = ActionForm(request.POST, instance=action)
    if not form.is_valid():
        return _page(request, action.centre, forms={action.pk: form}, status=400,
                     error=_("The action was not saved: see its form."))  # fmt: skip
    try:
        services.save_action(form, version=form.cleaned_data["version"])
    except services.StaleVersion:
        # What was typed stays in the form; the page shows the action as it is now.
        fresh = ActionForm(request.POST, instance=PlanAction.objects.get(pk=action.pk))
        fresh.is_valid()
        return _page(request, action.centre, forms={action.pk: _with_version(fresh)}, status=409,
                     error=_("Someone else changed this action meanwhile: check it and save "
                             "again."))  # fmt: skip
    messages.success(request, _("Action saved."))
    return redirect(action.get_absolute_url())


def _with_version(form: ActionForm) -> ActionForm:
    """The form as typed, to be saved on the action's current version."""
    data = form.data.copy()
    data[form.add_prefix("version")] = str(form.instance.version)
    return ActionForm(data, instance=form.instance)


@require_POST
def action_status(request, pk: int, action_id: int):
    action = _action(request, pk, action_id)
    form = StatusForm(request.POST)
    if not form.is_valid():
        error = _("The status was not changed: choose one of the statuses.")
        return _page(request, action.centre, status=400, error=error)
    try:
        services.set_status(
            action, ActionStatus(form.cleaned_data["status"]), version=form.cleaned_data["version"]
        )
    except services.StaleVersion:
        return _page(request, action.centre, status=409,
                     error=_("Someone else changed this action meanwhile: its status was not "
                             "changed. Check it and try again."))  # fmt: skip
    messages.success(
        request,
        _("%(action)s: %(status)s.")
        % {"action": action.display_title, "status": ActionStatus(action.status).label},
    )
    return redirect(action.get_absolute_url())


def programme_headline(result) -> str:
    """ "5 centres with a plan (3 public, 2 private): 112 actions, 20 obsolete.", each count
    with its own plural so the Spanish agrees ("1 privado", "2 públicos")."""
    counts = {
        "centres": ngettext("%(n)s centre with a plan", "%(n)s centres with a plan",
                            result.centres),
        "public": ngettext("%(n)s public", "%(n)s public", result.public),
        "private": ngettext("%(n)s private", "%(n)s private", result.private),
        "actions": ngettext("%(n)s action", "%(n)s actions", result.total),
        "obsolete": ngettext("%(n)s obsolete", "%(n)s obsolete", result.obsolete),
    }  # fmt: skip
    n = {"centres": result.centres, "public": result.public, "private": result.private,
         "actions": result.total, "obsolete": result.obsolete}  # fmt: skip
    parts = {key: text % {"n": n[key]} for key, text in counts.items()}
    return _("%(centres)s (%(public)s, %(private)s): %(actions)s, %(obsolete)s.") % parts


@require_safe
def programme_view(request):
    if not can_read_programme(request.user):
        raise PermissionDenied
    form = ReportFilterForm(request.GET or None)
    filters = form.filters()
    result = programme(filters)
    return render(
        request,
        "plans/programme.html",
        {
            "form": form,
            "programme": result,
            "headline": programme_headline(result),
            "statuses": ActionStatus.choices,
            "can_open_plans": can_edit_plans(request.user),
            "query": request.GET.urlencode(),
        },
        status=400 if refused(form, ("round", "state", "sector", "operator")) else 200,
    )
