"""What changed between two rounds: at one centre, question by question, and overall.

Both read the counted records (`selectors.counted_records`, per round: each centre's latest
submitted or approved record of the round) and mark each change from the one table of
directions (`directions.DIRECTIONS`). An item that the version of the instrument a record was
filled with did not ask, or that skip logic did not ask, is *not comparable*: never a No.

The overall comparison is counted in the database: for each instrument one aggregate query of
the round before, and one of the round after that also reads, for each centre, its answers of
the round before (correlated subqueries), so that the moves No → Yes and Yes → No are counts
too. The number of queries does not grow with the number of centres.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from centres.models import Sector
from fieldwork.models import Record, Round
from fieldwork.spec import NOT_ASKED_IN_VERSION, Instrument, Item, ItemType, Option
from interviews.models import Interview
from observations.models import Observation

from .directions import DIRECTIONS, OUTCOME_LABELS, Direction, Outcome, direction
from .filters import ReportFilters
from .findings import Tally
from .selectors import counted_records

MODELS = {"interview": Interview, "observation": Observation}
#: The sections compared question by question (the visit header is not).
SKIPPED_SECTIONS = {"header"}
COMPARED_TYPES = {ItemType.YESNO, ItemType.MULTI, ItemType.SINGLE, ItemType.INT, ItemType.DECIMAL}


# A centre's changes ----------------------------------------------------------------------


@dataclass
class OptionChange:
    option: Option
    outcome: Outcome

    @property
    def outcome_label(self) -> str:
        return str(OUTCOME_LABELS[self.outcome])


@dataclass
class ItemChange:
    item: Item
    then: str
    now: str
    outcome: Outcome
    #: For a multiple-choice item, each option ticked or unticked, with its mark.
    options: list[OptionChange] = field(default_factory=list)

    @property
    def outcome_label(self) -> str:
        return str(OUTCOME_LABELS[self.outcome])


@dataclass
class InstrumentChanges:
    instrument: Instrument
    then: Record | None
    now: Record | None
    items: list[ItemChange]

    def count(self, outcome: Outcome) -> int:
        marks = [o.outcome for i in self.items for o in i.options] or []
        marks += [i.outcome for i in self.items if not i.options]
        return sum(1 for mark in marks if mark == outcome)


def counted_in_round(model, round_id: int, filters: ReportFilters | None = None):
    return counted_records(replace(filters or ReportFilters(), round=round_id), model)


def counted_rounds(centre) -> list[Round]:
    """The rounds in which `centre` has a counted record (submitted or approved) of either
    instrument, the earliest first: what its changes page compares by default. One query."""
    counted = Q()
    for model in MODELS.values():
        records = ReportFilters().apply(model.objects.filter(centre=centre))
        counted |= Q(pk__in=records.values("round_id"))
    return list(Round.objects.filter(counted).order_by("starts_on", "id"))


def centre_changes(centre, then_round: Round, now_round: Round) -> list[InstrumentChanges]:
    """Each instrument's items, then (the round before) and now, marked."""
    result = []
    for code, model in MODELS.items():
        then = counted_in_round(model, then_round.pk).filter(centre=centre).first()
        now = counted_in_round(model, now_round.pk).filter(centre=centre).first()
        spec = model.spec
        items = [
            _item_change(code, item, then, now)
            for section in spec.sections
            if section.code not in SKIPPED_SECTIONS
            for item in section.items
            if item.type in COMPARED_TYPES
        ]
        result.append(InstrumentChanges(spec, then, now, items))
    return result


def _asked(item: Item, record: Record | None) -> bool:
    if record is None or not item.asked_in(record.spec_version):
        return False
    spec = record.spec
    answers = {i.code: getattr(record, i.code) for i in spec.items if i.has_column}
    return item.relevant is None or item.relevant.holds(answers)


def _shown(item: Item, record: Record | None) -> str:
    if record is None:
        return _("No record in this round")
    if not item.asked_in(record.spec_version):
        return str(NOT_ASKED_IN_VERSION)
    if not _asked(item, record):
        return _("Not applicable")
    return item.display(getattr(record, item.code))


