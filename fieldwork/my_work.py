"""*My work*: where a researcher lands after login. Records returned for changes (the
coordinator's comment first), drafts (on the server, and those only on this device, listed by
static/js/my-work.js from the device's store), then what was submitted and approved."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from accounts.roles import can_fill_forms

from .listing import ready_rows
from .selectors import my_open_records, my_sent_records


@require_safe
def my_work(request: HttpRequest) -> HttpResponse:
    if not can_fill_forms(request.user):
        raise PermissionDenied
    sent = Paginator(my_sent_records(request.user), settings.PAGINATE_BY)
    page = sent.get_page(request.GET.get("page"))
    return render(
        request,
        "fieldwork/my_work.html",
        {
            **my_open_records(request.user),
            "page": page,
            "rows": ready_rows(page.object_list),
            "time_zone": settings.TIME_ZONE,
        },
    )
