from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from accounts.roles import can_read_registry, is_coordinator
from fieldwork.history import change_log
from fieldwork.selectors import records_for_centre
from interviews.models import Interview
from observations.models import Observation, Photo

from .forms import CentreFilterForm
from .models import Centre
from .selectors import centre_list


def _check(request) -> None:
    if not can_read_registry(request.user):
        raise PermissionDenied


@require_safe
def centre_list_view(request):
    _check(request)
    form = CentreFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(centre_list(**filters), settings.PAGINATE_BY).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "centres/centre_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@require_safe
def centre_detail_view(request, pk: int):
    _check(request)
    centre = get_object_or_404(Centre, pk=pk)
    return render(
        request,
        "centres/centre_detail.html",
        {
            "centre": centre,
            "interviews": records_for_centre(Interview, centre, request.user),
            "observations": records_for_centre(Observation, centre, request.user),
            "photos": Photo.objects.filter(
                observation__in=records_for_centre(Observation, centre, request.user)
            ).select_related("observation"),
            "history": change_log(centre) if is_coordinator(request.user) else None,
        },
    )
