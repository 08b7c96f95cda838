"""Loading the 2022 assessment (the five centres' answers, observations and coded notes).

The data set is `data/assessment_2022.json`; the registry data of its centres (state, sector,
operator...) is `fixtures/centres.json`, referred to by primary key. Every record goes through
its instrument's form, as if submitted, and is saved by `fieldwork.services.save_record`, so the
data set obeys the same rules as the fieldwork. Records carry fixed uids: loading again creates
only what is missing and leaves what is there (and any change made to it since) as it is.
"""

import json
import uuid
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.datastructures import MultiValueDict

from centres.models import Centre
from fieldwork.models import Record
from fieldwork.services import save_record
from fieldwork.spec import ItemType
from interviews.forms import InterviewForm
from interviews.models import CoordinationActor, Interview
from observations.forms import ObservationForm
from observations.models import Observation

DATA_FILE = Path(__file__).resolve().parent / "data" / "assessment_2022.json"
REGISTRY_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "centres.json"
LANGUAGES = ("es", "en")
#: Registry fields that section III depends on: set on a centre that is already there.
REGISTRY_FACTS = ("sector", "operator")


class DataSetError(Exception):
    """The data set does not pass the instruments' rules (a record names the problem)."""


@dataclass
class Loaded:
    """What a load did, and the records of the data set (in its order)."""

    centres: dict[str, Centre] = field(default_factory=dict)
    interviews: list[Interview] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)
    created: int = 0
    present: int = 0


@cache
def read_data_set(path: Path = DATA_FILE) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def typed(value, language: str):
    """A typed text in the chosen language ({"es": ..., "en": ...}); other values as they are."""
    if isinstance(value, dict) and set(value) == set(LANGUAGES):
        return value[language]
    return value


@transaction.atomic
def load_registry(language: str = "es", data: dict | None = None) -> dict[str, Centre]:
    """The data set's centres, by key: created from the registry fixture when missing.

    A centre already in the registry (under its name in either language) keeps its other data;
    it takes the name in `language` and the sector and operator that section III counts.
    """
    data = data or read_data_set()
    registry = {
        row["pk"]: row["fields"]
        for row in json.loads(REGISTRY_FIXTURE.read_text(encoding="utf-8"))
        if row["model"] == "centres.centre"
    }
    centres = {}
    for entry in data["centres"]:
        fields = dict(registry[entry["registry_pk"]])
        names = {"en": fields["name"], **entry.get("name", {})}
        fields["name"] = names.get(language, names["en"])
        centre = Centre.objects.filter(name__in=set(names.values())).order_by("pk").first()
        if centre is None:
            centre = Centre.objects.create(**fields)
        else:
            wanted = {key: fields[key] for key in ("name", *REGISTRY_FACTS)}
            if any(getattr(centre, key) != value for key, value in wanted.items()):
                for key, value in wanted.items():
                    setattr(centre, key, value)
                centre.save()
        centres[entry["key"]] = centre
    return centres


@transaction.atomic
def load_assessment(*, interviewer, language: str = "es", data: dict | None = None) -> Loaded:
    """Load the data set's centres, interviews (with their actors) and observations.

    `interviewer` is the user recorded as having done the fieldwork; `language` the language
    of the typed answers. Coded notes are loaded by `coding` when that app is installed.
    """
    if language not in LANGUAGES:
        raise DataSetError(f"Unknown language {language!r}: choose one of {', '.join(LANGUAGES)}.")
    data = data or read_data_set()
    loaded = Loaded(centres=load_registry(language, data))
    for entry in data["interviews"]:
        interview = _record(InterviewForm, entry, loaded, interviewer, language)
        loaded.interviews.append(interview)
    for entry in data["observations"]:
        loaded.observations.append(_record(ObservationForm, entry, loaded, interviewer, language))
    return loaded


def _record(form_class, entry: dict, loaded: Loaded, interviewer, language: str) -> Record:
    model = form_class._meta.model
    uid = uuid.UUID(entry["uid"])
    existing = model.objects.filter(uid=uid).first()
    if existing is not None:
        loaded.present += 1
        return existing
    centre = loaded.centres[entry["centre"]]
    form = form_class(data=_form_data(form_class, entry, centre, language), submitting=True)
    if not form.is_valid():
        raise DataSetError(f"{model._meta.model_name} {uid}: {form.errors.as_text()}")
    record = save_record(form, user=interviewer, submit=True, uid=uid)
    if isinstance(record, Interview):
        for actor in entry.get("coordination_actors", []):
            row = CoordinationActor(
                interview=record,
                uid=uuid.UUID(actor["uid"]),
                actor_name=typed(actor["actor_name"], language),
                actor_sector=actor["actor_sector"],
            )
            row.full_clean()
            row.save()
    loaded.created += 1
    return record


def _form_data(form_class, entry: dict, centre: Centre, language: str) -> MultiValueDict:
    """The record as its form would be posted."""
    spec = form_class.spec
    data = MultiValueDict()
    for code in form_class._meta.fields:
        if code == "centre":
            data[code] = str(centre.pk)
            continue
        value = typed(entry.get(code), language)
        item = spec.item(code) if code in {i.code for i in spec.items} else None
        if item is not None and item.type == ItemType.MULTI:
            data.setlist(code, list(value or []))
        elif value is None:
            data[code] = ""
        elif isinstance(value, bool):
            data[code] = "True" if value else "False"
        elif isinstance(value, date):
            data[code] = value.isoformat()
        else:
            data[code] = str(value)
    unknown = set(entry) - set(form_class._meta.fields) - {"uid", "coordination_actors", "coding"}
    if unknown:
        raise DataSetError(f"{entry['uid']}: unknown fields {', '.join(sorted(unknown))}")
    return data
