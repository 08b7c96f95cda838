"""Row streams for the workbook and the CSV downloads.

Each exporter yields its header and then its rows (like pretix's `ListExporter.iterate_list`);
xlsx and CSV both render from that one stream. Records are read from the database in chunks of
`CHUNK` rows with `values_list`; the per-cell work is a converter per column, and converters that
translate (yes/no) are resolved once per export, not once per cell.

Two kinds of values, like Kobo's "labels" and "XML values" (`?values=labels|codes`):

- labels (the default): answers as their labels in the export's language, and two header rows,
  the questions' labels over their codes;
- codes: answers as their codes and one header row of codes, for scripts.

Labels are looked up once per column (a dict per choice column), never per cell.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db.models import Count, Max
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.privacy import pseudonym
from centres.models import Centre, Operator, RegistryStatus, Sector
from fieldwork.models import Status
from fieldwork.spec import Instrument, ItemType
from interviews.models import CoordinationActor, Interview
from interviews.spec import INTERVIEW
from observations.models import Observation, Photo
from observations.spec import OBSERVATION

from .extensions import workbook_sheets
from .filters import ReportFilters
from .findings import SPLIT_LABELS, Split, group_label
from .results import interview_results

CHUNK = 1000

#: Characters a workbook cannot hold (XML has no place for them): the C0 controls but tab,
#: newline and carriage return (a vertical tab pasted from a word processor, say), lone
#: surrogates, U+FFFE and U+FFFF. They are written as U+FFFD; the stored answer keeps them.
UNWRITABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
REPLACEMENT = "\ufffd"


class Values(StrEnum):
    """What the cells hold: answers as labels (for people) or as codes (for scripts)."""

    LABELS = "labels"
    CODES = "codes"

    @classmethod
    def of(cls, value: str | None) -> "Values":
        """`?values=`: anything but `codes` is the default, labels."""
        return cls.CODES if value == cls.CODES else cls.LABELS


@dataclass(frozen=True)
class Link:
    """A cell that is a hyperlink: its text, and the absolute address it opens."""

    text: str
    url: str

    def __str__(self) -> str:
        return self.url


def writable(value: Any) -> Any:
    """Text as a workbook (and the CSV made from the same stream) can hold it."""
    if isinstance(value, Link):
        return Link(writable(value.text), writable(value.url))
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


def labelled(choices) -> Callable[[Any], Any]:
    """A converter from a choice's code to its label, translated once (not once per cell)."""
    table = {code: str(label) for code, label in choices}
    return lambda code: "" if code in (None, "") else table.get(code, code)


def _header_labels() -> dict[str, str]:
    """Labels of the column codes the sheets share (summary, findings, codebook, themes, ...)."""
    return {
        "id": _("No."),
        "code": _("Code"),
        "question": _("Question"),
        "answer": _("Answer"),
        "total": _("Total"),
        "finding": _("Finding"),
        "instrument": _("Instrument"),
        "section": _("Section"),
        "type": _("Type of answer"),
        "options": _("Options"),
        "centre": _("Centre"),
        "sector": _("Sector"),
        "state": _("State"),
        "status": _("Record status"),
        "record": _("Record"),
        "item": _("Question"),
        "theme": _("Theme"),
        "quote": _("Quote"),
        "quotes": _("Quotes"),
        "photos": _("Photos"),
        **{code: str(group_label(split, code)) for split in SPLIT_LABELS for code in split.groups},
    }


@dataclass(frozen=True)
class Column:
    header: str
    source: str
    convert: Callable[[Any], Any] = _text
    width: int = 14
    #: The column's heading for people (labels): the question, in the export's language.
    label: str | Promise = ""


class Exporter:
    #: The sheet's title, in the language of the export.
    sheet: str | Promise
    #: Row sheets may be downloaded as CSV on their own.
    csv: bool = False
    #: Labels (two header rows, answers as labels) or codes (one header row, codes). The
    #: downloads default to labels (the views); an exporter built in code to codes.
    values: Values = Values.CODES

    @property
    def labels(self) -> bool:
        return self.values == Values.LABELS

    def choice(self, choices) -> Callable[[Any], Any]:
        """Codes as they are, or their labels (labels)."""
        return labelled(choices) if self.labels else _text

    def columns_widths(self) -> list[int]:
        return [max(10, min(40, len(h) + 2)) for h in self.header()]

    def header(self) -> list[str]:
        """The columns' codes."""
        raise NotImplementedError

    def header_labels(self, codes: list[str]) -> list[str]:
        """The columns' headings for people; a sheet with its own columns says better."""
        known = _header_labels()
        return [known.get(code, code) for code in codes]

    def header_rows(self) -> list[list[str]]:
        """Labels over codes, or the codes alone."""
        codes = self.header()
        return [self.header_labels(codes), codes] if self.labels else [codes]

    def rows(self) -> Iterator[list[Any]]:
        raise NotImplementedError

    def data(self) -> Iterator[list[Any]]:
        """The rows, as a workbook can hold them."""
        for row in self.rows():
            yield [writable(value) for value in row]

    def iterate(self) -> Iterator[list[Any]]:
        yield from self.header_rows()
        yield from self.data()


class ColumnExporter(Exporter):
    """Rows read with one `values_list` over fixed columns, in chunks."""

    csv = True

    def __init__(
        self,
        filters: ReportFilters,
        *,
        names: bool = False,
        researcher_names: bool = False,
        values: Values = Values.CODES,
    ):
        self.filters = filters
        #: Whether personal items (respondent names) are exported as typed or as pseudonyms.
        self.names = names
        #: Whether researchers (the interviewer) are exported by username or as pseudonyms.
        self.researcher_names = researcher_names
        self.values = values

    def columns(self) -> list[Column]:
        raise NotImplementedError

    def queryset(self):
        raise NotImplementedError

    def header(self) -> list[str]:
        return [c.header for c in self.columns()]

    def header_labels(self, codes: list[str]) -> list[str]:
        known = _header_labels()
        return [str(c.label) if c.label else known.get(c.header, c.header) for c in self.columns()]

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
        field = Centre._meta.get_field
        return [
            Column("id", "pk", width=8),
            Column("name", "name", width=40, label=_("Name")),
            Column("state", "state"),
            Column("municipality", "municipality", width=20, label=_("Municipality")),
            Column("address", "address", width=30, label=_("Address")),
            Column("sector", "sector", self.choice(Sector.choices)),
            Column("operator", "operator", self.choice(Operator.choices),
                   label=_("Operated by")),
            Column("specialises_in_migrant_children", "specialises_in_migrant_children",
                   yes_no_cell, label=_("Specialises in migrant children")),
            Column("registry_status", "registry_status", self.choice(RegistryStatus.choices),
                   label=field("registry_status").verbose_name),
            Column("capacity", "capacity", label=_("Capacity")),
        ]  # fmt: skip


def _multi_flag(option: str) -> Callable[[list[str]], int]:
    return lambda chosen: int(option in (chosen or ()))


def _joined(chosen: list[str] | None) -> str:
    return " ".join(chosen or ())


def _joined_labels(item) -> Callable[[list[str] | None], str]:
    table = {o.code: str(o.label) for o in item.options}
    return lambda chosen: "; ".join(table.get(code, code) for code in chosen or ())


def researcher_pseudonym(username: str | None) -> str:
    """`R-1a2b3c4d5e` for a researcher's username: stable, and not a respondent's `P-` id."""
    return pseudonym(username, prefix="R", purpose="researcher")


def record_columns(
    spec: Instrument,
    *,
    names: bool = False,
    researcher_names: bool = False,
    values: Values = Values.CODES,
) -> list[Column]:
    """`id, centre, sector, state, status, round` (the round by its name), then every item by
    its code, in codebook order, then `uid`, the record's lasting identifier.

    Personal items hold a stable pseudonym instead of what was typed unless `names` is set;
    researchers (user items) their username only if `researcher_names` is set. With labels,
    choices hold their labels and each column's `label` is its question.
    """
    labels = values == Values.LABELS

    def choice(choices):
        return labelled(choices) if labels else _text

    columns = [
        Column("id", "pk", width=8),
        Column("centre", "centre__name", width=36),
        Column("sector", "centre__sector", choice(Sector.choices)),
        Column("state", "centre__state"),
        Column("status", "status", choice(Status.choices)),
        # By its name: what the import reads back (`imports.records`), in either language.
        Column("round", "round__name", width=24, label=_("Round")),
    ]
    for item in spec.items:
        label = item.label
        if item.type in (ItemType.CENTRE, ItemType.REPEAT):
            pass  # the centre leads the row; repeat groups have a sheet of their own
        elif item.type == ItemType.USER:
            convert = _text if researcher_names else researcher_pseudonym
            columns.append(Column(item.code, "interviewer__username", convert, label=label))
        elif item.type == ItemType.YESNO:
            columns.append(Column(item.code, item.code, yes_no_cell, width=10, label=label))
        elif item.type == ItemType.MULTI:
            joined = _joined_labels(item) if labels else _joined
            columns.append(Column(item.code, item.code, joined, width=24, label=label))
            columns += [
                Column(f"{item.code}/{o.code}", item.code, _multi_flag(o.code), width=8,
                       label=format_lazy("{}: {}", label, o.label))
                for o in item.options
            ]  # fmt: skip
        elif item.type == ItemType.SINGLE:
            convert = choice((o.code, o.label) for o in item.options)
            columns.append(Column(item.code, item.code, convert, width=16, label=label))
        elif item.type == ItemType.DATE:
            columns.append(Column(item.code, item.code, width=12, label=label))
        elif item.personal and not names:
            columns.append(Column(item.code, item.code, pseudonym, label=label))
        else:
            width = 24 if item.long_text else 16
            columns.append(Column(item.code, item.code, width=width, label=label))
        if item.notes:
            notes_label = format_lazy("{}: {}", label, item.notes_label)
            columns.append(Column(item.notes_code, item.notes_code, width=30, label=notes_label))
    # The record's lasting identity (the `id` is only this database's): an import matches by it.
    columns.append(Column("uid", "uid", _uid_text, width=38, label=_("Record identifier")))
    return columns


def _uid_text(value) -> str:
    return "" if value is None else str(value)


class InterviewsExporter(ColumnExporter):
    sheet = gettext_lazy("Interviews")

    def queryset(self):
        return self.filters.apply(Interview.objects.all())

    def columns(self) -> list[Column]:
        return record_columns(
            INTERVIEW,
            names=self.names,
            researcher_names=self.researcher_names,
            values=self.values,
        )


