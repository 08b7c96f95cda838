"""The one way to write the audit log: `record_access`.

Every export, file download and API read that takes data (personal data above all) out of
the app calls it once, after it has decided to answer (permissions checked), with:

    from audit.services import record_access

    record_access(
        request.user,          # who (a User; anonymous is refused)
        "csv:interviews",      # what: a stable code, see below
        filters={"state": "Tabasco", "statuses": ["submitted", "approved"]},
        with_names=False,      # whether respondent names left the app as typed
        rows=120,              # how many rows were sent, if known (None otherwise)
        fmt="csv",             # the format: xlsx, csv, pdf, jpeg, json, ... (None: blank)
    )

Codes of `what` in use: `workbook`, `csv:<sheet>` (`centres`, `interviews`, `actors`,
`observations`), `centre_report_pdf`, `photo`, `audit_log` (the log's own CSV) and
`api:<endpoint>` for API reads of personal fields (`api:interviews`, say).

`filters` is anything JSON can hold once dates, enums, tuples and sets are turned into text
and lists (`jsonable`); a frozen dataclass (the results' `ReportFilters`) is taken as its
fields. It must describe the selection, never hold the data: no respondent names, no answers.
Nothing here logs: the entry is the record.
"""

import dataclasses
import datetime
import enum
from collections.abc import Mapping
from typing import Any

from .models import AccessEntry


def jsonable(value: Any) -> Any:
    """`value` as JSON holds it: dates as ISO text, enums as their values, tuples as lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(item) for item in value]
    if isinstance(value, enum.Enum):
        return jsonable(value.value)
    if isinstance(value, datetime.date | datetime.datetime | datetime.time):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def record_access(
    user,
    what: str,
    *,
    filters: Any,
    with_names: bool,
    rows: int | None = None,
    fmt: str | None = None,
) -> AccessEntry:
    """Write one audit entry (see the module's docstring) and return it."""
    if not getattr(user, "is_authenticated", False):
        raise ValueError("The audit log records the accesses of logged-in users only.")
    if not what or len(what) > 100:
        raise ValueError("`what` must be a code of 1 to 100 characters.")
    return AccessEntry.objects.create(
        user=user,
        username=user.get_username(),
        what=what,
        filters=jsonable(filters or {}),
        with_names=bool(with_names),
        rows=rows,
        format=fmt or "",
    )
