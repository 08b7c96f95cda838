"""What changed at a centre between two rounds (`/centres/<id>/changes/?from=&to=`): question
by question, then and now, marked from the directions table (`reports.directions`), and the
plan's actions done between the two visits. Who may read it: as the centre report (names no
respondent and no researcher)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from accounts.roles import can_fill_forms, can_read_results, can_read_submissions
from centres.models import Centre
from fieldwork.permissions import can_read_centre_report
from reports.change_views import CentreRoundPairForm
from reports.changes import centre_changes, counted_rounds
from reports.directions import Outcome

from .selectors import actions_done_between


@require_safe
def centre_changes_view(request, pk: int):
    if not (can_read_results(request.user) or can_fill_forms(request.user)):
        raise PermissionDenied
    centre = get_object_or_404(Centre, pk=pk)
    if not can_read_centre_report(request.user, centre):
        raise PermissionDenied
    form = CentreRoundPairForm(request.GET, counted=counted_rounds(centre))
    pair = form.pair()
    instruments, actions = [], []
    if pair:
        instruments = centre_changes(centre, *pair)
        visits = {"then": None, "now": None}
        for changes in instruments:  # the interview's visit, else the observation's
            for side in visits:
                record = getattr(changes, side)
                if visits[side] is None and record is not None:
                    visits[side] = record.visit_date
        actions = actions_done_between(centre, visits["then"], visits["now"])
    marks = (Outcome.IMPROVEMENT, Outcome.REGRESSION, Outcome.NEW_NEED)
    return render(
        request,
        "plans/centre_changes.html",
        {
            "centre": centre,
            "form": form,
            "pair": pair,
            # By default the centre's two latest rounds with a counted record: fewer than two,
            # the page says so (and in which round its record is).
            "counted": form.counted,
            "rounds_total": len(form.rounds),
            "instruments": instruments,
            "totals": [
                (mark, sum(changes.count(mark) for changes in instruments)) for mark in marks
            ],
            "actions": actions,
            # Analysts do not open record pages (nor see who did the fieldwork).
            "link_records": can_read_submissions(request.user),
        },
        status=400 if form.errors else 200,
    )
