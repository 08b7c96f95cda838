import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centres.models import Centre


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for changes")
    APPROVED = "approved", _("Approved")


#: Statuses in which the record's researcher may still change it.
EDITABLE_STATUSES = frozenset({Status.DRAFT, Status.RETURNED})
#: Statuses only the record's researcher (and coordinators) may see.
PRIVATE_STATUSES = frozenset({Status.DRAFT, Status.RETURNED})


class Record(models.Model):
    """What every instrument record shares: the visit header and the workflow state."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    centre = models.ForeignKey(
        Centre, on_delete=models.PROTECT, related_name="%(class)ss", verbose_name=_("Name of CAS")
    )
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="%(class)ss",
        verbose_name=_("Name of interviewer"),
    )
    visit_date = models.DateField(_("Date"), null=True, blank=True)
    place = models.CharField(_("Place"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)
    #: Raised by every save; a save based on an older version is refused (no lost updates).
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)
    #: The client's id of the last applied save, so that a retried save is applied once.
    last_save_id = models.UUIDField(null=True, blank=True, editable=False)

    history = HistoricalRecords(inherit=True)

    #: Columns on every record that the instrument spec does not describe.
    META_FIELDS = frozenset(
        {"id", "uid", "status", "created_at", "updated_at", "submitted_at", "reviewed_by",
         "reviewed_at", "review_comment", "version", "last_save_id"}
    )  # fmt: skip

    class Meta:
        abstract = True
        ordering = ["-visit_date", "-id"]

    def get_absolute_url(self) -> str:
        return reverse(f"{self._meta.app_label}:detail", args=[self.pk])

    def get_edit_url(self) -> str:
        return reverse(f"{self._meta.app_label}:edit", args=[self.pk])

    def get_discard_url(self) -> str:
        return reverse(f"{self._meta.app_label}:discard", args=[self.pk])

    def discard_related(self) -> None:
        """Before a draft is deleted: an instrument removes what the database's cascade would
        leave behind (files). Runs inside the deleting transaction."""

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES
