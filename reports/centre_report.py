"""What the centre report (`/centres/<id>/report.pdf`) says: reads only.

The report speaks of the centre's latest counted interview and observation (submitted or
approved, `selectors.counted_records`), as the results do: its registry data, its answers on
knowledge, resources and needs, the observation's spaces and services, the photos of an
approved observation (stored already protected: faces blurred, metadata dropped) and its
support plan. It names no respondent: the respondent's name is left out and masked in the
notes, and no researcher is named.
"""

import base64
import io
import logging
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from PIL import Image

from centres.models import Centre
from coding.selectors import mask_names
from fieldwork.display import AnswerSection, answer_sections
from fieldwork.models import Status
from fieldwork.spec import ItemType
from interviews.models import Interview
from observations.models import Observation, Photo
from plans.models import ActionStatus
from plans.selectors import plan

from .filters import ReportFilters
from .selectors import counted_records

logger = logging.getLogger(__name__)

#: The interview's sections the findings are read from, in the results' order.
FINDING_SECTIONS = ("K", "R", "N")
#: The observation's sections the report shows.
OBSERVATION_SECTIONS = ("profile", "location", "infrastructure", "services")
#: Photos are printed at most this many pixels on their longer side (about 15 cm at 150 dpi),
#: and at most this many per report.
PHOTO_SIDE = 900
PHOTO_QUALITY = 80
MAX_PHOTOS = 24


@dataclass
class ReportPhoto:
    space: str
    caption: str
    #: The downscaled JPEG, as a `data:` URI (the PDF engine fetches nothing else).
    src: str


@dataclass
class ReportPlan:
    #: (area label, its plan items) in the plan page's order: by area, then priority.
    areas: list[tuple[str, list]]
    #: (status label, actions) of the statuses that have any, dropped included.
    statuses: list[tuple[str, int]]
    dropped: int

    @property
    def total(self) -> int:
        return sum(len(items) for _label, items in self.areas)


def report_plan(centre: Centre) -> ReportPlan:
    found = plan(centre)
    areas = []
    for block in found.areas:
        items = [i for i in block.items if i.action.status != ActionStatus.DROPPED]
        if items:
            areas.append((block.label, items))
    return ReportPlan(
        areas=areas,
        statuses=[(str(label), n) for _code, label, n in found.status_counts if n],
        dropped=found.count(ActionStatus.DROPPED),
    )


@dataclass
class CentreReport:
    centre: Centre
    generated: date
    interview: Interview | None
    observation: Observation | None
    findings: list[AnswerSection] = field(default_factory=list)
    observation_sections: list[AnswerSection] = field(default_factory=list)
    photos: list[ReportPhoto] = field(default_factory=list)
    #: Photos of the counted observation left out: it is not approved yet, or past MAX_PHOTOS.
    photos_unapproved: int = 0
    photos_left_out: int = 0
    #: The centre's support plan (`plans.selectors.plan`), dropped actions left out.
    plan: ReportPlan | None = None

    @property
    def over_capacity(self) -> bool:
        return self.observation is not None and self.observation.over_capacity


def counted(centre: Centre, model):
    """The centre's counted record of `model` (latest submitted or approved), or None."""
    return counted_records(ReportFilters(), model).filter(centre=centre).first()


def _masked(sections: list[AnswerSection], names: list[str]) -> list[AnswerSection]:
    """The sections with personal items left out and the names masked in every text."""
    for section in sections:
        section.rows = [row for row in section.rows if not row.item.personal]
        for row in section.rows:
            row.notes = mask_names(row.notes, names) if row.notes else ""
            if row.item.type == ItemType.TEXT and isinstance(row.answer, str):
                row.answer = mask_names(row.answer, names)
            elif isinstance(row.answer, list):
                row.answer = [mask_names(entry, names) for entry in row.answer]
    return sections


def _sections(record, codes, names) -> list[AnswerSection]:
    if record is None:
        return []
    wanted = [s for s in answer_sections(record) if s.section.code in codes]
    return _masked(wanted, names)


def print_photo(photo: Photo) -> ReportPhoto | None:
    """The stored (protected) photo, downscaled for print; None if its file cannot be read."""
    try:
        with photo.image.open("rb") as stored:
            image = Image.open(stored)
            image.draft("RGB", (PHOTO_SIDE, PHOTO_SIDE))  # JPEG: decode at a smaller scale
            image = image.convert("RGB")
    except (OSError, ValueError):
        logger.warning("Centre report: photo %s could not be read", photo.pk)
        return None
    image.thumbnail((PHOTO_SIDE, PHOTO_SIDE))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=PHOTO_QUALITY, optimize=True)
    src = "data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode("ascii")
    return ReportPhoto(str(photo.get_space_display()), photo.caption, src)


def centre_report(centre: Centre) -> CentreReport:
    interview = counted(centre, Interview)
    observation = counted(centre, Observation)
    names = [interview.respondent_name] if interview and interview.respondent_name else []
    report = CentreReport(
        centre=centre,
        generated=timezone.localdate(),
        interview=interview,
        observation=observation,
        findings=_sections(interview, FINDING_SECTIONS, names),
        observation_sections=_sections(observation, OBSERVATION_SECTIONS, names),
        plan=report_plan(centre),
    )
    if observation is not None:
        photos = list(observation.photos.all())
        if observation.status != Status.APPROVED:
            # Only an approved observation's photos leave the app.
            report.photos_unapproved = len(photos)
        else:
            for photo in photos[:MAX_PHOTOS]:
                printed = print_photo(photo)
                if printed is not None:
                    report.photos.append(printed)
            report.photos_left_out = len(photos) - len(report.photos)
    return report
