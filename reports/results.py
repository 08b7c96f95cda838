"""Results of the interviews by section, counted per centre in the database.

The counted records (`selectors.counted_records`: the latest interview of each centre within
the filters) are counted in one aggregate query: every yes/no answer and every option of
sections K, R and N, by sector and operator, and for items with skip logic the centres that
were asked. One more query counts coordination actors. The number of queries does not grow
with the data.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from fieldwork.spec import NOT_ASKED_IN_VERSION, Condition, Item, ItemType, Section
from interviews.models import CoordinationActor, Interview
from interviews.spec import ACTOR_ITEMS, INTERVIEW

from .filters import ReportFilters
from .findings import (
    FINDING_BY_ANSWER,
    Split,
    Tally,
    no_sentence,
    option_finding,
    sentence,
)
from .selectors import counted_records

RESULT_SECTIONS = ("K", "R", "N")
SECTOR_FIELD = "centre__sector"
OPERATOR_FIELD = "centre__operator"
GROUP_FIELDS = (SECTOR_FIELD, OPERATOR_FIELD)
#: The rows of an item that are not answers: asked but not answered, and not asked.
BLANK = "blank"
NOT_APPLICABLE = "not_applicable"
#: Records of a version of the instrument that did not ask the item (counted apart too).
NOT_IN_VERSION = "not_in_version"


@dataclass
class AnswerCount:
    code: str
    label: str
    tally: Tally


@dataclass
class ItemResult:
    item: Item
    base: Tally
    answers: list[AnswerCount]
    findings: list[str] = field(default_factory=list)
    #: The centres that were asked (skip logic): the "of N" of the findings. Defaults to base.
    asked: Tally | None = None
    split: Split = Split.SECTOR

    def __post_init__(self) -> None:
        if self.asked is None:
            self.asked = self.base

    @property
    def chart_rows(self) -> list[AnswerCount]:
        return [a for a in self.answers if a.code not in (BLANK, NOT_APPLICABLE, NOT_IN_VERSION)]

    @property
    def not_applicable(self) -> Tally:
        return self.base - self.asked

    @property
    def table(self) -> list[tuple[AnswerCount, list[int]]]:
        """Each answer with its count in each group of the split (the page's table)."""
        return [(a, [n for _code, n in a.tally.by(self.split)]) for a in self.answers]


@dataclass
class SectionResult:
    section: Section
    items: list[ItemResult]


def condition_q(condition: Condition) -> Q:
    """The skip-logic condition as a database filter (the item is asked where it holds)."""
    target = INTERVIEW.item(condition.code)
    if target.type == ItemType.MULTI:
        return Q(**{f"{condition.code}__has": condition.equals})
    return Q(**{condition.code: condition.equals})


def _answer_keys(item: Item) -> list[tuple[str, Q]]:
    code = item.code
    if item.type == ItemType.YESNO:
        keys = [("yes", Q(**{code: True})), ("no", Q(**{code: False}))]
    elif item.type == ItemType.MULTI:
        keys = [(opt, Q(**{f"{code}__has": opt})) for opt in item.option_codes]
    elif item.type == ItemType.SINGLE:
        keys = [(opt, Q(**{code: opt})) for opt in item.option_codes]
    else:
        return []
    if item.versioned:
        # Records of a version that did not ask the item (or offer the option) are not
        # counted in its answers: never a No.
        in_version = Q(spec_version__in=INTERVIEW.versions_asking(item))
        offered = {
            option.code: Q(spec_version__in=[
                v for v in INTERVIEW.versions_asking(item) if option.offered_in(v)
            ])
            for option in item.options
        }  # fmt: skip
        keys = [(answer, in_version & offered.get(answer, Q()) & q) for answer, q in keys]
    if item.relevant is not None:
        # Only the centres that were asked count; a stale answer of a skipped item does not.
        asked = condition_q(item.relevant)
        keys = [(answer, asked & condition) for answer, condition in keys]
        keys.append((NOT_APPLICABLE, ~asked & in_version if item.versioned else ~asked))
    if item.versioned:
        keys.append((NOT_IN_VERSION, ~in_version))
    return keys


def by_sector(rows, key: str) -> Tally:
    """The counts of `key` in rows grouped by sector (and operator, when the rows have it)."""
    cells: dict[tuple[str, str], int] = {}
    for row in rows:
        cell = (row[SECTOR_FIELD], row.get(OPERATOR_FIELD, ""))
        cells[cell] = cells.get(cell, 0) + row[key]
    return Tally(cells=cells)


def counted_items(sections=RESULT_SECTIONS) -> list[tuple[Section, list[Item]]]:
    return [(INTERVIEW.section(code), list(INTERVIEW.section(code).items)) for code in sections]


def interview_results(filters: ReportFilters) -> list[SectionResult]:
    records = counted_records(filters, Interview)
    aggregates: dict[str, Count] = {"n": Count("id")}
    keys: dict[tuple[str, str], str] = {}
    for _section, items in counted_items():
        for item in items:
            for answer, condition in _answer_keys(item):
                alias = f"a{len(keys)}"
                keys[(item.code, answer)] = alias
                aggregates[alias] = Count("id", filter=condition)
    rows = list(records.values(*GROUP_FIELDS).annotate(**aggregates).order_by(*GROUP_FIELDS))
    base = by_sector(rows, "n")
    actor_rows = list(
        CoordinationActor.objects.filter(interview__in=records)
        .values(f"interview__{SECTOR_FIELD}", f"interview__{OPERATOR_FIELD}", "actor_sector")
        .annotate(n=Count("interview", distinct=True))
        .order_by()
    )

    sections = []
    for section, items in counted_items():
        results = []
        for item in items:
            if item.type == ItemType.REPEAT:
                results.append(_actor_result(item, actor_rows, base, filters.split))
            elif item.type in (ItemType.YESNO, ItemType.MULTI, ItemType.SINGLE):
                results.append(_item_result(item, rows, keys, base, filters.split))
        sections.append(SectionResult(section, results))
    return sections


def _item_result(item: Item, rows, keys, base: Tally, split: Split) -> ItemResult:
    asked = base
    not_applicable = []
    if item.relevant is not None:
        skipped = by_sector(rows, keys[(item.code, NOT_APPLICABLE)])
        asked = base - skipped
        not_applicable = [AnswerCount(NOT_APPLICABLE, str(_("Not applicable")), skipped)]
    if item.versioned:
        not_asked = by_sector(rows, keys[(item.code, NOT_IN_VERSION)])
        asked = asked - not_asked
        not_applicable.append(AnswerCount(NOT_IN_VERSION, str(NOT_ASKED_IN_VERSION), not_asked))
    answers = []
    if item.type == ItemType.YESNO:
        yes = by_sector(rows, keys[(item.code, "yes")])
        no = by_sector(rows, keys[(item.code, "no")])
        answers = [
            AnswerCount("yes", str(_("Yes")), yes),
            AnswerCount("no", str(_("No")), no),
            AnswerCount(BLANK, str(_("Not answered")), asked - yes - no),
        ]
    else:
        for option in item.options:
            tally = by_sector(rows, keys[(item.code, option.code)])
            answers.append(AnswerCount(option.code, str(option.label), tally))
    result = ItemResult(item, base, answers + not_applicable, asked=asked, split=split)
    result.findings = item_findings(result)
    return result


def item_findings(result: ItemResult) -> list[str]:
    """The findings of one item in words, from the table of finding definitions."""
    item, asked, split = result.item, result.asked, result.split
    of_asked = item.relevant is not None or item.versioned
    tallies = {a.code: a.tally for a in result.answers}
    findings = []
    for answer in result.chart_rows:
        if item.type == ItemType.YESNO and answer.code != "yes":
            continue
        definition = FINDING_BY_ANSWER.get((item.code, answer.code))
        if definition is None:
            findings.append(option_finding(answer.label, answer.tally, asked, split))
            continue
        if definition.when_any and not answer.tally.total:
            continue
        findings.append(sentence(str(definition.subject), answer.tally, asked, split,
                                 of_asked=of_asked))  # fmt: skip
        no = tallies.get("no")
        if definition.subject_no and no is not None and no.total:
            findings.append(no_sentence(str(definition.subject_no), no, asked, split,
                                        of_asked=of_asked))  # fmt: skip
    return findings


def _actor_result(item: Item, actor_rows, base: Tally, split: Split) -> ItemResult:
    sector_item = ACTOR_ITEMS[1]
    answers = []
    for option in sector_item.options:
        cells = {
            (row[f"interview__{SECTOR_FIELD}"], row[f"interview__{OPERATOR_FIELD}"]): row["n"]
            for row in actor_rows
            if row["actor_sector"] == option.code
        }
        answers.append(AnswerCount(option.code, str(option.label), Tally(cells=cells)))
    result = ItemResult(item, base, answers, split=split)
    result.findings = item_findings(result)
    return result
