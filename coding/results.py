"""Themes counted per centre by sector, like any option, with findings in words and quotes.

A centre counts once: a theme is present for a centre if any note of its counted records
(the latest counted interview and observation within the filters) carries it. Four queries
whatever the size of the data: the themes, the centres counted, the centres per theme and
sector, and up to three quotes per theme.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from centres.models import Centre, Sector
from reports.extensions import ResultSection
from reports.findings import Tally, where

from .counted import counted_records
from .models import NoteTheme, Theme
from .notes import INSTRUMENTS

QUOTES_PER_THEME = 3


@dataclass
class Quote:
    text: str
    sector: str

    @property
    def sector_label(self) -> str:
        return Sector(self.sector).label if self.sector in Sector.values else ""


@dataclass
class ThemeResult:
    theme: Theme
    tally: Tally
    base: Tally
    quotes: list[Quote] = field(default_factory=list)

    @property
    def finding(self) -> str:
        if not self.tally.total:
            return _("%(theme)s: not mentioned (0 of %(n)d).") % {
                "theme": self.theme.label,
                "n": self.base.total,
            }
        return _("%(theme)s was mentioned in %(where)s (%(count)d of %(n)d).") % {
            "theme": self.theme.label,
            "where": where(self.tally),
            "count": self.tally.total,
            "n": self.base.total,
        }


@dataclass
class ThemeResults:
    #: The centres counted, by sector.
    base: Tally
    themes: list[ThemeResult]


def counted_notes(filters, prefix: str = "note__") -> Q:
    """Coding rows of the notes of the counted records (`prefix` leads to the CodedNote)."""
    condition = Q(pk__in=[])
    for model in INSTRUMENTS.values():
        condition |= Q(
            **{
                f"{prefix}content_type": ContentType.objects.get_for_model(model),
                f"{prefix}object_id__in": counted_records(model, filters).values("pk"),
            }
        )
    return condition


def of_record(source: str, output_field, prefix: str = "note__") -> Case:
    """A column of the coded note's record (`centre_id`, `centre__sector`), any instrument."""
    return Case(
        *(
            When(
                **{f"{prefix}content_type": ContentType.objects.get_for_model(model)},
                then=Subquery(
                    model.objects.filter(pk=OuterRef(f"{prefix}object_id")).values(source)[:1]
                ),
            )
            for model in INSTRUMENTS.values()
        ),
        default=Value(None),
        output_field=output_field,
    )


def _tally(counts: dict[str, int]) -> Tally:
    return Tally(public=counts.get(Sector.PUBLIC, 0), private=counts.get(Sector.PRIVATE, 0))


def theme_results(filters) -> ThemeResults:
    centres = Centre.objects.filter(
        Q(pk__in=counted_records(INSTRUMENTS["interview"], filters).values("centre"))
        | Q(pk__in=counted_records(INSTRUMENTS["observation"], filters).values("centre"))
    )
    base = _tally(dict(centres.values_list("sector").annotate(n=Count("pk")).order_by()))
    coding = NoteTheme.objects.filter(counted_notes(filters))
    counts: dict[int, dict[str, int]] = {}
    rows = (
        coding.annotate(
            centre=of_record("centre_id", IntegerField()),
            sector=of_record("centre__sector", CharField()),
        )
        .values("theme_id", "sector")
        .annotate(n=Count("centre", distinct=True))
        .order_by()
    )
    for row in rows:
        counts.setdefault(row["theme_id"], {})[row["sector"]] = row["n"]
    quotes: dict[int, list[Quote]] = {}
    ranked = (
        coding.exclude(note__quote="")
        .annotate(
            sector=of_record("centre__sector", CharField()),
            rank=Window(
                RowNumber(),
                partition_by=[F("theme_id")],
                order_by=[F("note__coded_at").asc(), F("pk").asc()],
            ),
        )
        .filter(rank__lte=QUOTES_PER_THEME)
        .values_list("theme_id", "note__quote", "sector")
        .order_by("theme_id", "rank")
    )
    for theme_id, quote, sector in ranked:
        quotes.setdefault(theme_id, []).append(Quote(quote, sector))
    themes = [
        ThemeResult(theme, _tally(counts.get(theme.pk, {})), base, quotes.get(theme.pk, []))
        for theme in Theme.objects.all()
        if theme.active or theme.pk in counts
    ]
    return ThemeResults(base, themes)


THEMES_SECTION = ResultSection(
    code="themes",
    title=gettext_lazy("Themes"),
    template="coding/_results_themes.html",
    build=theme_results,
)
