"""Sections other apps add to the results page, and sheets they add to the workbook.

An app that builds on the results (coding: the themes of the notes) registers here from its
`AppConfig.ready()`; the results view and the workbook iterate what is registered, and this
app never imports theirs.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class ResultSection:
    #: The section's anchor on the page (`#results-<code>`).
    code: str
    title: str | Promise
    #: Rendered with `data` (what `build` returned) and `filters` in its context.
    template: str
    build: Callable[[Any], Any]


#: Extra sections of the results page, after the interview sections.
RESULT_SECTIONS: list[ResultSection] = []
#: Callables `(filters, names=..., researcher_names=...)` returning extra workbook sheets.
WORKBOOK_SHEETS: list[Callable[..., Iterable[Any]]] = []


def add_result_section(section: ResultSection) -> None:
    if all(s.code != section.code for s in RESULT_SECTIONS):
        RESULT_SECTIONS.append(section)


def add_workbook_sheets(factory: Callable[..., Iterable[Any]]) -> None:
    if factory not in WORKBOOK_SHEETS:
        WORKBOOK_SHEETS.append(factory)


def result_sections(filters) -> list[tuple[ResultSection, Any]]:
    """Each registered section with its data for these filters."""
    return [(section, section.build(filters)) for section in RESULT_SECTIONS]


def workbook_sheets(filters, **options) -> list[Any]:
    return [sheet for factory in WORKBOOK_SHEETS for sheet in factory(filters, **options)]


def add_result_models(*models) -> None:
    """Models whose writes change the results (the cached results are computed again)."""
    from .freshness import watch

    watch(*models)
