"""Row streams for the workbook and the CSV downloads.

Each exporter yields its header and then its rows (like pretix's `ListExporter.iterate_list`);
xlsx and CSV both render from that one stream. Records are read from the database in chunks of
`CHUNK` rows with `values_list`; the per-cell work is a converter per column, and converters that
translate (yes/no) are resolved once per export, not once per cell.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.privacy import pseudonym
from centres.models import Centre, Sector
from fieldwork.models import Status
from fieldwork.spec import Instrument, ItemType
from interviews.models import CoordinationActor, Interview
from interviews.spec import INTERVIEW
from observations.models import Observation, Photo
from observations.spec import OBSERVATION

from .extensions import workbook_sheets
from .filters import ReportFilters
from .findings import Split
from .results import interview_results

CHUNK = 1000

#: Characters a workbook cannot hold (XML has no place for them): the C0 controls but tab,
#: newline and carriage return (a vertical tab pasted from a word processor, say), lone
#: surrogates, U+FFFE and U+FFFF. They are written as U+FFFD; the stored answer keeps them.
UNWRITABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
REPLACEMENT = "\ufffd"


def writable(value: Any) -> Any:
    """Text as a workbook (and the CSV made from the same stream) can hold it."""
    return UNWRITABLE.sub(REPLACEMENT, value) if isinstance(value, str) else value


def yes_no_cell(value: bool | None) -> str:
    if value is None:
        return ""
    return _("Yes") if value else _("No")


def _per_export(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """The converter for one export: yes/no words are translated here once, in its language."""
    if convert is yes_no_cell:
        return {None: "", True: _("Yes"), False: _("No")}.__getitem__
    return convert


def _text(value: Any) -> Any:
    return "" if value is None else value


@dataclass(frozen=True)
class Column:
    header: str
    source: str
    convert: Callable[[Any], Any] = _text
    width: int = 14


class Exporter:
    #: The sheet's title, in the language of the export (column headers are codes).
    sheet: str | Promise
    #: Row sheets may be downloaded as CSV on their own.
    csv: bool = False

    def columns_widths(self) -> list[int]:
        return [max(10, min(40, len(h) + 2)) for h in self.header()]

    def header(self) -> list[str]:
        raise NotImplementedError

    def rows(self) -> Iterator[list[Any]]:
        raise NotImplementedError

    def iterate(self) -> Iterator[list[Any]]:
        yield self.header()
        for row in self.rows():
            yield [writable(value) for value in row]


class ColumnExporter(Exporter):
    """Rows read with one `values_list` over fixed columns, in chunks."""

    csv = True

    def __init__(
        self, filters: ReportFilters, *, names: bool = False, researcher_names: bool = False
    ):
        self.filters = filters
        #: Whether personal items (respondent names) are exported as typed or as pseudonyms.
        self.names = names
        #: Whether researchers (the interviewer) are exported by username or as pseudonyms.
        self.researcher_names = researcher_names

    def columns(self) -> list[Column]:
        raise NotImplementedError

    def queryset(self):
        raise NotImplementedError

    def header(self) -> list[str]:
        return [c.header for c in self.columns()]

    def columns_widths(self) -> list[int]:
        return [max(c.width, min(40, len(c.header) + 2)) for c in self.columns()]

    def rows(self) -> Iterator[list[Any]]:
        columns = self.columns()
        sources = list(dict.fromkeys(c.source for c in columns))
        index = {source: i for i, source in enumerate(sources)}
        plan = [(index[c.source], _per_export(c.convert)) for c in columns]
        values = self.queryset().order_by("pk").values_list(*sources)
        for row in values.iterator(chunk_size=CHUNK):
            yield [convert(row[i]) for i, convert in plan]


class CentresExporter(ColumnExporter):
    sheet = gettext_lazy("Centres")

    def queryset(self):
        return self.filters.apply_to_centres(Centre.objects.all())

    def columns(self) -> list[Column]:
        return [
            Column("id", "pk", width=8),
            Column("name", "name", width=40),
            Column("state", "state"),
            Column("municipality", "municipality", width=20),
            Column("address", "address", width=30),
            Column("sector", "sector"),
            Column("operator", "operator"),
            Column("specialises_in_migrant_children", "specialises_in_migrant_children",
                   yes_no_cell),
            Column("registry_status", "registry_status"),
            Column("capacity", "capacity"),
        ]  # fmt: skip


def _multi_flag(option: str) -> Callable[[list[str]], int]:
    return lambda chosen: int(option in (chosen or ()))


def _joined(chosen: list[str] | None) -> str:
    return " ".join(chosen or ())


def researcher_pseudonym(username: str | None) -> str:
    """`R-1a2b3c4d5e` for a researcher's username: stable, and not a respondent's `P-` id."""
    return pseudonym(username, prefix="R", purpose="researcher")


def record_columns(
    spec: Instrument, *, names: bool = False, researcher_names: bool = False
) -> list[Column]:
    """`id, centre, sector, state, status`, then every item by its code, in codebook order.

    Personal items hold a stable pseudonym instead of what was typed unless `names` is set;
    researchers (user items) their username only if `researcher_names` is set.
    """
    columns = [
        Column("id", "pk", width=8),
        Column("centre", "centre__name", width=36),
        Column("sector", "centre__sector"),
        Column("state", "centre__state"),
        Column("status", "status"),
    ]
    for item in spec.items:
        if item.type in (ItemType.CENTRE, ItemType.REPEAT):
            pass  # the centre leads the row; repeat groups have a sheet of their own
        elif item.type == ItemType.USER:
            convert = _text if researcher_names else researcher_pseudonym
            columns.append(Column(item.code, "interviewer__username", convert))
        elif item.type == ItemType.YESNO:
            columns.append(Column(item.code, item.code, yes_no_cell, width=10))
        elif item.type == ItemType.MULTI:
            columns.append(Column(item.code, item.code, _joined, width=24))
            columns += [
                Column(f"{item.code}/{o}", item.code, _multi_flag(o), width=8)
                for o in item.option_codes
            ]
        elif item.type == ItemType.DATE:
            columns.append(Column(item.code, item.code, width=12))
        elif item.personal and not names:
            columns.append(Column(item.code, item.code, pseudonym))
        else:
            columns.append(Column(item.code, item.code, width=24 if item.long_text else 16))
        if item.notes:
            columns.append(Column(item.notes_code, item.notes_code, width=30))
    return columns


class InterviewsExporter(ColumnExporter):
    sheet = gettext_lazy("Interviews")

    def queryset(self):
        return self.filters.apply(Interview.objects.all())

    def columns(self) -> list[Column]:
        return record_columns(INTERVIEW, names=self.names, researcher_names=self.researcher_names)


class ObservationsExporter(ColumnExporter):
    """The observation items, then `photos`: each photo's space, caption and link."""

    sheet = gettext_lazy("Observations")
    #: Absolute address of the site, for the photo links (set by the view).
    base_url = ""

    def queryset(self):
        return self.filters.apply(Observation.objects.all())

    def columns(self) -> list[Column]:
        return record_columns(OBSERVATION, names=self.names, researcher_names=self.researcher_names)

    def header(self) -> list[str]:
        return [*super().header(), "photos"]

    def columns_widths(self) -> list[int]:
        return [*super().columns_widths(), 60]

    def rows(self) -> Iterator[list[Any]]:
        batch: list[list[Any]] = []
        for row in super().rows():
            batch.append(row)
            if len(batch) == CHUNK:
                yield from self._with_photos(batch)
                batch = []
        yield from self._with_photos(batch)

    def _with_photos(self, batch: list[list[Any]]) -> Iterator[list[Any]]:
        """One query per chunk of observations, not one per observation."""
        listed: dict[int, list[str]] = {}
        photos = Photo.objects.filter(observation_id__in=[row[0] for row in batch])
        for photo in photos.order_by("observation_id", "pk"):
            text = f"{photo.get_space_display()}: {photo.caption} <{self.base_url.rstrip('/')}"
            listed.setdefault(photo.observation_id, []).append(f"{text}{photo.get_absolute_url()}>")
        for row in batch:
            yield [*row, "\n".join(listed.get(row[0], []))]