def _item_change(instrument: str, item: Item, then: Record | None, now: Record | None):
    then_shown, now_shown = _shown(item, then), _shown(item, now)
    if not (_asked(item, then) and _asked(item, now)) and then_shown == now_shown:
        return ItemChange(item, then_shown, now_shown, Outcome.UNCHANGED)
    asked = _asked(item, then) and _asked(item, now)
    then_value = getattr(then, item.code) if asked else None
    now_value = getattr(now, item.code) if asked else None
    rule = direction(instrument, item.code)
    if not asked or item.is_empty(then_value) and item.type != ItemType.MULTI:
        return ItemChange(item, then_shown, now_shown, Outcome.NOT_COMPARABLE)
    if item.type != ItemType.MULTI and item.is_empty(now_value):
        return ItemChange(item, then_shown, now_shown, Outcome.NOT_COMPARABLE)
    if item.type == ItemType.MULTI:
        options = []
        for option in item.options:
            offered = option.offered_in(then.spec_version) and option.offered_in(now.spec_version)
            was, is_ = option.code in (then_value or []), option.code in (now_value or [])
            if not offered:
                if was or is_:
                    options.append(OptionChange(option, Outcome.NOT_COMPARABLE))
                continue
            if was == is_:
                continue
            if rule is None:
                options.append(OptionChange(option, Outcome.CHANGED))
            else:
                options.append(OptionChange(option, rule.outcome(was, is_)))
        outcome = Outcome.UNCHANGED if not options else _summary(options)
        return ItemChange(item, then_shown, now_shown, outcome, options)
    if then_value == now_value:
        return ItemChange(item, then_shown, now_shown, Outcome.UNCHANGED)
    if rule is None:
        return ItemChange(item, then_shown, now_shown, Outcome.CHANGED)
    return ItemChange(item, then_shown, now_shown, rule.outcome(then_value, now_value))


def _summary(options: list[OptionChange]) -> Outcome:
    """One mark for a multiple-choice item: its options' mark if they agree, else changed."""
    marks = {o.outcome for o in options}
    return marks.pop() if len(marks) == 1 else Outcome.CHANGED


# The overall comparison ------------------------------------------------------------------


@dataclass
class Move:
    """One compared answer (a yes/no item, or an option of a multiple-choice item)."""

    direction: Direction
    option: Option | None
    then: Tally
    now: Tally
    #: Centres counted in both rounds that gained the answer (No → Yes, option ticked)...
    gained: Tally
    #: ... and that lost it (Yes → No, option unticked).
    lost: Tally

    @property
    def item(self) -> Item:
        return self.direction.spec_item

    @property
    def code(self) -> str:
        return f"{self.item.code}.{self.option.code}" if self.option else self.item.code

    @property
    def label(self) -> str:
        return str(self.option.label) if self.option else str(self.item.label)

    def outcome(self, gained: bool) -> Outcome:
        return self.direction.outcome(not gained, gained)

    def sentences(self) -> list[tuple[Outcome, str]]:
        result = []
        for gained, tally in ((True, self.gained), (False, self.lost)):
            if tally.total:
                text = _sentence(self.direction, self.option, tally, gained=gained)
                result.append((self.outcome(gained), text))
        return result


@dataclass
class Comparison:
    then_round: Round
    now_round: Round
    moves: list[Move]
    #: Centres with a counted record in both rounds, by instrument.
    both: dict[str, Tally]

    @property
    def sentences(self) -> list[tuple[Outcome, str]]:
        return [s for move in self.moves for s in move.sentences()]

    def moved(self) -> list[Move]:
        return [m for m in self.moves if m.gained.total or m.lost.total]


def _answer_q(item: Item, option: Option | None, prefix: str = "") -> Q:
    """The Yes (or the option ticked) as a filter on the record, or on its round-before
    answers (`prefix` "then_")."""
    if option is not None:
        return Q(**{f"{prefix}{item.code}__has": option.code})
    return Q(**{f"{prefix}{item.code}": True})


def _no_q(item: Item, option: Option | None, prefix: str = "") -> Q:
    if option is not None:
        return ~Q(**{f"{prefix}{item.code}__has": option.code})
    return Q(**{f"{prefix}{item.code}": False})


def _asked_q(spec: Instrument, item: Item, option: Option | None, prefix: str = "") -> Q:
    """The record (or its round-before one) was asked the item, and offered the option."""
    versions = [v for v in spec.versions_asking(item) if option is None or option.offered_in(v)]
    asked = Q(**{f"{prefix}spec_version__in": versions})
    if item.relevant is not None:
        target = spec.item(item.relevant.code)
        if target.type == ItemType.MULTI:
            asked &= Q(**{f"{prefix}{target.code}__has": item.relevant.equals})
        else:
            asked &= Q(**{f"{prefix}{target.code}": item.relevant.equals})
    return asked


def _answers(direction: Direction) -> list[Option | None]:
    item = direction.spec_item
    return list(item.options) if item.type == ItemType.MULTI else [None]


def _tally(rows, key: str) -> Tally:
    cells: dict[tuple[str, str], int] = {}
    for row in rows:
        cell = (row["centre__sector"], row["centre__operator"])
        cells[cell] = cells.get(cell, 0) + row[key]
    return Tally(cells=cells)


