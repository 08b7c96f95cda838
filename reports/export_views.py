"""*My exports*: the background workbooks of the user, their progress and their files."""

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts.roles import can_read_results
from audit.services import record_access
from centres.models import Operator, Sector
from fieldwork.models import Status

from .background import my_exports
from .exporters import Values
from .filters import ReportFilters
from .models import Export, ExportStatus

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _own(request, pk: int) -> Export:
    """One of the user's own exports still kept; anyone else's is a 404."""
    if not can_read_results(request.user):
        raise PermissionDenied
    return get_object_or_404(my_exports(request.user), pk=pk)


def describe(export: Export) -> str:
    """The export's filters and options in words: "Tabasco · Public · Labels · español"."""
    filters = ReportFilters.from_json(export.filters)
    parts = [
        filters.state,
        str(Sector(filters.sector).label) if filters.sector in Sector.values else "",
        str(Operator(filters.operator).label) if filters.operator in Operator.values else "",
    ]
    if filters.date_from or filters.date_to:
        dates = [date_format(d, "SHORT_DATE_FORMAT") if d else "…" for d in
                 (filters.date_from, filters.date_to)]  # fmt: skip
        parts.append(" – ".join(dates))
    parts.append(", ".join(str(Status(s).label) for s in filters.statuses if s in Status.values))
    parts.append(_("Codes") if export.values == Values.CODES else _("Labels"))
    parts.append(export.language)
    if export.names:
        parts.append(_("with respondent names"))
    return " · ".join(part for part in parts if part)


def rows_text(export: Export) -> str:
    return _("%(rows)s of %(total)s rows written") % {
        "rows": intcomma(export.progress_rows),
        "total": intcomma(export.total_rows),
    }


@require_safe
def exports_view(request):
    if not can_read_results(request.user):
        raise PermissionDenied
    exports = list(my_exports(request.user)[:50])
    for export in exports:
        export.description = describe(export)
        export.rows_text = rows_text(export)
    return render(
        request,
        "reports/exports.html",
        {
            "exports": exports,
            "waiting": any(not e.finished for e in exports),
            "keep_days": settings.EXPORT_KEEP_DAYS,
        },
    )


def status_of(export: Export) -> dict:
    return {
        "id": export.pk,
        "status": export.status,
        "label": str(ExportStatus(export.status).label),
        "percent": export.percent,
        "rows": export.progress_rows,
        "total": export.total_rows,
        "text": rows_text(export),
        "url": export.get_absolute_url() if export.status == ExportStatus.DONE else None,
    }


@require_safe
def export_status(request, pk: int):
    """The export's progress, polled by the *My exports* page."""
    response = JsonResponse(status_of(_own(request, pk)))
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def export_file(request, pk: int):
    export = _own(request, pk)
    if export.status != ExportStatus.DONE or not export.file:
        raise Http404
    try:
        handle = export.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    record_access(
        request.user, "workbook", filters={**export.filters, "background_export": export.pk},
        with_names=export.names, rows=export.progress_rows, fmt="xlsx",
    )  # fmt: skip
    stamp = timezone.localtime(export.created_at).strftime("%Y%m%d-%H%M")
    response = FileResponse(
        handle, as_attachment=True, filename=f"cas-assessment-{stamp}.xlsx", content_type=XLSX
    )
    response["Cache-Control"] = "private, no-store"
    return response