class ActorsExporter(ColumnExporter):
    sheet = gettext_lazy("Actors")

    def queryset(self):
        interviews = self.filters.apply(Interview.objects.all())
        return CoordinationActor.objects.filter(interview__in=interviews)

    def columns(self) -> list[Column]:
        return [
            Column("id", "pk", width=8),
            Column("interview", "interview_id", width=10),
            Column("centre", "interview__centre__name", width=36),
            Column("sector", "interview__centre__sector"),
            Column("actor_name", "actor_name", width=30),
            Column("actor_sector", "actor_sector", width=20),
        ]


class SummaryExporter(Exporter):
    """The counts of the results page for one section: code, question, answer, counts.

    One column per group of the split (`public`, `private` by sector; the operators' codes by
    operator), then the total. Centres count once (their latest record); items with skip
    logic have a `Not applicable` row apart from `Not answered`.
    """

    def __init__(self, sheet: str | Promise, section_code: str, results, split=None):
        self.sheet = sheet
        self.section_code = section_code
        self.results = results
        first = next((r for s in results for r in s.items), None)
        self.split = split or (first.split if first else Split.SECTOR)

    def header(self) -> list[str]:
        return ["code", "question", "answer", *self.split.groups, "total"]

    def columns_widths(self) -> list[int]:
        return [26, 60, 30, *(9 for _group in self.split.groups), 9]

    def rows(self) -> Iterator[list[Any]]:
        section = next(s for s in self.results if s.section.code == self.section_code)
        for result in section.items:
            for answer in result.answers:
                tally = answer.tally
                yield [
                    result.item.code,
                    str(result.item.label),
                    answer.label,
                    *(n for _group, n in tally.by(self.split)),
                    tally.total,
                ]


