"""Cells as the forms take them: codes or labels (in either language) to codes, dates, numbers.

A decoder takes a cell as read (text, number, date, boolean or None) and returns what the
instrument's form would be posted (a string, or a list for a multi-choice item), or raises
`CellProblem` naming the kind of problem and saying it in the user's language. Everything
else (a required answer missing, a number over its maximum, a centre not in the registry) is
left to the forms, so the rules cannot diverge from the site's.
"""

import re
import unicodedata
from collections.abc import Callable, Iterable
from datetime import date, datetime
from enum import StrEnum

from django.utils import translation
from django.utils.translation import gettext_lazy as _

LANGUAGES = ("es", "en")
_CODE = re.compile(r"^[a-z][a-z0-9_]*$")


class Problem(StrEnum):
    """The kinds of error a cell can have (the preview names them)."""

    UNKNOWN_CODE = "unknown_code"
    BAD_DATE = "bad_date"
    NOT_OFFERED = "not_offered"
    UNKNOWN_CENTRE = "unknown_centre"
    UNKNOWN_ROUND = "unknown_round"
    REQUIRED = "required"
    OUT_OF_RANGE = "out_of_range"
    DUPLICATE = "duplicate"
    INVALID = "invalid"

    @property
    def label(self) -> str:
        return str(PROBLEM_LABELS[self])


PROBLEM_LABELS = {
    Problem.UNKNOWN_CODE: _("Unknown code"),
    Problem.BAD_DATE: _("Not a date"),
    Problem.NOT_OFFERED: _("Answer not offered"),
    Problem.UNKNOWN_CENTRE: _("Centre not in the registry"),
    Problem.UNKNOWN_ROUND: _("Unknown round"),
    Problem.REQUIRED: _("Required"),
    Problem.OUT_OF_RANGE: _("Out of range"),
    Problem.DUPLICATE: _("Repeated"),
    Problem.INVALID: _("Not valid"),
}


class CellProblem(Exception):
    def __init__(self, kind: Problem, message: str):
        super().__init__(message)
        self.kind = kind
        self.message = message


def fold(text) -> str:
    """Text compared loosely: case, accents, spacing and a trailing colon do not matter."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split()).rstrip(":").strip()


def in_both_languages(label) -> list[str]:
    """A lazy label as Spanish and English text."""
    texts = []
    for language in LANGUAGES:
        with translation.override(language):
            texts.append(str(label))
    return texts


def cell_text(value) -> str:
    """A cell as text: whole numbers without `.0`, dates as ISO dates, booleans as codes."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


class Choices:
    """Decodes one question's answers given as codes or as labels in either language."""

    def __init__(self, options: Iterable[tuple[str, object]]):
        self.codes: list[str] = []
        self.labels: list = []
        self._lookup: dict[str, str] = {}
        for code, label in options:
            if code in (None, ""):
                continue
            self.codes.append(code)
            self.labels.append(label)
            for text in (code, *in_both_languages(label)):
                self._lookup.setdefault(fold(text), code)

    def find(self, text: str) -> str | None:
        return self._lookup.get(fold(text))

    def problem(self, text: str) -> CellProblem:
        if _CODE.match(text.strip()):
            return CellProblem(
                Problem.UNKNOWN_CODE,
                _("“%(value)s” is not a code of this question. Its codes: %(codes)s.")
                % {"value": text, "codes": ", ".join(self.codes)},
            )
        return CellProblem(
            Problem.NOT_OFFERED,
            _("“%(value)s” is not one of the answers offered: %(answers)s.")
            % {"value": text, "answers": "; ".join(str(label) for label in self.labels)},
        )

    def single(self, value) -> str:
        text = cell_text(value)
        if not text:
            return ""
        code = self.find(text)
        if code is None:
            raise self.problem(text)
        return code

    def multi(self, value) -> list[str]:
        """Labels separated by `;` (labels) or codes by spaces (codes), or one answer."""
        text = cell_text(value)
        if not text:
            return []
        parts = [p for p in (s.strip() for s in text.split(";")) if p]
        if len(parts) == 1 and self.find(parts[0]) is None:
            parts = [p for p in re.split(r"[\s,]+", text) if p]
        chosen = []
        for part in parts:
            code = self.find(part)
            if code is None:
                raise self.problem(part)
            if code not in chosen:
                chosen.append(code)
        return chosen


#: Yes and No as the exports write them (either language), and as other tools do.
YES = {fold(t) for t in ("yes", "sí", "true", "1", "verdadero", "y", "s")}
NO = {fold(t) for t in ("no", "false", "0", "falso", "n")}


def yes_no(value) -> str:
    text = cell_text(value)
    if not text:
        return ""
    folded = fold(text)
    if folded in YES:
        return "True"
    if folded in NO:
        return "False"
    raise CellProblem(
        Problem.NOT_OFFERED,
        _("“%(value)s” is not an answer to this question: write Yes or No.") % {"value": text},
    )


DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d", "%d/%m/%y")


def a_date(value) -> str:
    if value in (None, ""):
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = cell_text(value)
    if not text:
        return ""
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date().isoformat()
        except ValueError:
            continue
    raise CellProblem(
        Problem.BAD_DATE,
        _("“%(value)s” is not a date: write it as 2022-04-20 or 20/04/2022.") % {"value": text},
    )


def number(value) -> str:
    """Numbers as the form reads them (the form says when it is not a number, or too big)."""
    if isinstance(value, float):
        return cell_text(value) if value.is_integer() else repr(value)
    return cell_text(value)


def text(value) -> str:
    return cell_text(value)


Decoder = Callable[[object], object]
