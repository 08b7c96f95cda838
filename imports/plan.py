"""What an import will do: each row's action (create, update, unchanged) and errors by cell.

A plan is worked out from the file and the database as they are, with nothing written; the
confirm works it out again and writes it only if it has no errors and is the plan the user saw
(its `digest`), through each row's `apply`, all in one transaction (`services.apply_plan`).
"""

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from fieldwork.forms import REQUIRED_ON_SUBMIT

from .layouts import Header
from .values import Problem, cell_text


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    ERROR = "error"

    @property
    def label(self) -> str:
        return str(ACTION_LABELS[self])


ACTION_LABELS = {
    Action.CREATE: _("Will be created"),
    Action.UPDATE: _("Will be updated"),
    Action.UNCHANGED: _("Unchanged"),
    Action.ERROR: _("Has errors"),
}


@dataclass(frozen=True)
class CellError:
    sheet: str
    row: int
    column: str
    letter: str
    value: str
    kind: Problem
    message: str
    #: The column's code ("" for a problem of the whole row).
    code: str = ""

    @property
    def cell(self) -> str:
        return f"{self.letter}{self.row}" if self.letter else ""


@dataclass
class PlannedRow:
    sheet: str
    row: int
    #: What the row is, for people: the centre's name, the visit date.
    what: str
    action: Action = Action.UNCHANGED
    #: The answers (and rows) the import changes, by their labels.
    changes: list[str] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: Writes the row (called by services.apply_plan, inside its transaction).
    apply: Callable[[], object] | None = None
    #: The stored record as the plan found it (its version, its values): a record changed
    #: since the preview changes the plan's digest, so the confirm does not overwrite it.
    basis: str = ""


@dataclass
class Plan:
    kind: str
    file_name: str
    rows: list[PlannedRow] = field(default_factory=list)
    #: Problems of the file as a whole (no sheet of this kind, a missing column).
    file_errors: list[str] = field(default_factory=list)
    #: Column headings the import does not know (read past, said in the preview).
    ignored: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[CellError]:
        return [e for row in self.rows for e in row.errors]

    @property
    def has_errors(self) -> bool:
        return bool(self.file_errors or self.errors)

    @property
    def counts(self) -> dict[str, int]:
        counted = Counter(row.action for row in self.rows)
        return {action.value: counted.get(action, 0) for action in Action}

    @property
    def writes(self) -> int:
        return sum(1 for row in self.rows if row.action in (Action.CREATE, Action.UPDATE))

    @property
    def digest(self) -> str:
        """The plan as the user saw it: the confirm applies only this plan."""
        text = "\n".join(
            f"{r.sheet}|{r.row}|{r.action}|{'|'.join(r.changes)}|{len(r.errors)}|{r.basis}"
            for r in self.rows
        )
        return hashlib.sha256(f"{self.kind}\n{text}".encode()).hexdigest()


def add_error(planned: PlannedRow, header: Header, cells: list, code: str, problem, message):
    """An error of the cell in `code`'s column of the row (the row itself if no such column)."""
    heading, letter = header.column(code)
    index = header.index().get(code)
    value = cell_text(cells[index]) if index is not None and index < len(cells) else ""
    planned.errors.append(
        CellError(
            planned.sheet, planned.row, heading, letter, value[:200], problem, str(message), code
        )
    )


def classify(field_name: str, error: ValidationError) -> Problem:
    """The kind of a form's error, for the preview."""
    if error.code in ("max_value", "min_value", "max_length"):
        return Problem.OUT_OF_RANGE
    if error.code == "required" or str(error.message) == str(REQUIRED_ON_SUBMIT):
        return Problem.REQUIRED
    if field_name == "centre" and error.code == "invalid_choice":
        return Problem.UNKNOWN_CENTRE
    if error.code == "invalid_choice":
        return Problem.NOT_OFFERED
    if error.code == "future" or (field_name == "visit_date" and error.code == "invalid"):
        return Problem.BAD_DATE
    return Problem.INVALID


def form_errors(planned: PlannedRow, header: Header, cells: list, form, skip: set[str]) -> None:
    """The form's errors as errors of the row's cells (not again for cells already wrong)."""
    for name, errors in form.errors.as_data().items():
        if name in skip:
            continue
        for error in errors:
            code = "" if name == "__all__" else name
            message = " ".join(error.messages)
            add_error(planned, header, cells, code, classify(name, error), message)


def comparable(value):
    """Values compared as a person would: a row by its id, lists as sets, blanks alike."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple):
        return tuple(sorted(str(v) for v in value))
    if value is None or value == "":
        return ""
    if isinstance(value, Decimal):
        return value.normalize()
    if isinstance(value, str):
        return value.replace("\r\n", "\n")
    return value
