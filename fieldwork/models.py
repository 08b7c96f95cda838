import uuid
from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
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

    def current(self, today: date | None = None) -> "Round | None":
        """The open round new records go to (`current_round`), if any: one query."""
        today = today or timezone.localdate()
        return current_round(self.open().filter(starts_on__lte=today), today)

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
    #: Who renamed it, changed its period, closed or opened it, and when (`/rounds/<id>/edit/`).
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name = _("round")
        verbose_name_plural = _("rounds")

    def __str__(self) -> str:
        return self.name

    def has_started(self, today: date | None = None) -> bool:
        return self.starts_on <= (today or timezone.localdate())

    def contains(self, day: date) -> bool:
        """Whether `day` is within the round's period (a round without an end is open-ended)."""
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)

    def period_text(self) -> str:
        end = date_format(self.ends_on, "SHORT_DATE_FORMAT") if self.ends_on else "…"
        return f"{date_format(self.starts_on, 'SHORT_DATE_FORMAT')} – {end}"


def current_round(rounds: Iterable[Round], today: date | None = None) -> Round | None:
    """The current round among `rounds`, where new records go and what the results, the
    comparison, the exports and the API count by default: an open round whose period holds
    today (the one that started last, if several); else the open round that started last
    among those that have started. A round whose period has not started is never current.
    The one rule for every caller (`default_round`, the forms, `reports.filters`)."""
    today = today or timezone.localdate()
    started = [r for r in rounds if r.is_open and r.starts_on <= today]
    if not started:
        return None
    holding = [r for r in started if r.contains(today)]
    return max(holding or started, key=lambda r: (r.starts_on, r.pk or 0))


def default_round_of(rounds: Iterable[Round], today: date | None = None) -> Round | None:
    """The round to use when none is chosen, among `rounds`: the current one, else the latest
    that has started (closed, then); None if none has started."""
    today = today or timezone.localdate()
    rounds = list(rounds)
    found = current_round(rounds, today)
    if found is None:
        started = [r for r in rounds if r.starts_on <= today]
        found = max(started, key=lambda r: (r.starts_on, r.pk or 0)) if started else None
    return found


def default_round() -> Round:
    """The round a record goes to when none is chosen (`default_round_of`): the current
    round, else the latest round that has started. On an empty site (a fresh test database)
    the initial round, created; on a site whose every round is still to come (no better
    choice), the first of them."""
    today = timezone.localdate()
    found = default_round_of(Round.objects.filter(starts_on__lte=today), today)
    if found is None:
        found = Round.objects.order_by("starts_on", "id").first()
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

    @property
    def round_date_warning(self) -> str:
        """A warning when the visit date is outside the period of the record's round (never a
        refusal: a late visit may belong to its round, and a queued save is never refused)."""
        if not self.visit_date or not self.round_id:
            return ""
        return round_date_warning(self.round, self.visit_date)


def round_date_warning(round: Round | None, visit_date: date | None) -> str:
    """The warning shown beside the round and the visit date, the record's page and the
    review when the visit date falls outside the round's period; "" when it does not."""
    if round is None or visit_date is None or round.contains(visit_date):
        return ""
    return _(
        "The visit date (%(date)s) is outside the period of the round “%(round)s” "
        "(%(period)s). Check the date, or choose the round of this visit."
    ) % {
        "date": date_format(visit_date, "SHORT_DATE_FORMAT"),
        "round": round.name,
        "period": round.period_text(),
    }


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


class WorkloadTotals(models.Model):
    """The sum of every centre's workload, in one row: how many records await review and how
    many centres have work pending. Kept with the centres' rows (`workload.py`), after them,
    in the same transaction, so that the review queue's "N awaiting" and "of M centres" are a
    read by primary key instead of a count over the records or the centres."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    awaiting = models.PositiveIntegerField(default=0)
    centres = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.awaiting} awaiting, {self.centres} centres"
