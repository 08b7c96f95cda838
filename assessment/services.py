"""Loading the 2022 assessment (the five centres' answers, observations and coded notes).

The data set is `data/assessment_2022.json`; the registry data of its centres (state, sector,
operator...) is `fixtures/centres.json`, referred to by primary key. Every record goes through
its instrument's form, as if submitted, and is saved by `fieldwork.services.save_record`, so the
data set obeys the same rules as the fieldwork; each note's themes and quote go through the
coding screen's form and are saved by `coding.services.code_note`. Records carry fixed uids:
loading again creates only what is missing and leaves what is there (and any change made to it
since, coding included) as it is.
"""

import json
import uuid
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils.datastructures import MultiValueDict

from centres.models import Centre
from coding.forms import NoteCodingForm
from coding.models import Theme
from coding.notes import codable_item
from coding.selectors import Note, mask_names, themes_for
from coding.services import code_note
from fieldwork.models import Record, Round, default_round
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
    it takes the name in `language` and the sector and operator that section III counts. A new
    centre takes the fixture's primary key when it is free (as `loaddata centres` would).
    """
    data = data or read_data_set()
    registry = {
        row["pk"]: row["fields"]
        for row in json.loads(REGISTRY_FIXTURE.read_text(encoding="utf-8"))
        if row["model"] == "centres.centre"
    }
    centres = {}
    keys_given = False
    for entry in data["centres"]:
        pk = entry["registry_pk"]
        fields = dict(registry[pk])
        names = {"en": fields["name"], **entry.get("name", {})}
        fields["name"] = names.get(language, names["en"])
        centre = Centre.objects.filter(name__in=set(names.values())).order_by("pk").first()
        if centre is None:
            if not Centre.objects.filter(pk=pk).exists():
                fields["pk"] = pk
                keys_given = True
            centre = Centre.objects.create(**fields)
        else:
            wanted = {key: fields[key] for key in ("name", *REGISTRY_FACTS)}
            if any(getattr(centre, key) != value for key, value in wanted.items()):
                for key, value in wanted.items():
                    setattr(centre, key, value)
                centre.save()
        centres[entry["key"]] = centre
    if keys_given:
        # Keys given by hand: the database's sequence must move past them (PostgreSQL).
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Centre]):
                cursor.execute(sql)
    return centres


@transaction.atomic
def load_assessment(
    *,
    interviewer,
    coder=None,
    language: str = "es",
    data: dict | None = None,
    round: Round | None = None,
) -> Loaded:
    """Load the data set's centres, interviews (with their actors), observations and coding.

    The records go to `round`, by default the first round (the 2022 baseline, which the
    migrations create), open or closed.

    `interviewer` is the user recorded as having done the fieldwork, `coder` the one who coded
    the notes (the interviewer unless given); `language` the language of the typed answers.
    """
    if language not in LANGUAGES:
        raise DataSetError(f"Unknown language {language!r}: choose one of {', '.join(LANGUAGES)}.")
    data = data or read_data_set()
    coder = coder or interviewer
    round = round or Round.objects.first() or default_round()
    loaded = Loaded(centres=load_registry(language, data))
    for form_class, entries, records in (
        (InterviewForm, data["interviews"], loaded.interviews),
        (ObservationForm, data["observations"], loaded.observations),
    ):
        for entry in entries:
            record, created = _record(form_class, entry, loaded, interviewer, language, round)
            if created:
                _code(record, entry.get("coding", []), coder, language)
            records.append(record)
    return loaded


def _record(form_class, entry: dict, loaded: Loaded, interviewer, language: str, round: Round):
    """The record of `entry` and whether it was created now (through its form, submitted)."""
    model = form_class._meta.model
    uid = uuid.UUID(entry["uid"])
    existing = model.objects.filter(uid=uid).first()
    if existing is not None:
        loaded.present += 1
        return existing, False
    centre = loaded.centres[entry["centre"]]
    data = _form_data(form_class, entry, centre, language)
    data["round"] = str(round.pk)
    form = form_class(data=data, submitting=True, any_round=True)
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
    return record, True


def _code(record: Record, coding: list[dict], coder, language: str) -> None:
    """Code the record's notes as a coder would on the coding screen (same form, same write)."""
    instrument = record.spec.code
    names = [record.respondent_name] if getattr(record, "respondent_name", "") else []
    for entry in coding:
        codable = codable_item(entry["item"])
        if codable is None or codable.instrument != instrument:
            raise DataSetError(f"{record.uid}: {entry['item']} is not a codable {instrument} item")
        text = getattr(record, codable.field)
        if not text:
            raise DataSetError(f"{record.uid}: {entry['item']} has no note to code")
        offered = themes_for(codable)
        by_code = {theme.code: theme for theme in Theme.objects.filter(code__in=entry["themes"])}
        unknown = sorted(set(entry["themes"]) - {t.code for t in offered if t.code in by_code})
        if unknown:
            raise DataSetError(f"{record.uid}: no theme {', '.join(unknown)} for {entry['item']}")
        note = Note(codable, record.pk, record.centre.name, record.centre.sector,
                    mask_names(text, names), personal=names)  # fmt: skip
        form = NoteCodingForm(
            data={
                "themes": [by_code[code].pk for code in entry["themes"]],
                "quote": typed(entry.get("quote", ""), language),
            },
            note=note,
            themes=offered,
        )
        if not form.is_valid():
            raise DataSetError(f"{record.uid} {entry['item']}: {form.errors.as_text()}")
        code_note(
            instrument=instrument,
            record_id=record.pk,
            item=codable.code,
            themes=form.cleaned_data["themes"],
            quote=form.cleaned_data["quote"],
            coder=coder,
        )


def _form_data(form_class, entry: dict, centre: Centre, language: str) -> MultiValueDict:
    """The record as its form would be posted."""
    spec = form_class.spec
    data = MultiValueDict()
    for code in form_class._meta.fields:
        if code == "centre":
            data[code] = str(centre.pk)
            continue
        if code == "round":
            continue  # the caller's
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
