"""Themes counted per centre by sector, like any option, with findings in words and quotes.

A centre counts once: a theme is present for a centre if any note of its counted records
(the latest counted interview and observation within the filters, `reports.selectors`)
carries it; counts are kept by sector and operator, and read by the page's split. Four queries
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
from reports.findings import Quantifier, Split, Tally, group_label, quantifier, where
from reports.selectors import counted_records

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
    split: Split = Split.SECTOR

    @property
    def counts(self) -> list[int]:
        """The centres of each group of the split, in the order of `ThemeResults.groups`."""
        return [n for _group, n in self.tally.by(self.split)]

    @property
    def finding(self) -> str:
        values = {
            "theme": self.theme.label,
            "where": where(self.tally, self.split),
            "count": self.tally.total,
            "n": self.base.total,
        }
        match quantifier(self.tally.total, self.base.total):
            case Quantifier.NONE | Quantifier.NOT_ASKED:
                text = _("%(theme)s: not mentioned (0 of %(n)d).")
            case Quantifier.ALL:
                text = _("%(theme)s was mentioned in all the CAS (%(where)s; %(count)d of %(n)d).")
            case _other:
                text = _("%(theme)s was mentioned in %(where)s (%(count)d of %(n)d).")
        return text % values


@dataclass
class ThemeResults:
    #: The centres counted, by sector and operator.
    base: Tally
    themes: list[ThemeResult]
    split: Split = Split.SECTOR

    @property
    def groups(self) -> list[tuple[str, str]]:
        return [(code, group_label(self.split, code)) for code in self.split.groups]


def counted_notes(filters, prefix: str = "note__") -> Q:
    """Coding rows of the notes of the counted records (`prefix` leads to the CodedNote)."""
    condition = Q(pk__in=[])
    for model in INSTRUMENTS.values():
        condition |= Q(
            **{
                f"{prefix}content_type": ContentType.objects.get_for_model(model),
                f"{prefix}object_id__in": counted_records(filters, model).values("pk"),
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


def theme_results(filters) -> ThemeResults:
    centres = Centre.objects.filter(
        Q(pk__in=counted_records(filters, INSTRUMENTS["interview"]).values("centre"))
        | Q(pk__in=counted_records(filters, INSTRUMENTS["observation"]).values("centre"))
    )
    cells = centres.values_list("sector", "operator").annotate(n=Count("pk")).order_by()
    base = Tally(cells={(sector, operator): n for sector, operator, n in cells})
    coding = NoteTheme.objects.filter(counted_notes(filters))
    counts: dict[int, dict[tuple[str, str], int]] = {}
    rows = (
        coding.annotate(
            centre=of_record("centre_id", IntegerField()),
            sector=of_record("centre__sector", CharField()),
            operator=of_record("centre__operator", CharField()),
        )
        .values("theme_id", "sector", "operator")
        .annotate(n=Count("centre", distinct=True))
        .order_by()
    )
    for row in rows:
        counts.setdefault(row["theme_id"], {})[(row["sector"], row["operator"])] = row["n"]
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
    split = getattr(filters, "split", Split.SECTOR)
    themes = [
        ThemeResult(
            theme, Tally(cells=counts.get(theme.pk, {})), base, quotes.get(theme.pk, []), split
        )  # fmt: skip
        for theme in Theme.objects.all()
        if theme.active or theme.pk in counts
    ]
    return ThemeResults(base, themes, split)


THEMES_SECTION = ResultSection(
    code="themes",
    title=gettext_lazy("Themes"),
    template="coding/_results_themes.html",
    build=theme_results,
)
