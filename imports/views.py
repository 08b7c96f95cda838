"""Spreadsheet import (coordinators): upload, preview, confirm; and the layouts' templates."""

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.roles import can_import
from reports.renderers import write_xlsx

from . import services
from .forms import UploadForm
from .layouts import Kind, template_exporters
from .reading import MAX_FILE_MB, MAX_ROWS, UnreadableFile, read_file

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _check(request) -> None:
    if not can_import(request.user):
        raise PermissionDenied


def _upload_page(request, form, status=200):
    return render(
        request,
        "imports/upload.html",
        {"form": form, "kinds": list(Kind), "max_mb": MAX_FILE_MB, "max_rows": MAX_ROWS},
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def upload_view(request):
    _check(request)
    if request.method != "POST":
        return _upload_page(request, UploadForm())
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _upload_page(request, form, status=400)
    upload = form.cleaned_data["file"]
    content = upload.read()
    try:
        read_file(upload.name, content)  # refused now if it cannot be read, not kept
    except UnreadableFile as problem:
        form.add_error("file", str(problem))
        return _upload_page(request, form, status=400)
    pending = services.keep_upload(
        user=request.user, kind=form.cleaned_data["kind"], file_name=upload.name, content=content
    )
    return redirect("imports:preview", token=pending.token)


def _pending(request, token: str):
    pending = services.pending_for(request.user, token)
    if pending is None:
        raise Http404
    return pending


def _preview_page(request, pending, *, changed: bool = False, status: int = 200):
    try:
        plan = services.make_plan(pending)
    except UnreadableFile as problem:
        form = UploadForm(initial={"kind": pending.kind})
        form.add_error(None, str(problem))
        return _upload_page(request, form, status=400)
    return render(
        request,
        "imports/preview.html",
        {
            "pending": pending,
            "plan": plan,
            "kind": Kind(pending.kind),
            "changed": changed,
            "rows": plan.rows,
            "counts": plan.counts,
        },
        status=status,
    )


@require_safe
def preview_view(request, token: str):
    _check(request)
    return _preview_page(request, _pending(request, token))


@require_POST
def confirm_view(request, token: str):
    _check(request)
    pending = _pending(request, token)
    try:
        plan = services.apply_plan(pending, request.POST.get("digest", ""))
    except services.PlanChanged:
        return _preview_page(request, pending, changed=True, status=409)
    except UnreadableFile:
        return _preview_page(request, pending, status=400)
    counts = plan.counts
    messages.success(
        request,
        _(
            "Imported from %(file)s: %(created)s created, %(updated)s updated, "
            "%(unchanged)s unchanged."
        )
        % {
            "file": plan.file_name,
            "created": counts["create"],
            "updated": counts["update"],
            "unchanged": counts["unchanged"],
        },
    )
    return redirect("imports:upload")


@require_safe
def template_view(request, kind: str):
    """An empty workbook with the kind's sheet (and interviews' Actors sheet): the headers,
    questions over codes, in the page's language."""
    _check(request)
    try:
        kind = Kind(kind)
    except ValueError:
        raise Http404 from None
    buffer = io.BytesIO()
    write_xlsx(template_exporters(kind), buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="template-{kind.value}.xlsx"'
    return response
