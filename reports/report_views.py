"""The centre report as a PDF (`/centres/<id>/report.pdf?lang=es|en`)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from accounts.language import supported
from accounts.roles import can_fill_forms, can_read_results
from audit.services import record_access
from centres.models import Centre
from fieldwork.permissions import can_read_centre_report

from .centre_report import centre_report
from .pdf import render_pdf

TEMPLATE = "reports/report/centre.html"


def report_language(request) -> str:
    """The request's language unless `?lang=` asks for another (as the exports do)."""
    code = request.GET.get("lang", "")
    return code if supported(code) else translation.get_language()


@require_safe
def centre_report_view(request, pk: int):
    if not (can_read_results(request.user) or can_fill_forms(request.user)):
        raise PermissionDenied
    centre = get_object_or_404(Centre, pk=pk)
    if not can_read_centre_report(request.user, centre):
        raise PermissionDenied
    language = report_language(request)
    with translation.override(language):
        report = centre_report(centre)
        pdf = render_pdf(TEMPLATE, {"report": report, "language": language})
    stamp = timezone.localtime().strftime("%Y%m%d")
    name = f"{slugify(centre.name)[:60] or centre.pk}-{language}-{stamp}.pdf"
    record_access(
        request.user, "centre_report_pdf", filters={"centre": centre.pk, "lang": language},
        with_names=False, fmt="pdf",
    )  # fmt: skip
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
