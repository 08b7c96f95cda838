"""The audit log for coordinators: a filtered, paginated page and its CSV download."""

import csv
import json

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from accounts.roles import is_coordinator
from fieldwork.models import Round

from .forms import AuditFilterForm
from .labels import filters_text, round_ids, what_label
from .selectors import access_entries
from .services import record_access

HEADER = ["when", "user", "what", "format", "rows", "with_names", "filters"]


def _form(request) -> AuditFilterForm:
    if not is_coordinator(request.user):
        raise PermissionDenied
    return AuditFilterForm(request.GET or None)


def _query(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@require_safe
def log_view(request):
    form = _form(request)
    entries = access_entries(**form.filters())
    page = Paginator(entries, settings.PAGINATE_BY).get_page(request.GET.get("page"))
    # The rounds the page's entries name, by name: one query for the page.
    ids = round_ids(page.object_list)
    names = dict(Round.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}
    names = {str(pk): name for pk, name in names.items()}
    for entry in page.object_list:
        entry.filters_text = filters_text(entry.filters, names)
        entry.what_label = what_label(entry.what)
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(
        request,
        "audit/log.html",
        {
            "form": form,
            "page": page,
            "query": _query(request),
            "filtered": any(request.GET.get(k) for k in form.fields),
        },
        status=status,
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


def _lines(entries):
    writer = csv.writer(_Echo())
    yield "\ufeff"
    yield writer.writerow(HEADER)
    for entry in entries.iterator(chunk_size=1000):
        yield writer.writerow(
            [
                timezone.localtime(entry.at).isoformat(timespec="seconds"),
                entry.username,
                entry.what,
                entry.format,
                "" if entry.rows is None else entry.rows,
                int(entry.with_names),
                _json(entry.filters),
            ]
        )


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


@require_safe
def log_csv(request):
    form = _form(request)
    if form.is_bound and not form.is_valid():
        # Never the whole log for filters that were not understood: the page, with why (400).
        return log_view(request)
    filters = form.filters()
    entries = access_entries(**filters)
    # The download of the log is itself an access: written first, so that it lists itself.
    record_access(
        request.user, "audit_log", filters=filters, with_names=False, rows=entries.count(),
        fmt="csv",
    )  # fmt: skip
    response = StreamingHttpResponse(_lines(entries), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="audit-log-{stamp}.csv"'
    return response
