"""What the rules read: a centre's latest counted records and the themes coded on their notes,
and why each rule fires (the answers and notes behind it, with their record).

A centre's counted records are those the results count (`reports.selectors`): its latest
submitted or approved interview and observation. Three queries whatever the rule table.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext as _

from coding.models import NoteTheme
from coding.notes import INSTRUMENTS, codable_item
from coding.selectors import mask_names
from fieldwork.models import Status
from fieldwork.spec import ItemType
from interviews.models import Interview
from observations.models import Observation, is_over_capacity
from reports.filters import DEFAULT_STATUSES, ReportFilters
from reports.selectors import latest_per_centre

from .rules import CODING, Check, Finding, Rule


@dataclass
class Evidence:
    """One answer, note or coded theme behind a proposal, and the record it comes from."""

    question: str
    answer: str
    notes: str = ""
    #: "Interview of 18 April 2022"
    source: str = ""
    url: str = ""


@dataclass
class CodedTheme:
    """A theme coded on one note of a counted record."""

    item: str
    quote: str
    note: str
    record: Interview | Observation
    theme_label: str = ""


@dataclass
class CentreFindings:
    """A centre's counted interview and observation (None when there is none) and themes."""

    interview: Interview | None = None
    observation: Observation | None = None
    #: Coded notes by theme code.
    themes: dict[str, list[CodedTheme]] = field(default_factory=dict)
    #: The instruments whose latest record was returned for changes: out for now, not gone,
    #: so what they found is pending (the counted record above is an older one).
    held: frozenset[str] = frozenset()

    def has(self, instrument: str) -> bool:
        if instrument == CODING:
            return self.interview is not None or self.observation is not None
        return self.record(instrument) is not None

    def record(self, instrument: str):
        return {"interview": self.interview, "observation": self.observation}.get(instrument)

    @property
    def records(self) -> list:
        return [r for r in (self.interview, self.observation) if r is not None]


def holds(finding: Finding, found: CentreFindings) -> bool:
    if finding.test == Check.THEME:
        return bool(found.themes.get(finding.code))
    record = found.record(finding.instrument)
    if record is None:
        return False
    if finding.test == Check.OVER_CAPACITY:
        return is_over_capacity(record.expected_capacity, record.people_present)
    value = getattr(record, finding.code)
    match finding.test:
        case Check.NO:
            return value is False
        case Check.YES:
            return value is True
        case Check.CHOSE:
            return (
                finding.option in value
                if isinstance(value, list | tuple)
                else (value == finding.option)
            )
        case Check.LACKS:
            # Left empty means none chosen (knows_laws: no law known).
            return finding.option not in (value or ())
    return False


def evaluable(rule: Rule, found: CentreFindings) -> bool:
    """Whether the records the rule reads are there (else its findings are unknown), and none
    of them is held back by a newer record returned for changes (its findings are pending:
    the action stays as it is until the record is submitted again or a newer one counts)."""
    read = {f.instrument for f in (*rule.when, *rule.unless)}
    if read & found.held:
        return False
    return any(found.has(instrument) for instrument in rule.instruments)


def fires(rule: Rule, found: CentreFindings) -> bool:
    return any(holds(f, found) for f in rule.when) and not any(holds(f, found) for f in rule.unless)


def source_label(record) -> str:
    kind = _("Interview") if isinstance(record, Interview) else _("Observation")
    if record.visit_date is None:
        return str(kind)
    return _("%(record)s of %(date)s") % {
        "record": kind,
        "date": formats.date_format(record.visit_date, "DATE_FORMAT"),
    }


def _names(record) -> list[str]:
    """The personal answers of the record (the respondent's name), to be masked in notes."""
    spec = type(record).spec
    return [
        getattr(record, item.code)
        for item in spec.items
        if item.personal and item.type == ItemType.TEXT and getattr(record, item.code)
    ]


