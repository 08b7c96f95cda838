"""The workbook's `Themes` sheet (counts, findings, quotes) and `Coding` sheet (one row per
theme of a coded note: record, item, theme, quote)."""

from collections.abc import Iterator
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.utils.translation import gettext_lazy

from centres.models import Sector
from reports.exporters import CHUNK, Exporter, labelled
from reports.selectors import recorded

from .models import CodedNote, Theme
from .notes import INSTRUMENTS, codable_items
from .results import ThemeResults, of_record, theme_results


class ThemesExporter(Exporter):
    sheet = gettext_lazy("Themes")

    def __init__(self, results: ThemeResults):
        self.results = results

    def header(self) -> list[str]:
        groups = [code for code, _label in self.results.groups]
        return ["code", "theme", *groups, "total", "finding", "quotes"]

    def columns_widths(self) -> list[int]:
        return [30, 40, *(9 for _group in self.results.groups), 9, 70, 70]

    def rows(self) -> Iterator[list[Any]]:
        for result in self.results.themes:
            yield [
                result.theme.code,
                result.theme.label,
                *result.counts,
                result.tally.total,
                result.finding,
                "\n".join(quote.text for quote in result.quotes),
            ]


class CodingExporter(Exporter):
    """Every record within the filters (not only the counted ones), like the row sheets; a note
    coded with no theme has a row with an empty `theme`. With labels, the instrument, sector,
    item and theme are named by their labels (looked up once, not per cell)."""

    sheet = gettext_lazy("Coding")

    def __init__(self, filters):
        self.filters = filters

    def header(self) -> list[str]:
        return ["instrument", "record", "centre", "sector", "item", "theme", "quote"]

    def columns_widths(self) -> list[int]:
        return [12, 9, 36, 10, 30, 30, 60]

    def rows(self) -> Iterator[list[Any]]:
        records = Q(pk__in=[])
        for model in INSTRUMENTS.values():
            records |= Q(
                content_type=ContentType.objects.get_for_model(model),
                object_id__in=recorded(self.filters, model).values("pk"),
            )
        rows = (
            CodedNote.objects.filter(records)
            .annotate(
                centre=of_record("centre__name", CharField(), prefix=""),
                sector=of_record("centre__sector", CharField(), prefix=""),
            )
            .values_list(
                "content_type__model",
                "object_id",
                "centre",
                "sector",
                "item",
                "note_themes__theme__code",
                "quote",
            )  # fmt: skip
            .order_by("content_type__model", "object_id", "item", "note_themes__theme_id")
        )
        converts = [lambda value: value] * 7
        if self.labels:
            converts[0] = labelled((code, m.spec.title) for code, m in INSTRUMENTS.items())
            converts[3] = labelled(Sector.choices)
            converts[4] = labelled((i.code, i.label) for i in codable_items())
            converts[5] = labelled((t.code, t.label) for t in Theme.objects.all())
        for row in rows.iterator(chunk_size=CHUNK):
            yield [
                "" if v is None else convert(v) for convert, v in zip(converts, row, strict=True)
            ]


def coding_sheets(filters, **options) -> list[Exporter]:
    return [ThemesExporter(theme_results(filters)), CodingExporter(filters)]
