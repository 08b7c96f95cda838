"""Planning an import of the registry: each row a centre, matched by its name (unique).

Cells are decoded (codes or labels in either language) and posted to the registry's own form
(`centres.forms.CentreForm`), so an imported centre obeys the rules of *New centre*: the
sector agrees with who runs it, the capacity is 0 to 10,000. A name close to another
centre's of the same state is a warning in the preview, not a refusal (the file is the
coordinator's deliberate list).
"""

import difflib

from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

from centres.forms import CentreForm
from centres.models import MEXICAN_STATES, Centre, Operator, RegistryStatus, Sector

from . import values
from .layouts import SHEET_TITLES, Header, Kind, find_sheet, read_header
from .plan import Action, Plan, PlannedRow, add_error, comparable, form_errors
from .reading import Sheet
from .values import CellProblem, Choices, Problem, cell_text, fold

FIELDS = CentreForm.Meta.fields


def plan_centres(sheets: list[Sheet], user, reason: str) -> Plan:
    plan = Plan(Kind.CENTRES, "")
    sheet = find_sheet(sheets, Kind.CENTRES)
    if sheet is None:
        plan.file_errors.append(
            _("The workbook has no sheet “%(sheet)s”: upload the sheet of the chosen kind.")
            % {"sheet": SHEET_TITLES[Kind.CENTRES]}
        )
        return plan
    header = read_header(sheet, Kind.CENTRES)
    plan.ignored = header.unknown
    index = header.index()
    if "name" not in index:
        plan.file_errors.append(
            _(
                "Sheet “%(sheet)s” has no column “name”: check that its first row, or its "
                "second, holds the column codes or their names."
            )
            % {"sheet": sheet.title}
        )
        return plan
    if header.repeated:
        plan.file_errors.append(
            _("These columns appear twice: %(columns)s.") % {"columns": ", ".join(header.repeated)}
        )
    decoders = {
        "name": values.text,
        "state": _state,
        "municipality": values.text,
        "address": values.text,
        "sector": Choices(Sector.choices).single,
        "operator": Choices(Operator.choices).single,
        "specialises_in_migrant_children": values.yes_no,
        "registry_status": Choices(RegistryStatus.choices).single,
        "capacity": values.number,
        "active": values.yes_no,
    }
    seen: dict[str, int] = {}
    for number, cells in enumerate(sheet.rows[header.start :], header.start + 1):
        if not any(cell_text(c) for c in cells):
            continue
        plan.rows.append(_row(sheet, header, number, cells, decoders, seen, user, reason))
    return plan


def _row(sheet, header: Header, number, cells, decoders, seen, user, reason) -> PlannedRow:
    index = header.index()

    def cell(code):
        i = index.get(code)
        return cells[i] if i is not None and i < len(cells) else None

    name = " ".join(cell_text(cell("name")).split())
    planned = PlannedRow(sheet.title, number, name)
    existing = Centre.objects.filter(name__iexact=name).first() if name else None
    if name:
        key = fold(name)
        if key in seen:
            same = _("Row %(row)s of this sheet is the same centre.") % {"row": seen[key]}
            add_error(planned, header, cells, "name", Problem.DUPLICATE, same)
        else:
            seen[key] = number
    data = _stored(existing)
    failed = set()
    for code in FIELDS:
        if code not in index:
            continue
        try:
            data[code] = decoders[code](cell(code))
        except CellProblem as problem:
            failed.add(code)
            add_error(planned, header, cells, code, problem.kind, problem.message)
    if "active" in index and data.get("active") == "":
        data["active"] = "True"
    data["confirm_duplicate"] = "on"
    # The form writes the cleaned values on its instance: compare with them as stored.
    stored = {code: comparable(getattr(existing, code)) for code in FIELDS} if existing else {}
    planned.basis = repr(sorted(stored.items()))
    form = CentreForm(data=data, instance=existing)
    form.is_valid()
    form_errors(planned, header, cells, form, failed)
    if form.similar:
        planned.warnings.append(
            _("Another centre of this state has a similar name: %(names)s.")
            % {"names": "; ".join(c.name for c in form.similar)}
        )
    if planned.errors:
        planned.action = Action.ERROR
    elif existing is None:
        planned.action = Action.CREATE
    else:
        planned.changes = [
            str(Centre._meta.get_field(code).verbose_name)
            for code in FIELDS
            if comparable(form.cleaned_data.get(code)) != stored[code]
        ]
        planned.action = Action.UPDATE if planned.changes else Action.UNCHANGED

    def apply():
        from centres.services import save_centre

        form.instance._change_reason = reason
        form.instance._history_user = user
        return save_centre(form)

    planned.apply = apply
    return planned


#: How alike (difflib's ratio, without accents or case) a value must be to a state's name for
#: the state to be suggested: typos ("Tabsco", "Oaxca") are, other places ("Narnia") are not.
STATE_CUTOFF = 0.75


def _state(cell) -> str:
    text = cell_text(cell)
    if not text:
        return ""
    folded = {fold(state): state for state in MEXICAN_STATES}
    if fold(text) in folded:
        return folded[fold(text)]
    # Only a close match is suggested (a typo, a missing word), compared without accents or
    # case; "Narnia" suggests nothing.
    close = difflib.get_close_matches(fold(text), list(folded), n=1, cutoff=STATE_CUTOFF)
    if close:
        raise CellProblem(
            Problem.NOT_OFFERED,
            _("“%(value)s” is not a state of Mexico as the registry writes it. Did you mean "
              "%(state)s?") % {"value": text, "state": folded[close[0]]},
        )  # fmt: skip
    raise CellProblem(
        Problem.NOT_OFFERED,
        _("“%(value)s” is not a state of Mexico. Write one of the 32 states as the registry "
          "does: the list is in the “State” filter of the centres page (%(url)s).")
        % {"value": text, "url": reverse("centres:list")},
    )  # fmt: skip


def _stored(centre: Centre | None) -> MultiValueDict:
    data = MultiValueDict()
    if centre is None:
        data["active"] = "True"
        return data
    for code in FIELDS:
        value = getattr(centre, code)
        if value is None:
            data[code] = ""
        elif isinstance(value, bool):
            data[code] = "True" if value else "False"
        else:
            data[code] = str(value)
    return data
