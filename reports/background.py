"""Workbooks built in the background: the switch, the task's work, retries and clean-up.

A workbook request counts its rows first (`row_count`, one COUNT per row sheet). Above
`EXPORT_BACKGROUND_ROWS` the view calls `start_workbook`: an `Export` row is written and the
task (`reports.tasks.build_workbook`) is enqueued only once that row is committed. The task
(`run_export`) writes the same workbook as the download, with the same writer, to a file on
disk, its progress every `EXPORT_PROGRESS_EVERY` rows, and keeps the file in private storage.

A try that raises, or that shows no progress for `EXPORT_STUCK_MINUTES` (`sweep_stuck`: the
worker died, say), is marked failed; the first is tried once more, the second stays failed.
An export still queued after `EXPORT_QUEUED_MINUTES` (`sweep_lost`: its task was lost) counts
as a failed try too: queued once more (enqueued again) if it was its first, else failed.
Finished exports are deleted with their file after `EXPORT_KEEP_DAYS` (`cleanup_exports`, run
by the worker at start and before each export, and by `manage.py cleanup_exports`).

Nothing here logs a value of the rows: a failure keeps its exception's class name only.
"""

import tempfile
import uuid
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from .exporters import ROW_SHEETS, Values, workbook_exporters
from .filters import ReportFilters
from .models import Export, ExportStatus, export_storage
from .renderers import write_xlsx


class ExportFailed(Exception):
    """A try of a background export failed. Its message names the export and the class of
    the error, never the error's own message (which may quote a cell, a respondent's name)."""


def row_count(filters: ReportFilters) -> int:
    """The rows of the workbook's row sheets (what its time grows with)."""
    return sum(sheet(filters).queryset().count() for sheet in ROW_SHEETS.values())


def start_workbook(
    user,
    filters: ReportFilters,
    *,
    names: bool,
    researcher_names: bool,
    values: Values,
    language: str,
    base_url: str,
    total_rows: int,
) -> Export:
    """Write the export's row; its task is enqueued once the row is committed."""
    with transaction.atomic():
        export = Export.objects.create(
            user=user,
            filters=filters.to_json(),
            names=names,
            researcher_names=researcher_names,
            values=values.value,
            language=language,
            base_url=base_url,
            total_rows=total_rows,
        )
        transaction.on_commit(partial(enqueue, export.pk))
    return export


def enqueue(export_id: int) -> None:
    from .tasks import build_workbook

    build_workbook.enqueue(export_id)


def run_export(export_id: int) -> None:
    """The task's work: one try at building the export's workbook."""
    cleanup_exports()
    export = _claim(export_id)
    if export is None:
        return  # done, failed, deleted or taken by another worker meanwhile
    try:
        name, rows = _build(export)
    except Exception as error:
        reason = type(error).__name__
        fail(export.pk, reason)
        raise ExportFailed(
            f"Export {export.pk} failed on try {export.attempts}: {reason}"
        ) from None
    _finish(export, name, rows)


def _claim(export_id: int) -> Export | None:
    with transaction.atomic():
        export = Export.objects.select_for_update().filter(pk=export_id).first()
        if export is None or export.status != ExportStatus.QUEUED:
            return None
        now = timezone.now()
        export.status = ExportStatus.RUNNING
        export.attempts += 1
        export.started_at = export.heartbeat_at = now
        export.progress_rows = 0
        export.save(
            update_fields=["status", "attempts", "started_at", "heartbeat_at", "progress_rows"]
        )
    return export


def _build(export: Export) -> tuple[str, int]:
    """The workbook written to a temporary file, then kept in the private storage."""

    def progress(rows: int) -> None:
        Export.objects.filter(pk=export.pk, status=ExportStatus.RUNNING).update(
            progress_rows=rows, heartbeat_at=timezone.now()
        )

    with translation.override(export.language), tempfile.TemporaryFile() as target:
        exporters = workbook_exporters(
            ReportFilters.from_json(export.filters),
            names=export.names,
            researcher_names=export.researcher_names,
            base_url=export.base_url,
            values=Values.of(export.values),
        )
        rows = write_xlsx(
            exporters, target, progress=progress, every=settings.EXPORT_PROGRESS_EVERY
        )
        target.seek(0)
        name = export_storage.save(f"workbooks/{uuid.uuid4().hex}.xlsx", File(target))
    return name, rows


