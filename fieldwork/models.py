import uuid
from datetime import date

from django.conf import settings
from django.db import models, transaction
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
#: The record's fields that a centre's workload (`CentreWorkload`) depends on.
WORKLOAD_FIELDS = frozenset({"status", "centre", "centre_id"})


#: The round every record made before rounds existed belongs to (data migration, fresh sites).
INITIAL_ROUND_NAME = "Línea de base 2022"
INITIAL_ROUND_PERIOD = (date(2022, 1, 1), date(2022, 12, 31))


class RoundQuerySet(models.QuerySet):
    def open(self) -> "RoundQuerySet":
        return self.filter(is_open=True)

    def latest_first(self) -> "RoundQuerySet":
        return self.order_by("-starts_on", "-id")

    def current(self) -> "Round | None":
        """The open round new records go to (the latest open one), if any is open."""
        return self.open().latest_first().first()

    def latest(self) -> "Round | None":  # type: ignore[override]
        return self.latest_first().first()


class Round(models.Model):
    """An assessment round ("2022 baseline", "2025 follow-up"): every record belongs to one.

    Coordinators open and close rounds; new records go to an open one. Within a round a centre
    counts once (its latest counted record), and two rounds are compared centre by centre.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    is_open = models.BooleanField(_("open"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = RoundQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name = _("round")
        verbose_name_plural = _("rounds")

    def __str__(self) -> str:
        return self.name


def default_round() -> Round:
    """The round a record goes to when none is chosen: the open one, else the latest; on an
    empty site (a fresh test database) the initial round, created."""
    found = Round.objects.current() or Round.objects.latest()
    if found is None:
        start, end = INITIAL_ROUND_PERIOD
        found, _created = Round.objects.get_or_create(
            name=INITIAL_ROUND_NAME, defaults={"starts_on": start, "ends_on": end}
        )
    return found


class RecordQuerySet(models.QuerySet):
    def bulk_create(self, objs, *args, **kwargs):
        """Records made in bulk without a round go to the current round, as `save()` does
        (one look-up for the batch). Their centres' workload is counted again (`workload.py`:
        a bulk insert sends no signals)."""
        from .workload import refresh_workload

        objs = list(objs)
        if any(obj.round_id is None for obj in objs):
            round = default_round()
            for obj in objs:
                if obj.round_id is None:
                    obj.round = round
        created = super().bulk_create(objs, *args, **kwargs)
        refresh_workload(obj.centre_id for obj in objs)
        return created

    def update(self, **kwargs):
        """An update of the status or the centre counts the workload of the centres it
        touches again (before and after), as a save does."""
        from .workload import refresh_workload

        if not WORKLOAD_FIELDS & kwargs.keys():
            return super().update(**kwargs)
        with transaction.atomic(using=self.db):
            rows = dict(self.values_list("pk", "centre_id").order_by())
            changed = super().update(**kwargs)
            touched = set(rows.values())
            if {"centre", "centre_id"} & kwargs.keys():  # where the rows are now
                moved = self.model._base_manager.filter(pk__in=rows).values_list("centre_id")
                touched |= {centre_id for (centre_id,) in moved}
            refresh_workload(touched)
        return changed


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
    round = models.ForeignKey(
        Round,
        on_delete=models.PROTECT,
        related_name="%(class)ss",
        verbose_name=_("round"),
    )
    #: The version of the instrument spec the record was filled with (`spec.Instrument`):
    #: an item not asked in it is *not asked in this version*, never a No.
    spec_version = models.PositiveSmallIntegerField(_("instrument version"), default=1)
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

    objects = RecordQuerySet.as_manager()
    history = HistoricalRecords(inherit=True)

    #: Columns on every record that the instrument spec does not describe.
    META_FIELDS = frozenset(
        {"id", "uid", "status", "created_at", "updated_at", "submitted_at", "reviewed_by",
         "reviewed_at", "review_comment", "version", "last_save_id", "round", "spec_version"}
    )  # fmt: skip

    class Meta:
        abstract = True
        ordering = ["-visit_date", "-id"]
        indexes = [
            # The review queue: the submitted records, oldest submission first (a page reads
            # its rows in this index's order and stops; the count scans the index alone).
            models.Index(fields=["status", "submitted_at", "id"], name="%(class)s_queue_idx"),
            # My work: a researcher's drafts and returned records, and the menu's badge...
            models.Index(fields=["interviewer", "status"], name="%(class)s_mine_idx"),
            # ...and what they sent, latest submission first.
            models.Index(fields=["interviewer", "submitted_at", "id"], name="%(class)s_sent_idx"),
        ]

    def save(self, *args, **kwargs) -> None:
        # A record saved without a round (made in code: a script, an import, a fixture) goes
        # to the current round. Not a field default, so that making an instance costs no query.
        if self.round_id is None:
            self.round = default_round()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse(f"{self._meta.app_label}:detail", args=[self.pk])

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # What the centre's workload counted this record as: a save that keeps both leaves
        # the workload alone (workload.py).
        instance._workload_key = (
            instance.__dict__.get("centre_id"),
            instance.__dict__.get("status"),
        )
        return instance

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


class CentreWorkload(models.Model):
    """How many records of a centre wait for someone, both instruments together: submitted
    (awaiting review), returned for changes, and drafts. One row per centre with any, kept
    by `workload.py` in the transaction of every write of a record (signals for saves and
    deletes; `RecordQuerySet` for `bulk_create()` and `update()`), so that the review queue
    lists the busiest centres from an index, whatever the number of records."""

    centre = models.OneToOneField(
        Centre, on_delete=models.CASCADE, primary_key=True, related_name="workload"
    )
    awaiting = models.PositiveIntegerField(default=0)
    returned = models.PositiveIntegerField(default=0)
    drafts = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(
                fields=["-awaiting", "-returned", "-drafts", "centre"], name="workload_order_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.centre_id}: {self.awaiting}/{self.returned}/{self.drafts}"