class ObservationsExporter(ColumnExporter):
    """The observation items, then `photos`: each photo's space, caption and link; then one
    column per photo (`photo_1`, ...): its address, a hyperlink in the workbook."""

    sheet = gettext_lazy("Observations")
    #: Absolute address of the site, for the photo links (set by the view).
    base_url = ""

    def queryset(self):
        return self.filters.apply(Observation.objects.all())

    def columns(self) -> list[Column]:
        return record_columns(
            OBSERVATION,
            names=self.names,
            researcher_names=self.researcher_names,
            values=self.values,
        )

    def photo_columns(self) -> int:
        """The most photos any observation within the filters has: one column each."""
        if not hasattr(self, "_photo_columns"):
            counts = (
                Photo.objects.filter(observation__in=self.queryset())
                .values("observation")
                .annotate(n=Count("id"))
                .order_by()
            )
            self._photo_columns = counts.aggregate(most=Max("n"))["most"] or 0
        return self._photo_columns

    def _photo_headers(self) -> list[str]:
        return ["photos", *(f"photo_{n}" for n in range(1, self.photo_columns() + 1))]

    def header(self) -> list[str]:
        return [*super().header(), *self._photo_headers()]

    def header_labels(self, codes: list[str]) -> list[str]:
        photos = [str(_("Photo %(n)s") % {"n": n}) for n in range(1, self.photo_columns() + 1)]
        return [*super().header_labels(codes), str(_("Photos")), *photos]

    def columns_widths(self) -> list[int]:
        return [*super().columns_widths(), 60, *(30 for _n in range(self.photo_columns()))]

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
        listed: dict[int, list[Link]] = {}
        photos = Photo.objects.filter(observation_id__in=[row[0] for row in batch])
        base = self.base_url.rstrip("/")
        for photo in photos.order_by("observation_id", "pk"):
            url = f"{base}{photo.get_absolute_url()}"
            text = f"{photo.get_space_display()}: {photo.caption} <{url}>"
            listed.setdefault(photo.observation_id, []).append((text, Link(url, url)))
        width = self.photo_columns()
        for row in batch:
            photos = listed.get(row[0], [])
            links = [link for _text, link in photos]
            cells = [*links, *("" for _n in range(width - len(links)))]
            yield [*row, "\n".join(text for text, _link in photos), *cells]


class ActorsExporter(ColumnExporter):
    sheet = gettext_lazy("Actors")

    def queryset(self):
        interviews = self.filters.apply(Interview.objects.all())
        return CoordinationActor.objects.filter(interview__in=interviews)

    def columns(self) -> list[Column]:
        field = CoordinationActor._meta.get_field
        return [
            Column("id", "pk", width=8),
            Column("interview", "interview_id", width=10, label=_("Interview")),
            Column("centre", "interview__centre__name", width=36),
            Column("sector", "interview__centre__sector", self.choice(Sector.choices)),
            Column("actor_name", "actor_name", width=30,
                   label=field("actor_name").verbose_name),
            Column("actor_sector", "actor_sector", self.choice(field("actor_sector").choices),
                   width=20, label=format_lazy("{}: {}", _("Actor"), _("Sector"))),
            # Lasting identities: an import matches the row and its interview by them.
            Column("interview_uid", "interview__uid", _uid_text, width=38,
                   label=_("Interview identifier")),
            Column("uid", "uid", _uid_text, width=38, label=_("Row identifier")),
        ]  # fmt: skip


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
    """Every code and its label; first, what the two kinds of export hold."""

    sheet = gettext_lazy("Codebook")

    def header(self) -> list[str]:
        return ["code", "instrument", "section", "question", "type", "options"]

    def columns_widths(self) -> list[int]:
        return [30, 12, 28, 60, 10, 60]

    def rows(self) -> Iterator[list[Any]]:
        explained = (
            (Values.LABELS, _(
                "Labels: answers as their labels in the language of the export; two header "
                "rows, the questions over their codes. For reading."
            )),
            (Values.CODES, _(
                "Codes: answers as their codes (below); one header row of codes. For scripts."
            )),
        )  # fmt: skip
        for values, text in explained:
            chosen = _("This download") if values == self.values else ""
            yield [f"values={values}", "", "", text, str(chosen), ""]
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
    values: Values = Values.LABELS,
) -> list[Exporter]:
    results = interview_results(filters)
    exporters = [
        exporter(filters, names=names, researcher_names=researcher_names, values=values)
        for exporter in ROW_SHEETS.values()
    ]
    for exporter in exporters:
        exporter.base_url = base_url
    sheets = [
        *exporters,
        *(SummaryExporter(sheet, code, results) for sheet, code in SUMMARY_SHEETS),
        FindingsExporter(results),
        CodebookExporter(),
        # Sheets other apps register (reports/extensions.py): `Themes` and `Coding`.
        *workbook_sheets(filters, names=names, researcher_names=researcher_names),
    ]
    for sheet in sheets:
        sheet.values = values
    return sheets