def _finish(export: Export, name: str, rows: int) -> None:
    with transaction.atomic():
        current = Export.objects.select_for_update().filter(pk=export.pk).first()
        if (
            current is None
            or current.status != ExportStatus.RUNNING
            or current.attempts != export.attempts
        ):
            # Taken for stuck (and tried again) or deleted while it ran: this file is no one's.
            transaction.on_commit(partial(export_storage.delete, name))
            return
        current.status = ExportStatus.DONE
        current.file.name = name
        current.progress_rows = rows
        current.finished_at = timezone.now()
        current.error = ""
        current.save(update_fields=["status", "file", "progress_rows", "finished_at", "error"])


def fail(export_id: int, reason: str, now=None) -> None:
    """Mark the running try failed: the first is queued again, the second stays failed."""
    with transaction.atomic():
        export = Export.objects.select_for_update().filter(pk=export_id).first()
        if export is None or export.status != ExportStatus.RUNNING:
            return
        export.error = reason[:100]
        _retry_or_fail(export, now or timezone.now())
        export.save(update_fields=["status", "error", "finished_at", "heartbeat_at"])


def _retry_or_fail(export: Export, now) -> None:
    """After a failed try: queued again (waiting from `now`) if it was the first, else failed."""
    if export.attempts < Export.MAX_ATTEMPTS:
        export.status = ExportStatus.QUEUED
        export.heartbeat_at = now
        transaction.on_commit(partial(enqueue, export.pk))
    else:
        export.status = ExportStatus.FAILED
        export.finished_at = now


def sweep_stuck(now=None) -> int:
    """Running exports with no progress for `EXPORT_STUCK_MINUTES`: failed (and retried once)."""
    now = now or timezone.now()
    limit = now - timedelta(minutes=settings.EXPORT_STUCK_MINUTES)
    stuck = list(
        Export.objects.filter(status=ExportStatus.RUNNING, heartbeat_at__lt=limit).values_list(
            "pk", flat=True
        )
    )
    for pk in stuck:
        fail(pk, "stuck", now)
    return len(stuck)


def _waiting_too_long(limit) -> Q:
    """Queued since before `limit`: since it was queued again, else since it was asked for."""
    return Q(status=ExportStatus.QUEUED) & (
        Q(heartbeat_at__lt=limit) | Q(heartbeat_at=None, created_at__lt=limit)
    )


def sweep_lost(now=None) -> int:
    """Queued exports no worker took for `EXPORT_QUEUED_MINUTES` (their task lost): a failed
    try each, enqueued once more if it was the first, else failed."""
    now = now or timezone.now()
    limit = now - timedelta(minutes=settings.EXPORT_QUEUED_MINUTES)
    lost = list(Export.objects.filter(_waiting_too_long(limit)).values_list("pk", flat=True))
    swept = 0
    for pk in lost:
        with transaction.atomic():
            # Checked again under the lock: a worker may have taken it meanwhile.
            export = (
                Export.objects.select_for_update().filter(_waiting_too_long(limit), pk=pk).first()
            )
            if export is None:
                continue
            export.attempts += 1
            export.error = "lost"
            _retry_or_fail(export, now)
            export.save(
                update_fields=["status", "attempts", "error", "finished_at", "heartbeat_at"]
            )
            swept += 1
    return swept


def expired(now=None) -> Q:
    """Exports past their keeping time: finished, or asked for, `EXPORT_KEEP_DAYS` ago."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.EXPORT_KEEP_DAYS)
    return Q(finished_at__lt=cutoff) | Q(finished_at=None, created_at__lt=cutoff)


def cleanup_exports(now=None) -> int:
    """Sweep stuck and lost exports, then delete the expired ones and their files; the number
    deleted."""
    sweep_stuck(now)
    sweep_lost(now)
    deleted = 0
    for export in Export.objects.filter(expired(now)).iterator():
        if export.file:
            export.file.delete(save=False)
        export.delete()
        deleted += 1
    return deleted


def my_exports(user):
    """The user's own exports still kept, newest first."""
    return Export.objects.filter(user=user).exclude(expired())
