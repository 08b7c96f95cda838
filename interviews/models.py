import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from fieldwork.columns import multi_column, notes_column, text_column, yesno_column
from fieldwork.models import Record

from .spec import ACTOR_ITEMS, INTERVIEW

item = INTERVIEW.item


class Interview(Record):
    """One interview questionnaire per centre per visit (codebook: `interview`)."""

    respondent_name = text_column(item("respondent_name"))
    respondent_position = text_column(item("respondent_position"))
    consent_testimony = yesno_column(item("consent_testimony"))
    consent_recording = yesno_column(item("consent_recording"))

    # Section K: knowledge of the issue
    knows_laws = multi_column(item("knows_laws"))
    knows_laws_notes = notes_column(item("knows_laws"))
    knows_detention_prohibition = yesno_column(item("knows_detention_prohibition"))
    knows_detention_prohibition_notes = notes_column(item("knows_detention_prohibition"))
    knows_protection_protocol = yesno_column(item("knows_protection_protocol"))
    knows_protection_protocol_notes = notes_column(item("knows_protection_protocol"))
    knows_cas_role = yesno_column(item("knows_cas_role"))
    knows_cas_role_notes = notes_column(item("knows_cas_role"))

    # Section R: resources
    has_care_model = yesno_column(item("has_care_model"))
    has_care_model_notes = notes_column(item("has_care_model"))
    model_adapted = yesno_column(item("model_adapted"))
    model_adapted_notes = notes_column(item("model_adapted"))
    migrants_need_different_care = yesno_column(item("migrants_need_different_care"))
    migrants_need_different_care_notes = notes_column(item("migrants_need_different_care"))
    resources_available = multi_column(item("resources_available"))
    resources_available_notes = notes_column(item("resources_available"))
    special_situation_guidelines = yesno_column(item("special_situation_guidelines"))
    special_situation_guidelines_notes = notes_column(item("special_situation_guidelines"))

    # Section N: identified needs (coordination_actors are CoordinationActor rows)
    main_needs = multi_column(item("main_needs"))
    main_needs_notes = notes_column(item("main_needs"))
    coordination_details = text_column(item("coordination_details"))
    main_challenges = multi_column(item("main_challenges"))
    main_challenges_notes = notes_column(item("main_challenges"))
    successes = multi_column(item("successes"))
    successes_notes = notes_column(item("successes"))
    technical_support = multi_column(item("technical_support"))
    technical_support_notes = notes_column(item("technical_support"))

    spec = INTERVIEW

    class Meta(Record.Meta):
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")

    def __str__(self) -> str:
        return f"{_('Interview')} #{self.pk} · {self.centre}"


class CoordinationActor(models.Model):
    """One row of the `coordination_actors` repeat group."""

    interview = models.ForeignKey(
        Interview, on_delete=models.CASCADE, related_name="coordination_actors"
    )
    actor_name = models.CharField(ACTOR_ITEMS[0].label, max_length=200)
    actor_sector = models.CharField(
        ACTOR_ITEMS[1].label,
        max_length=20,
        choices=[(o.code, o.label) for o in ACTOR_ITEMS[1].options],
    )
    #: The row's client-generated id: a save repeated with it updates the row (see
    #: fieldwork.repeat).
    uid = models.UUIDField(default=uuid.uuid4, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "uid"], name="unique_actor_uid_per_interview"
            )
        ]
        verbose_name = _("coordination actor")
        verbose_name_plural = _("coordination actors")

    def __str__(self) -> str:
        return f"{self.actor_name} ({self.get_actor_sector_display()})"
