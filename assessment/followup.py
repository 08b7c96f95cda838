"""A follow-up round after the 2022 assessment, for the demo and the tests.

The follow-up visits each of the five centres again. Each record starts as a copy of the
centre's 2022 record (its counted one) and `FOLLOW_UP_CHANGES` says what is different: three
centres now know the Protocol, one public centre now has a care model and another no longer
has one (the one regression), one centre names a new need and one observation finds a medical
area. Nothing else changes, so the centre's changes page, the overall comparison and the
`Changes` sheet show exactly these moves.
"""

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db import transaction
from django.utils import timezone

from fieldwork.models import Round, Status
from fieldwork.spec import ItemType
from interviews.models import Interview
from observations.models import Observation

from .services import DataSetError, read_data_set

#: The round's names, in the language the demo is loaded in.
FOLLOW_UP_NAMES = {"es": "Seguimiento 2026", "en": "2026 follow-up"}
#: Still in the field (no end yet): a visit the demo's users record today belongs to it, and
#: the form does not warn that its date falls outside the current round.
FOLLOW_UP_PERIOD = (date(2026, 9, 1), None)
_UID_NAMESPACE = uuid.UUID("5ec7100e-2026-4000-8000-000000000000")


@dataclass(frozen=True)
class Change:
    instrument: str
    #: The centre's key in the data set (assessment_2022.json).
    centre: str
    item: str
    value: Any

    def __post_init__(self) -> None:
        model = MODELS.get(self.instrument)
        if model is None:
            raise ValueError(f"Follow-up: unknown instrument {self.instrument!r}")
        model.spec.item(self.item)  # KeyError for an unknown item


MODELS = {"interview": Interview, "observation": Observation}

FOLLOW_UP_CHANGES: tuple[Change, ...] = (
    Change("interview", "celia", "knows_protection_protocol", True),
    Change("interview", "veracruz_state", "knows_protection_protocol", True),
    Change("interview", "aldea_meced", "knows_protection_protocol", True),
    Change("interview", "veracruz_state", "has_care_model", True),
    Change("interview", "veracruz_state", "model_adapted", False),
    Change("interview", "tabasco_migrant", "has_care_model", False),
    Change("interview", "sos", "main_needs", ["material", "human", "economic", "other"]),
    Change("observation", "aldea_meced", "has_medical_area", True),
)


def follow_up_round(language: str = "es", *, is_open: bool = True) -> Round:
    start, end = FOLLOW_UP_PERIOD
    found, _created = Round.objects.get_or_create(
        name=FOLLOW_UP_NAMES.get(language, FOLLOW_UP_NAMES["es"]),
        defaults={"starts_on": start, "ends_on": end, "is_open": is_open},
    )
    return found


@transaction.atomic
def load_follow_up(round: Round, interviewer) -> list:
    """The follow-up records in `round`: each a copy of the centre's record of the data set
    (loaded before: `services.load_assessment`), changed as `FOLLOW_UP_CHANGES` says, and
    submitted. Loading again adds nothing (each record has a fixed uid)."""
    data = read_data_set()
    created = []
    for instrument, entries in (
        ("interview", data["interviews"]),
        ("observation", data["observations"]),
    ):
        model = MODELS[instrument]
        for index, entry in enumerate(entries):
            key = entry["centre"]
            uid = uuid.uuid5(_UID_NAMESPACE, f"{instrument}/{key}")
            if model.objects.filter(uid=uid).exists():
                continue
            source = model.objects.filter(uid=uuid.UUID(entry["uid"])).first()
            if source is None:
                raise DataSetError(f"Load the assessment before its follow-up ({entry['uid']}).")
            record = _copy(source, uid, round, interviewer, index)
            for change in FOLLOW_UP_CHANGES:
                if change.instrument == instrument and change.centre == key:
                    setattr(record, change.item, change.value)
            _clear_not_asked(record)
            record.save()
            if instrument == "interview":
                for actor in source.coordination_actors.all():
                    record.coordination_actors.create(
                        actor_name=actor.actor_name, actor_sector=actor.actor_sector
                    )
            created.append(record)
    return created


def _clear_not_asked(record) -> None:
    """Answers that the changes made not applicable (the model's *adapted?* once a centre no
    longer has a care model) are cleared, as the form's skip logic would: else the record
    keeps an answer to a question it was not asked, and its own export, imported back, reads
    as a change."""
    spec = type(record).spec
    answers = {item.code: getattr(record, item.code) for item in spec.items if item.has_column}
    for item in spec.items:
        if item.has_column and item.relevant is not None and not item.relevant.holds(answers):
            empty = [] if item.type == ItemType.MULTI else None
            if item.type in (ItemType.TEXT, ItemType.SINGLE):
                empty = ""
            setattr(record, item.code, empty)
            if item.notes:
                setattr(record, item.notes_code, "")


def _copy(source, uid: uuid.UUID, round: Round, interviewer, index: int):
    model = type(source)
    record = model.objects.get(pk=source.pk)
    record.pk = record.id = None
    record._state.adding = True
    record.uid = uid
    record.round = round
    record.interviewer = interviewer
    record.visit_date = date(2026, 9, 7 + 4 * index)
    record.status = Status.SUBMITTED
    record.submitted_at = timezone.now()
    record.reviewed_by = record.reviewed_at = None
    record.review_comment = ""
    record.version = 1
    record.last_save_id = None
    record.spec_version = model.spec.version
    return record


#: When the demo's support action was done: between the baseline and the follow-up visits.
DEMO_ACTION_DONE_ON = date(2024, 3, 1)


def demo_action_done(centre) -> None:
    """For the demo: one of the centre's proposed knowledge actions (the Protocol's, say),
    marked done in 2024, so that its changes page lists an action done between the visits.
    Called after the baseline is loaded, before the follow-up."""
    from plans.models import ActionStatus, PlanAction
    from plans.services import refresh_proposals, set_status

    refresh_proposals(centre)
    action = PlanAction.objects.filter(centre=centre, area="knowledge").order_by("pk").first()
    if action is None or action.status == ActionStatus.DONE:
        return
    set_status(action, ActionStatus.DONE, version=action.version)
    moment = timezone.make_aware(datetime.combine(DEMO_ACTION_DONE_ON, time(12)))
    action.history.filter(status=ActionStatus.DONE).update(history_date=moment)
