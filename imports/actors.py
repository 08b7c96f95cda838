"""The interviews' coordination actors in the workbook's `Actors` sheet.

Each row is tied to its interview's row of the `Interviews` sheet by `interview_uid` (or by
the interview's `id` in the same file), checked by the actors' own row form, and matched to a
stored actor by its `uid`, else by its name and sector. When the sheet is there, each
interview of the file keeps exactly the actors it lists: the others are removed.
"""

import uuid

from django.utils.translation import gettext as _

from interviews.forms import CoordinationActorFormSet
from interviews.models import CoordinationActor, Interview
from interviews.spec import ACTOR_ITEMS

from .layouts import read_header
from .plan import Action, PlannedRow, add_error, form_errors
from .reading import Sheet
from .values import CellProblem, Choices, Problem, cell_text, fold

ActorForm = CoordinationActorFormSet.form


class ActorsPlanner:
    """Rows of the Actors sheet, each tied to a row of the Interviews sheet."""

    def __init__(self, records, sheet: Sheet):
        self.records = records
        self.sheet = sheet
        self.header = read_header(sheet, "actors")
        self.index = self.header.index()
        self.sectors = Choices((o.code, o.label) for o in ACTOR_ITEMS[1].options)

    def rows(self) -> list[PlannedRow]:
        extra: list[PlannedRow] = []
        touched: dict[int, object] = {}
        for record in self.records.by_uid.values():
            record.actor_rows = []  # the file lists each interview's actors: all of them
            touched[id(record)] = record
        for record in self.records.by_file_id.values():
            if record.actor_rows is None:
                record.actor_rows = []
                touched[id(record)] = record
        for number, cells in enumerate(self.sheet.rows[self.header.start :], self.header.start + 1):
            if not any(cell_text(c) for c in cells):
                continue
            planned = PlannedRow(self.sheet.title, number, "")
            self._row(planned, cells, extra)
        for record in touched.values():
            self._settle(record)
        return extra

    def _cell(self, cells, code):
        i = self.index.get(code)
        return cells[i] if i is not None and i < len(cells) else None

    def _row(self, planned: PlannedRow, cells: list, extra: list[PlannedRow]) -> None:
        record = None
        interview_uid = cell_text(self._cell(cells, "interview_uid"))
        try:
            record = self.records.by_uid.get(uuid.UUID(interview_uid)) if interview_uid else None
        except ValueError:
            record = None
        if record is None:
            record = self.records.by_file_id.get(cell_text(self._cell(cells, "interview")))
        name = " ".join(cell_text(self._cell(cells, "actor_name")).split())
        planned.what = name
        if record is None:
            code = "interview_uid" if "interview_uid" in self.index else "interview"
            add_error(planned, self.header, cells, code, Problem.INVALID, _(
                "No row of the interviews' sheet is this actor's interview: give the "
                "interview's uid (or its id in this file)."
            ))  # fmt: skip
            planned.action = Action.ERROR
            extra.append(planned)
            return
        try:
            sector = self.sectors.single(self._cell(cells, "actor_sector"))
        except CellProblem as problem:
            add_error(planned, self.header, cells, "actor_sector", problem.kind, problem.message)
            record.planned.errors += planned.errors
            return
        form = ActorForm(data={"actor_name": name, "actor_sector": sector})
        if not form.is_valid():
            form_errors(planned, self.header, cells, form, set())
            record.planned.errors += planned.errors
            return
        uid_text = cell_text(self._cell(cells, "uid"))
        try:
            row_uid = uuid.UUID(uid_text) if uid_text else None
        except ValueError:
            row_uid = None
        record.actor_rows.append((row_uid, form.cleaned_data["actor_name"], sector))

    def _settle(self, record) -> None:
        """The actors the import adds and removes, in the record's plan."""
        if record.planned.action == Action.ERROR or record.planned.errors:
            record.planned.action = Action.ERROR
            return
        stored = list(record.existing.coordination_actors.all()) if record.existing else []
        added, removed, _kept = _match_actors(stored, record.actor_rows)
        record.planned.basis += "|" + ",".join(
            f"{row.pk}:{row.actor_name}:{row.actor_sector}" for row in stored
        )
        sector_label = dict(CoordinationActor._meta.get_field("actor_sector").flatchoices)
        events = [
            _("Coordination actor added: %(row)s")
            % {"row": f"{name} ({sector_label.get(sector, sector)})"}
            for _uid, name, sector in added
        ] + [_("Coordination actor removed: %(row)s") % {"row": str(row)} for row in removed]
        if events and record.planned.action == Action.UNCHANGED:
            record.planned.action = Action.UPDATE
        record.planned.changes += events


def _match_actors(stored: list, wanted: list) -> tuple[list, list, list]:
    """(rows to add, stored rows to remove, stored rows kept): by uid, else by name and sector."""
    left = list(stored)
    added, kept = [], []
    for uid, name, sector in wanted:
        match = next((row for row in left if uid is not None and row.uid == uid), None)
        if match is None or (fold(match.actor_name), match.actor_sector) != (fold(name), sector):
            match = next(
                (r for r in left if (fold(r.actor_name), r.actor_sector) == (fold(name), sector)),
                None,
            )
        if match is None:
            added.append((uid, name, sector))
        else:
            left.remove(match)
            kept.append(match)
    return added, left, kept


def sync_actors(interview: Interview, wanted: list, planner) -> None:
    stored = list(interview.coordination_actors.all())
    added, removed, _kept = _match_actors(stored, wanted)
    taken = {row.uid for row in stored}
    for row in removed:
        row._change_reason = planner.reason
        row._history_user = planner.user
        row.delete()
    for uid, name, sector in added:
        row = CoordinationActor(
            interview=interview,
            uid=uid if uid is not None and uid not in taken else uuid.uuid4(),
            actor_name=name,
            actor_sector=sector,
        )
        row._change_reason = planner.reason
        row._history_user = planner.user
        row.full_clean()
        row.save()
