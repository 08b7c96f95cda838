from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.views.decorators.http import require_safe

from .roles import can_fill_forms, can_read_results


@require_safe
def home(request):
    """Each role lands on its own work: the registry for fieldwork, results for analysts."""
    if can_fill_forms(request.user):
        return redirect("centres:list")
    if can_read_results(request.user):
        return redirect("reports:results")
    raise PermissionDenied