class FindingsExporter(Exporter):
    """The findings of the results page written out in words, one per row."""

    sheet = gettext_lazy("Findings")

    def __init__(self, results):
        self.results = results

    def header(self) -> list[str]:
        return ["code", "question", "finding"]

    def columns_widths(self) -> list[int]:
        return [26, 60, 90]

    def rows(self) -> Iterator[list[Any]]:
        for section in self.results:
            for result in section.items:
                for finding in result.findings:
                    yield [result.item.code, str(result.item.label), finding]


class CodebookExporter(Exporter):
    sheet = gettext_lazy("Codebook")

    def header(self) -> list[str]:
        return ["code", "instrument", "section", "question", "type", "options"]

    def columns_widths(self) -> list[int]:
        return [30, 12, 28, 60, 10, 60]

    def rows(self) -> Iterator[list[Any]]:
        # The codes the row sheets share ahead of the items.
        for code, label, choices in (
            ("sector", _("Sector"), Sector.choices),
            ("status", _("Status"), Status.choices),
        ):
            options = "; ".join(f"{value} = {name}" for value, name in choices)
            yield [code, "", "", label, "single", options]
        for spec in (INTERVIEW, OBSERVATION):
            for section in spec.sections:
                for item in section.items:
                    options = "; ".join(f"{o.code} = {o.label}" for o in item.options)
                    yield [item.code, spec.code, str(section.title), str(item.label),
                           item.type.value, options]  # fmt: skip
                    if item.notes:
                        yield [item.notes_code, spec.code, str(section.title),
                               str(item.notes_label), "text", ""]  # fmt: skip


SUMMARY_SHEETS = (
    (gettext_lazy("Knowledge"), "K"),
    (gettext_lazy("Resources"), "R"),
    (gettext_lazy("Needs"), "N"),
)
ROW_SHEETS = {
    "centres": CentresExporter,
    "interviews": InterviewsExporter,
    "actors": ActorsExporter,
    "observations": ObservationsExporter,
}


def workbook_exporters(
    filters: ReportFilters,
    *,
    names: bool = False,
    researcher_names: bool = False,
    base_url: str = "",
) -> list[Exporter]:
    results = interview_results(filters)
    exporters = [
        exporter(filters, names=names, researcher_names=researcher_names)
        for exporter in ROW_SHEETS.values()
    ]
    for exporter in exporters:
        exporter.base_url = base_url
    return [
        *exporters,
        *(SummaryExporter(sheet, code, results) for sheet, code in SUMMARY_SHEETS),
        FindingsExporter(results),
        CodebookExporter(),
        # Sheets other apps register (reports/extensions.py): `Themes` and `Coding`.
        *workbook_sheets(filters, names=names, researcher_names=researcher_names),
    ]
