"""A centre's technical-support plan: its actions, proposed by the rules or added by hand.

A `PlanAction` proposed by a rule (`plans/rules.py`) carries the rule's code; its title and
text are the rule's, in the reader's language, until a coordinator writes their own. One
proposal per rule and centre (a unique constraint), so refreshing proposals never duplicates
one. An action whose findings are no longer in the centre's latest records is flagged
`obsolete`, never removed. Everything keeps its history.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centres.models import Centre


class Area(models.TextChoices):
    KNOWLEDGE = "knowledge", _("Knowledge of the issue")
    CARE_MODEL = "care_model", _("Care model")
    RESOURCES = "resources", _("Resources")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure")
    COORDINATION = "coordination", _("Coordination")


class Priority(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


#: Sort keys: high first.
PRIORITY_ORDER = {Priority.HIGH: 0, Priority.MEDIUM: 1, Priority.LOW: 2}
AREA_ORDER = {area: i for i, area in enumerate(Area.values)}


class ActionStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    AGREED = "agreed", _("Agreed")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


#: Statuses of an action still to be carried out.
OPEN_STATUSES = (ActionStatus.PROPOSED, ActionStatus.AGREED, ActionStatus.IN_PROGRESS)


class PlanAction(models.Model):
    centre = models.ForeignKey(
        Centre, on_delete=models.CASCADE, related_name="plan_actions", verbose_name=_("centre")
    )
    #: The rule that proposed it (`plans.rules`), or null for an action added by hand.
    rule = models.CharField(_("rule"), max_length=60, null=True, blank=True)
    area = models.CharField(_("area"), max_length=20, choices=Area.choices)
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices)
    #: Blank on a proposal: the rule's title (and text) in the reader's language.
    title = models.CharField(_("title"), max_length=200, blank=True)
    text = models.TextField(_("description"), blank=True)
    owner = models.CharField(
        _("owner"), max_length=200, blank=True, help_text=_("The organisation responsible.")
    )
    due = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.PROPOSED
    )
    obsolete = models.BooleanField(
        _("obsolete"),
        default=False,
        help_text=_("Its findings are no longer in the centre's latest records."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    #: Raised by every edit; an edit made on an older version is refused (no lost updates).
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["centre", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "rule"],
                condition=Q(rule__isnull=False),
                name="one_proposal_per_rule_and_centre",
            )
        ]
        verbose_name = _("plan action")
        verbose_name_plural = _("plan actions")

    def __str__(self) -> str:
        return self.display_title

    def get_absolute_url(self) -> str:
        return f"{reverse('plans:centre', args=[self.centre_id])}#action-{self.pk}"

    @property
    def rule_spec(self):
        from .rules import RULES_BY_CODE

        return RULES_BY_CODE.get(self.rule) if self.rule else None

    @property
    def display_title(self) -> str:
        """The title as written for the plan, else the rule's, in the current language."""
        rule = self.rule_spec
        return self.title or (str(rule.title) if rule else "")

    @property
    def display_text(self) -> str:
        rule = self.rule_spec
        return self.text or (str(rule.text) if rule else "")

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES
