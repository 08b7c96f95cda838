"""Planning an import of interviews or observations (and interviews' coordination actors).

Each row is matched to a stored record by its `uid`, else by its centre and visit date; its
cells are decoded (`values`) and posted to the instrument's own form (`fieldwork.forms`), as a
submission unless the record is (or, new, is said to be) a draft, so that an import obeys the
rules the site's forms apply, skip logic included.
"""

import re
import uuid
from datetime import date

from django.contrib.auth import get_user_model
from django.utils.datastructures import MultiValueDict
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.privacy import pseudonym
from accounts.roles import can_fill_forms
from centres.models import Centre
from centres.selectors import normalised_name
from fieldwork.models import Round, Status
from fieldwork.spec import ItemType
from interviews.forms import InterviewForm
from observations.forms import ObservationForm

from . import values
from .actors import ActorsPlanner, sync_actors
from .layouts import SHEET_TITLES, Header, Kind, find_sheet, read_header
from .plan import Action, Plan, PlannedRow, add_error, comparable, form_errors
from .reading import Sheet
from .values import CellProblem, Choices, Problem, cell_text

FORMS = {Kind.INTERVIEWS: InterviewForm, Kind.OBSERVATIONS: ObservationForm}
PSEUDONYM = re.compile(r"^P-[0-9a-f]{10}$")
#: Statuses whose records must keep passing the submission's rules.
SUBMITTED = {Status.SUBMITTED, Status.APPROVED}


def plan_records(kind: Kind, sheets: list[Sheet], user, reason: str) -> Plan:
    plan = Plan(kind, "")
    sheet = find_sheet(sheets, kind)
    if sheet is None:
        plan.file_errors.append(
            _("The workbook has no sheet “%(sheet)s”: upload the sheet of the chosen kind.")
            % {"sheet": SHEET_TITLES[kind]}
        )
        return plan
    header = read_header(sheet, kind)
    plan.ignored = header.unknown
    index = header.index()
    if "centre" not in index and "uid" not in index:
        plan.file_errors.append(
            _(
                "Sheet “%(sheet)s” has no column “centre” (nor “uid”): check that its first "
                "row, or its second, holds the column codes or the questions."
            )
            % {"sheet": sheet.title}
        )
        return plan
    if header.repeated:
        plan.file_errors.append(
            _("These columns appear twice: %(columns)s.") % {"columns": ", ".join(header.repeated)}
        )
    planner = _RecordPlanner(kind, sheet, header, user, reason)
    plan.rows = planner.rows()
    if kind == Kind.INTERVIEWS:
        actors = find_sheet(sheets, "actors")
        if actors is not None and actors is not sheet:
            plan.rows += planner.actors(actors)
    for row in plan.rows:
        if row.errors:
            row.action = Action.ERROR
    return plan


class _RecordPlanner:
    def __init__(self, kind: Kind, sheet: Sheet, header: Header, user, reason: str):
        self.kind, self.sheet, self.header, self.user, self.reason = (
            kind,
            sheet,
            header,
            user,
            reason,
        )
        self.form_class = FORMS[kind]
        self.spec = self.form_class.spec
        self.model = self.form_class._meta.model
        self.index = header.index()
        self.status_choices = Choices(Status.choices)
        #: Planned rows by the file's `id` and by the record's uid (for the Actors sheet).
        self.by_file_id: dict[str, _Record] = {}
        self.by_uid: dict[uuid.UUID, _Record] = {}
        self.seen: dict[object, int] = {}
        self.users: dict[str, object] = {}
        self._rounds: list[Round] | None = None

    def rounds(self) -> list[Round]:
        if self._rounds is None:  # one query for the file
            self._rounds = list(Round.objects.order_by("starts_on", "id"))
        return self._rounds

    def round(self, text: str) -> Round:
        """The round a cell names: by its name, compared as round names are for uniqueness
        (case, accents, spaces and punctuation aside: `fieldwork.rounds.RoundForm`)."""
        wanted = normalised_name(text)
        found = next((r for r in self.rounds() if normalised_name(r.name) == wanted), None)
        if found is None:
            raise CellProblem(
                Problem.UNKNOWN_ROUND,
                _(
                    "“%(value)s” is not a round. Write the name of one of the rounds (Rounds "
                    "page, /rounds/): %(rounds)s; or leave the cell empty for the current round."
                )
                % {"value": text, "rounds": "; ".join(r.name for r in self.rounds())},
            )
        return found

    def rows(self) -> list[PlannedRow]:
        planned = []
        for number, cells in enumerate(self.sheet.rows[self.header.start :], self.header.start + 1):
            if not any(cell_text(c) for c in cells):
                continue
            record = _Record(self, number, cells)
            record.plan()
            planned.append(record.planned)
        return planned

    def actors(self, sheet: Sheet) -> list[PlannedRow]:
        return ActorsPlanner(self, sheet).rows()

    def interviewer(self, cell) -> object:
        """The researcher named in the file if there is one, else the importing user."""
        username = cell_text(cell)
        if username not in self.users:
            found = get_user_model().objects.filter(username=username).first() if username else None
            self.users[username] = found if found and can_fill_forms(found) else self.user
        return self.users[username]


class _Record:
    """One row of the records' sheet."""

    def __init__(self, planner: _RecordPlanner, number: int, cells: list):
        self.p = planner
        self.cells = cells
        self.planned = PlannedRow(planner.sheet.title, number, "")
        self.failed: set[str] = set()
        self.existing = None
        self.uid: uuid.UUID | None = None
        self.form = None
        #: The rows of the Actors sheet that belong to this record (None: not in the file).
        self.actor_rows: list[tuple[uuid.UUID | None, str, str]] | None = None
        self.changes: list[str] = []
        #: Whether the row names its round (the `round` column, not empty).
        self.named_round = False

    def cell(self, code: str):
        i = self.p.index.get(code)
        return self.cells[i] if i is not None and i < len(self.cells) else None

    def has(self, code: str) -> bool:
        return code in self.p.index

    def error(self, code: str, problem: Problem, message) -> None:
        self.failed.add(code)
        add_error(self.planned, self.p.header, self.cells, code, problem, message)

    def plan(self) -> None:
        centre = self._match()
        data = self._data()
        status = self._status()
        if self.existing is not None:
            submitting = self.existing.status in SUBMITTED
        else:
            submitting = status != Status.DRAFT
        # The form writes the cleaned answers on its instance: compare with them as stored.
        self.stored = {
            code: comparable(getattr(self.existing, code))
            for code in self.p.form_class._meta.fields
        } if self.existing is not None else {}  # fmt: skip
        if self.existing is not None:
            self.planned.basis = f"{self.existing.pk}:{self.existing.version}"
            # Its round as stored (validating the form sets the file's on the instance).
            self.stored_round = next(
                (r for r in self.p.rounds() if r.pk == self.existing.round_id), None
            )
        # A round named in the file is the round of that visit, closed or not (records of past
        # rounds are imported into them); without one, the round is chosen as on the forms.
        form = self.p.form_class(
            data=data,
            instance=self.existing,
            submitting=submitting,
            any_round=self.named_round,
        )
        valid = form.is_valid()
        form_errors(self.planned, self.p.header, self.cells, form, self.failed)
        self.form = form
        when = form.cleaned_data.get("visit_date") if valid else None
        name = centre.name if centre else cell_text(self.cell("centre"))
        self.planned.what = " · ".join(
            t
            for t in (
                name,
                date_format(when, "SHORT_DATE_FORMAT") if isinstance(when, date) else "",
            )
            if t
        )
        self._register()
        if self.planned.errors:
            self.planned.action = Action.ERROR
        elif self.existing is None:
            self.planned.action = Action.CREATE
        else:
            self.changes = self._changes()
            self.planned.action = Action.UPDATE if self.changes else Action.UNCHANGED
        self.planned.changes = list(self.changes)
        self.submit_new = self.existing is None and submitting
        self.planned.apply = self.apply

    def _match(self) -> Centre | None:
        """The stored record this row is: by uid, else by centre and visit date."""
        text = cell_text(self.cell("uid"))
        if text:
            try:
                self.uid = uuid.UUID(text)
            except ValueError:
                self.error("uid", Problem.INVALID, _("This is not a record identifier (uid)."))
        if self.uid is not None:
            self.existing = self.p.model.objects.filter(uid=self.uid).first()
        centre = _centre(cell_text(self.cell("centre")))
        if self.existing is None and centre is not None:
            try:
                visit = values.a_date(self.cell("visit_date"))
            except CellProblem:
                visit = ""
            if visit:
                found = list(self.p.model.objects.filter(centre=centre, visit_date=visit)[:2])
                if len(found) > 1:
                    self.error(
                        "visit_date",
                        Problem.DUPLICATE,
                        _(
                            "Several records of this centre have this visit date: add the "
                            "column “uid” to say which one this row is."
                        ),
                    )
                elif found:
                    self.existing = found[0]
        key = self.existing.pk if self.existing else self.uid
        if key is not None:
            if key in self.p.seen:
                self.error(
                    "uid" if self.has("uid") else "centre",
                    Problem.DUPLICATE,
                    _("Row %(row)s of this sheet is the same record.") % {"row": self.p.seen[key]},
                )
            else:
                self.p.seen[key] = self.planned.row
        return self.existing.centre if self.existing is not None and centre is None else centre

    def _status(self) -> str:
        if not self.has("status"):
            return Status.SUBMITTED
        try:
            return self.p.status_choices.single(self.cell("status")) or Status.SUBMITTED
        except CellProblem as problem:
            self.error("status", problem.kind, problem.message)
            return Status.SUBMITTED

    def _data(self) -> MultiValueDict:
        """The form's data: the stored answers, with the file's cells over them."""
        data = _stored(self.p.form_class, self.existing)
        for code in self.p.form_class._meta.fields:
            if not self.has(code):
                continue
            cell = self.cell(code)
            try:
                value = self._decode(code, cell)
            except CellProblem as problem:
                self.error(code, problem.kind, problem.message)
                continue
            if isinstance(value, list):
                data.setlist(code, value)
            else:
                data[code] = value
        return data

    def _decode(self, code: str, cell):
        if code == "centre":
            return cell_text(cell)
        if code == "round":
            # An empty cell: as if the column were absent (the record's round, or for a new
            # record the current one).
            text = cell_text(cell)
            if not text:
                return str(self.existing.round_id) if self.existing is not None else ""
            self.named_round = True
            return str(self.p.round(text).pk)
        if code.endswith("_notes"):
            return values.text(cell)
        item = self.p.spec.item(code)
        if item.type == ItemType.YESNO:
            return values.yes_no(cell)
        if item.type == ItemType.SINGLE:
            return Choices((o.code, o.label) for o in item.options).single(cell)
        if item.type == ItemType.MULTI:
            return Choices((o.code, o.label) for o in item.options).multi(cell)
        if item.type == ItemType.DATE:
            return values.a_date(cell)
        if item.type in (ItemType.INT, ItemType.DECIMAL):
            return values.number(cell)
        text = values.text(cell)
        if item.personal and PSEUDONYM.match(text):
            stored = getattr(self.existing, code, "") if self.existing else ""
            if stored and pseudonym(stored) == text:
                return stored
            raise CellProblem(
                Problem.INVALID,
                _(
                    "“%(value)s” is a pseudonym from an export without names: type the name, "
                    "or leave the cell empty."
                )
                % {"value": text},
            )
        return text

    def _register(self) -> None:
        file_id = cell_text(self.cell("id"))
        if file_id:
            self.p.by_file_id[file_id] = self
        uid = self.existing.uid if self.existing is not None else self.uid
        if uid is not None:
            self.p.by_uid[uid] = self

    def _changes(self) -> list[str]:
        cleaned = self.form.cleaned_data
        changed = []
        for code in self.p.form_class._meta.fields:
            if comparable(cleaned.get(code)) != self.stored[code]:
                if code == "round":  # which round the record moves from and to
                    changed.append(f"{_label(self.p.spec, code)}: {self.stored_round} → "
                                   f"{cleaned.get(code)}")  # fmt: skip
                    continue
                changed.append(_label(self.p.spec, code))
        return changed

    def apply(self):
        from fieldwork.services import save_record

        record = self.form.instance
        record._change_reason = self.p.reason
        record._history_user = self.p.user
        creating = self.existing is None
        interviewer = self.p.interviewer(self.cell("interviewer")) if creating else self.p.user
        saved = save_record(
            self.form,
            user=interviewer,
            submit=self.submit_new,
            uid=(self.uid or uuid.uuid4()) if creating else None,
        )
        if self.actor_rows is not None:
            sync_actors(saved, self.actor_rows, self.p)
        return saved


def _stored(form_class, record) -> MultiValueDict:
    """A stored record as its form would be posted (empty for a new one)."""
    data = MultiValueDict()
    if record is None:
        return data
    for code in form_class._meta.fields:
        # The centre and the round by their ids (what their form fields take).
        value = record.centre_id if code == "centre" else getattr(record, code)
        if code == "round":
            value = record.round_id
        if isinstance(value, list):
            data.setlist(code, value)
        elif value is None:
            data[code] = ""
        elif isinstance(value, bool):
            data[code] = "True" if value else "False"
        elif isinstance(value, date):
            data[code] = value.isoformat()
        else:
            data[code] = str(value)
    return data


def _centre(text: str) -> Centre | None:
    text = " ".join(text.split())
    if not text:
        return None
    if text.isdigit() and len(text) < 19:
        found = Centre.objects.filter(pk=int(text)).first()
        if found:
            return found
    return Centre.objects.filter(name__iexact=text).first()


def _label(spec, code: str) -> str:
    if code == "round":
        return str(_("Round"))
    if code.endswith("_notes"):
        item = spec.item(code.removesuffix("_notes"))
        return f"{item.label} ({str(item.notes_label).lower()})"
    return str(spec.item(code).label)
