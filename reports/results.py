"""Results of the interviews by section, counted in the database.

One aggregate query counts every yes/no answer and every option of sections K, R and N by
sector; one more counts coordination actors. The number of queries does not grow with the data.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from centres.models import Sector
from fieldwork.spec import Item, ItemType, Section
from interviews.models import CoordinationActor, Interview
from interviews.spec import ACTOR_ITEMS, INTERVIEW

from .filters import ReportFilters
from .findings import Tally, option_finding, yes_finding

RESULT_SECTIONS = ("K", "R", "N")
SECTOR_FIELD = "centre__sector"


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

    @property
    def chart_rows(self) -> list[AnswerCount]:
        return [a for a in self.answers if a.code != "blank"]


@dataclass
class SectionResult:
    section: Section
    items: list[ItemResult]


def _answer_keys(item: Item) -> list[tuple[str, Q]]:
    code = item.code
    if item.type == ItemType.YESNO:
        return [("yes", Q(**{code: True})), ("no", Q(**{code: False}))]
    if item.type == ItemType.MULTI:
        return [(opt, Q(**{f"{code}__has": opt})) for opt in item.option_codes]
    if item.type == ItemType.SINGLE:
        return [(opt, Q(**{code: opt})) for opt in item.option_codes]
    return []


def by_sector(rows, key: str) -> Tally:
    counts = {row[SECTOR_FIELD]: row[key] for row in rows}
    return Tally(public=counts.get(Sector.PUBLIC, 0), private=counts.get(Sector.PRIVATE, 0))


def counted_items(sections=RESULT_SECTIONS) -> list[tuple[Section, list[Item]]]:
    return [(INTERVIEW.section(code), list(INTERVIEW.section(code).items)) for code in sections]


def interview_results(filters: ReportFilters) -> list[SectionResult]:
    records = filters.apply(Interview.objects.all())
    aggregates: dict[str, Count] = {"n": Count("id")}
    keys: dict[tuple[str, str], str] = {}
    for _section, items in counted_items():
        for item in items:
            for answer, condition in _answer_keys(item):
                alias = f"a{len(keys)}"
                keys[(item.code, answer)] = alias
                aggregates[alias] = Count("id", filter=condition)
    rows = list(records.values(SECTOR_FIELD).annotate(**aggregates).order_by(SECTOR_FIELD))
    base = by_sector(rows, "n")
    actor_rows = list(
        CoordinationActor.objects.filter(interview__in=records)
        .values("interview__centre__sector", "actor_sector")
        .annotate(n=Count("interview", distinct=True))
        .order_by()
    )

    sections = []
    for section, items in counted_items():
        results = []
        for item in items:
            if item.type == ItemType.REPEAT:
                results.append(_actor_result(item, actor_rows, base))
            elif item.type in (ItemType.YESNO, ItemType.MULTI, ItemType.SINGLE):
                results.append(_item_result(item, rows, keys, base))
        sections.append(SectionResult(section, results))
    return sections


def _item_result(item: Item, rows, keys, base: Tally) -> ItemResult:
    answers = []
    if item.type == ItemType.YESNO:
        yes = by_sector(rows, keys[(item.code, "yes")])
        no = by_sector(rows, keys[(item.code, "no")])
        answers = [
            AnswerCount("yes", str(_("Yes")), yes),
            AnswerCount("no", str(_("No")), no),
            AnswerCount("blank", str(_("Not answered")), base - yes - no),
        ]
        return ItemResult(item, base, answers, [yes_finding(str(item.finding_yes), yes, base)])
    for option in item.options:
        tally = by_sector(rows, keys[(item.code, option.code)])
        answers.append(AnswerCount(option.code, str(option.label), tally))
    findings = [option_finding(a.label, a.tally, base) for a in answers]
    return ItemResult(item, base, answers, findings)


def _actor_result(item: Item, actor_rows, base: Tally) -> ItemResult:
    sector_item = ACTOR_ITEMS[1]
    answers = []
    for option in sector_item.options:
        counts = {
            row["interview__centre__sector"]: row["n"]
            for row in actor_rows
            if row["actor_sector"] == option.code
        }
        tally = Tally(counts.get(Sector.PUBLIC, 0), counts.get(Sector.PRIVATE, 0))
        answers.append(AnswerCount(option.code, str(option.label), tally))
    findings = [option_finding(a.label, a.tally, base) for a in answers if a.tally.total]
    return ItemResult(item, base, answers, findings)