def evidence(finding: Finding, found: CentreFindings) -> list[Evidence]:
    """Why `finding` holds for the centre: the answer (or coded notes), notes and record."""
    if finding.test == Check.THEME:
        shown = []
        for coded in found.themes.get(finding.code, []):
            item = codable_item(coded.item)
            shown.append(
                Evidence(
                    question=str(item.label) if item else coded.item,
                    answer=_("Coded: %(theme)s") % {"theme": coded.theme_label},
                    notes=coded.quote or coded.note,
                    source=source_label(coded.record),
                    url=coded.record.get_absolute_url(),
                )
            )
        return shown
    record = found.record(finding.instrument)
    if finding.test == Check.OVER_CAPACITY:
        return [
            Evidence(
                question=_("People present over the expected capacity"),
                answer=_("%(present)s people present, capacity %(capacity)s")
                % {"present": record.people_present, "capacity": record.expected_capacity},
                source=source_label(record),
                url=record.get_absolute_url(),
            )
        ]
    item = finding.item
    value = getattr(record, item.code)
    answer = item.display(value)
    if finding.test == Check.LACKS:
        answer = _("%(option)s not chosen (answer: %(answer)s)") % {
            "option": item.option_label(finding.option),
            "answer": item.display(value) if value else _("none"),
        }
    notes = getattr(record, item.notes_code, "") if item.notes else ""
    return [
        Evidence(
            question=str(item.label),
            answer=answer,
            notes=mask_names(notes or "", _names(record)),
            source=source_label(record),
            url=record.get_absolute_url(),
        )
    ]


def why(rule: Rule, found: CentreFindings) -> list[Evidence]:
    """The evidence of each finding of the rule that holds."""
    return [shown for f in rule.when if holds(f, found) for shown in evidence(f, found)]


#: What counts (the results' default statuses, every round).
COUNTED = ReportFilters()
#: What counts, and the records returned for changes (out until they are submitted again).
COUNTED_OR_RETURNED = ReportFilters(statuses=(*DEFAULT_STATUSES, Status.RETURNED))


def _counted(model, centre_ids, filters: ReportFilters = COUNTED):
    records = filters.apply(model.objects.filter(centre_id__in=centre_ids))
    return latest_per_centre(records)


def _latest(model, centre) -> tuple[Interview | Observation | None, bool]:
    """The centre's counted record of `model`, and whether a newer one is returned for changes.

    One query unless the latest is a returned one (then its counted predecessor is looked up).
    """
    latest = _counted(model, [centre.pk], COUNTED_OR_RETURNED).first()
    if latest is None or latest.status != Status.RETURNED:
        return latest, False
    return _counted(model, [centre.pk]).first(), True


def centre_findings(centre) -> CentreFindings:
    """The centre's latest counted interview and observation, and their coded themes; an
    instrument whose latest record was returned for changes is `held`."""
    interview, interview_held = _latest(Interview, centre)
    observation, observation_held = _latest(Observation, centre)
    held = {code for code, out in (("interview", interview_held),
                                   ("observation", observation_held)) if out}  # fmt: skip
    found = CentreFindings(
        interview=interview,
        observation=observation,
        held=frozenset(held | ({CODING} if held else set())),
    )
    by_record = {}
    condition = Q(pk__in=[])
    for code, model in INSTRUMENTS.items():
        record = found.record(code)
        if record is None:
            continue
        content_type = ContentType.objects.get_for_model(model)
        by_record[(content_type.pk, record.pk)] = record
        condition |= Q(note__content_type=content_type, note__object_id=record.pk)
    if not by_record:
        return found
    rows = NoteTheme.objects.filter(condition).select_related("note", "theme").order_by("pk")
    for row in rows:
        record = by_record[(row.note.content_type_id, row.note.object_id)]
        codable = codable_item(row.note.item)
        note = getattr(record, codable.field, "") if codable else ""
        names = _names(record)
        found.themes.setdefault(row.theme.code, []).append(
            CodedTheme(
                item=row.note.item,
                quote=mask_names(row.note.quote, names),
                note=mask_names(note or "", names),
                record=record,
                theme_label=row.theme.label,
            )
        )
    return found
