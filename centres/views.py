from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_http_methods, require_safe

from accounts.roles import can_edit_registry, can_fill_forms, can_read_registry, is_coordinator
from fieldwork.history import change_log
from fieldwork.permissions import can_read_centre_report
from fieldwork.selectors import listed_records_for_centre, records_for_centre
from interviews.models import Interview
from observations.models import Observation, Photo

from . import services
from .forms import CentreFilterForm, CentreForm
from .models import Centre
from .selectors import centre_choices, centre_choices_version, centre_list


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
            "interviews": listed_records_for_centre(Interview, centre, request.user),
            "observations": listed_records_for_centre(Observation, centre, request.user),
            "photos": Photo.objects.filter(
                observation__in=records_for_centre(Observation, centre, request.user).values("pk")
            ).only("pk", "observation_id", "space", "caption"),
            "history": change_log(centre) if is_coordinator(request.user) else None,
            "can_read_report": can_read_centre_report(request.user, centre),
        },
    )


@require_safe
@gzip_page
def centre_choices_view(request):
    """The forms' centre search, as one compact list that the device caches and revalidates
    (ETag, Last-Modified): a 304 costs two aggregate queries. Registry data only, nothing
    personal; for the roles that fill forms."""
    if not can_fill_forms(request.user):
        raise PermissionDenied
    etag, last_modified = centre_choices_version()
    timestamp = int(last_modified.timestamp()) if last_modified else None
    response = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if response is None:
        response = JsonResponse(
            {"fields": ["id", "name", "state", "municipality"], "centres": centre_choices()},
            json_dumps_params={"separators": (",", ":"), "ensure_ascii": False},
        )
    response.headers["ETag"] = etag
    if timestamp is not None:
        response.headers["Last-Modified"] = http_date(timestamp)
    # Kept by the browser and the device, but asked again (cheaply) before each use.
    patch_cache_control(response, private=True, no_cache=True)
    return response


def _centre_form(request, centre: Centre | None):
    if not can_edit_registry(request.user):
        raise PermissionDenied
    form = CentreForm(request.POST or None, instance=centre)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            saved = services.save_centre(form)
            messages.success(request, _("Centre “%s” saved.") % saved.name)
            return redirect(saved)
        status = 400
    return render(
        request,
        "centres/centre_form.html",
        {"form": form, "centre": centre, "history": change_log(centre) if centre else None},
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def centre_create_view(request):
    """Coordinators add a centre to the registry (every registry field)."""
    return _centre_form(request, None)


@require_http_methods(["GET", "HEAD", "POST"])
def centre_edit_view(request, pk: int):
    """Coordinators edit a centre, or mark it inactive: centres are never deleted here."""
    if not can_edit_registry(request.user):
        raise PermissionDenied
    return _centre_form(request, get_object_or_404(Centre, pk=pk))
