"""The layouts an import reads: the workbook's own sheets, as `reports/exporters.py` writes them.

Each kind of import has a sheet (`Centres`, `Interviews`, `Observations`; titled in either
language) and its columns, named in the file by their codes or by their labels in either
language, with one header row or two (labels over codes, as in a workbook of labels).
Interviews may come with the workbook's `Actors` sheet, its rows tied to their interview by
`interview_uid` (or the interview's `id` in the same file).
"""

import re
from dataclasses import dataclass, field
from enum import StrEnum

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from openpyxl.utils import get_column_letter

from interviews.spec import INTERVIEW
from observations.spec import OBSERVATION
from reports.exporters import (
    ActorsExporter,
    CentresExporter,
    ColumnExporter,
    Exporter,
    Values,
    record_columns,
)
from reports.filters import ReportFilters

from .reading import Sheet
from .values import LANGUAGES, cell_text, fold


class Kind(StrEnum):
    CENTRES = "centres"
    INTERVIEWS = "interviews"
    OBSERVATIONS = "observations"

    @property
    def label(self) -> str:
        return str(KIND_LABELS[self])


KIND_LABELS = {
    Kind.CENTRES: _("Centres (the registry)"),
    Kind.INTERVIEWS: _("Interviews (with their coordination actors)"),
    Kind.OBSERVATIONS: _("Observations"),
}
SHEET_TITLES = {
    Kind.CENTRES: _("Centres"),
    Kind.INTERVIEWS: _("Interviews"),
    Kind.OBSERVATIONS: _("Observations"),
}
ACTORS_TITLE = _("Actors")
SPECS = {Kind.INTERVIEWS: INTERVIEW, Kind.OBSERVATIONS: OBSERVATION}

#: Columns of the records' sheets that an import reads past: worked out from other columns
#: (the centre's sector and state, the multi-choice flags) or not answers (the photos, the
#: row number of another database). The registry's own columns are all read but `id`.
DERIVED = re.compile(r"^(id|sector|state|photos|photo_\d+|[a-z0-9_]+/[a-z0-9_]+)$")
DERIVED_CENTRES = re.compile(r"^id$")


class _RecordColumns(ColumnExporter):
    """The columns of an instrument's row sheet (those of `Observations` without its photos)."""

    def __init__(self, spec):
        super().__init__(ReportFilters(), names=True, values=Values.LABELS)
        self.spec = spec

    def columns(self):
        return record_columns(self.spec, names=True, values=self.values)


def _columns(kind: Kind | str) -> list[tuple[str, str]]:
    """(code, label) of every column of the layout, in the current language."""
    if kind == "actors":
        exporter: ColumnExporter = ActorsExporter(ReportFilters(), values=Values.LABELS)
    elif kind == Kind.CENTRES:
        exporter = CentresExporter(ReportFilters(), values=Values.LABELS)
    else:
        exporter = _RecordColumns(SPECS[Kind(kind)])
    codes = exporter.header()
    return list(zip(codes, exporter.header_labels(codes), strict=True))


def header_rows(kind: Kind | str) -> list[list[str]]:
    """The layout's two header rows, labels over codes, in the current language."""
    columns = _columns(kind)
    return [[label for _code, label in columns], [code for code, _label in columns]]


def sheet_titles(kind: Kind | str) -> set[str]:
    title = ACTORS_TITLE if kind == "actors" else SHEET_TITLES[Kind(kind)]
    titles = set()
    for language in LANGUAGES:
        with translation.override(language):
            titles.add(fold(title))
    return titles


def find_sheet(sheets: list[Sheet], kind: Kind | str) -> Sheet | None:
    """The sheet titled for `kind` in either language; a lone sheet (a CSV) is the main one."""
    titles = sheet_titles(kind)
    for sheet in sheets:
        if fold(sheet.title) in titles:
            return sheet
    if kind != "actors" and len(sheets) == 1:
        return sheets[0]
    return None


@dataclass
class Header:
    """Which code each column holds, where the data starts, what was not understood."""

    codes: list[str | None]
    texts: list[str]
    #: 0-based index of the first data row.
    start: int
    unknown: list[str]
    repeated: list[str]
    #: The columns' questions (or names) in the current language, by code.
    labels: dict[str, str] = field(default_factory=dict)

    def index(self) -> dict[str, int]:
        found: dict[str, int] = {}
        for i, code in enumerate(self.codes):
            if code is not None and code not in found:
                found[code] = i
        return found

    def column(self, code: str) -> tuple[str, str]:
        """The column's question (or name) for the reader, and its letter ("" if absent)."""
        i = self.index().get(code)
        label = self.labels.get(code, "")
        if i is None:
            return label or code, ""
        return label or self.texts[i] or code, get_column_letter(i + 1)


def read_header(sheet: Sheet, kind: Kind | str) -> Header:
    lookup: dict[str, str] = {}
    codes = set()
    for language in LANGUAGES:
        with translation.override(language):
            for code, label in _columns(kind):
                codes.add(code)
                lookup.setdefault(fold(code), code)
                lookup.setdefault(fold(label), code)
    first = [cell_text(c) for c in (sheet.rows[0] if sheet.rows else [])]
    second = [cell_text(c) for c in (sheet.rows[1] if len(sheet.rows) > 1 else [])]

    def exact(row: list[str]) -> int:
        return sum(1 for text in row if text in codes)

    row, start = (second, 2) if exact(second) >= max(2, exact(first)) else (first, 1)
    derived = DERIVED_CENTRES if kind == Kind.CENTRES else DERIVED
    mapped: list[str | None] = []
    unknown, repeated, seen = [], [], set()
    for text in row:
        code = lookup.get(fold(text)) if text else None
        if code is None and text and not derived.match(text):
            unknown.append(text)
        if code is not None and derived.match(code):
            code = None  # read past: see DERIVED
        if code is not None and code in seen:
            repeated.append(text)
            code = None
        if code is not None:
            seen.add(code)
        mapped.append(code)
    return Header(mapped, row, start, unknown, repeated, dict(_columns(kind)))


class _HeaderOnly(Exporter):
    """A sheet of the layout with its header rows and no data (the template)."""

    def __init__(self, kind: Kind | str):
        self.kind = kind
        self.sheet = ACTORS_TITLE if kind == "actors" else SHEET_TITLES[Kind(kind)]
        self.values = Values.LABELS

    def header(self) -> list[str]:
        return header_rows(self.kind)[1]

    def header_rows(self) -> list[list[str]]:
        return header_rows(self.kind)

    def columns_widths(self) -> list[int]:
        return [max(12, min(40, len(label) + 2)) for label in header_rows(self.kind)[0]]

    def rows(self):
        return iter(())


def template_exporters(kind: Kind) -> list[Exporter]:
    sheets: list[Exporter] = [_HeaderOnly(kind)]
    if kind == Kind.INTERVIEWS:
        sheets.append(_HeaderOnly("actors"))
    return sheets
