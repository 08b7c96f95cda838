"""A workbook built in the background, and kept for its user for a few days."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.urls import reverse
from django.utils.functional import LazyObject
from django.utils.translation import gettext_lazy as _


class _ExportStorage(LazyObject):
    """Private storage of the finished workbooks (`EXPORT_ROOT`): never under a public URL;
    `reports:export_file` serves them to their owner."""

    def _setup(self):
        self._wrapped = FileSystemStorage(location=settings.EXPORT_ROOT, base_url=None)


export_storage = _ExportStorage()


def _export_storage():
    return export_storage


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Being built")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class Export(models.Model):
    """A workbook asked for with the results' filters, built by a background task.

    The row is written (and committed) before the task is enqueued; the task writes its
    progress every `EXPORT_PROGRESS_EVERY` rows and, once done, the file. A failed or stuck
    try is tried once more (`attempts` counts them); after the second it stays `failed`.
    """

    #: How many tries an export gets: the first and one more.
    MAX_ATTEMPTS = 2

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exports"
    )
    kind = models.CharField(max_length=30, default="workbook")
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED, db_index=True
    )
    #: The results' filters (`ReportFilters` as JSON) and the options of the download.
    filters = models.JSONField(default=dict)
    names = models.BooleanField(default=False)
    researcher_names = models.BooleanField(default=False)
    values = models.CharField(max_length=10, default="labels")
    language = models.CharField(max_length=10, default="es")
    base_url = models.CharField(max_length=300, blank=True)
    #: Rows of the row sheets, counted when it was asked for; and written so far.
    total_rows = models.PositiveIntegerField(default=0)
    progress_rows = models.PositiveIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    #: Why the last try failed: an exception's class name, `stuck` (running, no progress) or
    #: `lost` (queued, never taken), never its message.
    error = models.CharField(max_length=100, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    #: The last sign of life: the running task's latest progress, or when a failed try was
    #: queued again (a queued export waits from then, else from `created_at`).
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    file = models.FileField(storage=_export_storage, upload_to="workbooks/", blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.pk} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("reports:export_file", args=[self.pk])

    @property
    def percent(self) -> int:
        if self.status == ExportStatus.DONE:
            return 100
        if not self.total_rows:
            return 0
        return min(99, self.progress_rows * 100 // self.total_rows)

    @property
    def finished(self) -> bool:
        return self.status in (ExportStatus.DONE, ExportStatus.FAILED)


class DataVersion(models.Model):
    """One row whose token changes with every write to what the results count (records,
    their rows, centres, codings): the results page's cached copies are keyed by it
    (reports/freshness.py)."""

    token = models.CharField(max_length=32)

    def __str__(self) -> str:
        return self.token