GROUPS = ("centre__sector", "centre__operator")


def compare_rounds(filters: ReportFilters, then_round: Round, now_round: Round) -> Comparison:
    """Counts then and now, and the moves between, of every item of the directions table."""
    # Visit dates would cut across rounds: the rounds are the periods compared.
    filters = replace(filters, date_from=None, date_to=None)
    moves: list[Move] = []
    both: dict[str, Tally] = {}
    for code, model in MODELS.items():
        spec = model.spec
        directions = [d for d in DIRECTIONS if d.instrument == code]
        then_qs = counted_in_round(model, then_round.pk, filters)
        now_qs = counted_in_round(model, now_round.pk, filters)
        keys: dict[str, Q] = {}
        move_keys: dict[str, Q] = {}
        for index, rule in enumerate(directions):
            for o_index, option in enumerate(_answers(rule)):
                key = f"m{index}_{o_index}"
                item = rule.spec_item
                asked_now = _asked_q(spec, item, option)
                asked_then = _asked_q(spec, item, option, "then_")
                keys[key] = asked_now & _answer_q(item, option)
                move_keys[f"{key}_up"] = (
                    asked_now & asked_then & _answer_q(item, option)
                    & _no_q(item, option, "then_")
                )  # fmt: skip
                move_keys[f"{key}_down"] = (
                    asked_now & asked_then & _no_q(item, option)
                    & _answer_q(item, option, "then_")
                )  # fmt: skip
        then_rows = list(
            then_qs.values(*GROUPS)
            .annotate(**{k: Count("id", filter=q) for k, q in keys.items()})
            .order_by(*GROUPS)
        )
        # The round-before answers of each centre, read in the same query as the round after.
        columns = {d.item for d in directions}
        columns |= {d.spec_item.relevant.code for d in directions if d.spec_item.relevant}
        earlier = then_qs.filter(centre=OuterRef("centre"))
        then_columns = {
            f"then_{column}": Subquery(earlier.values(column)[:1])
            for column in (*sorted(columns), "spec_version")
        }
        now_rows = list(
            now_qs.annotate(**then_columns)
            .values(*GROUPS)
            .annotate(
                n_both=Count("id", filter=Q(then_spec_version__isnull=False)),
                **{k: Count("id", filter=q) for k, q in keys.items()},
                **{k: Count("id", filter=q) for k, q in move_keys.items()},
            )
            .order_by(*GROUPS)
        )
        both[code] = _tally(now_rows, "n_both")
        for index, rule in enumerate(directions):
            for o_index, option in enumerate(_answers(rule)):
                key = f"m{index}_{o_index}"
                moves.append(
                    Move(
                        rule,
                        option,
                        then=_tally(then_rows, key),
                        now=_tally(now_rows, key),
                        gained=_tally(now_rows, f"{key}_up"),
                        lost=_tally(now_rows, f"{key}_down"),
                    )
                )
    return Comparison(then_round, now_round, moves, both)


# Sentences -------------------------------------------------------------------------------


def _subject(tally: Tally, *, gained: bool) -> str:
    """ "3 more centres", "1 more public centre"; "1 public centre", "2 centres"."""
    n = tally.total
    public, private = tally.public, tally.private
    if gained:
        if public == n:
            return ngettext("%(n)s more public centre", "%(n)s more public centres", n) % {"n": n}
        if private == n:
            return ngettext("%(n)s more private centre", "%(n)s more private centres", n) % {"n": n}
        return ngettext("%(n)s more centre", "%(n)s more centres", n) % {"n": n}
    if public == n:
        return ngettext("%(n)s public centre", "%(n)s public centres", n) % {"n": n}
    if private == n:
        return ngettext("%(n)s private centre", "%(n)s private centres", n) % {"n": n}
    return ngettext("%(n)s centre", "%(n)s centres", n) % {"n": n}


def _sentence(rule: Direction, option: Option | None, tally: Tally, *, gained: bool) -> str:
    template = rule.sentence(gained=gained)
    n = tally.total
    item = rule.spec_item
    values = {
        "subject": _subject(tally, gained=gained),
        "n": n,
        "what": str(item.short),
        "option": str(option.label) if option else "",
    }
    # ngettext_lazy with a named count: resolved by formatting with the mapping.
    return str(template % values)


def sentence_line(comparison: Comparison) -> str:
    """The comparison in one line: "3 more centres know the Protocol; 1 public centre no
    longer has a care model"."""
    return "; ".join(text for _outcome, text in comparison.sentences)


SECTOR_GROUPS = (Sector.PUBLIC.value, Sector.PRIVATE.value)
