"""The API's one hook into the audit trail: every list or detail read of personal fields
(interviews and observations: respondents, researchers, notes) comes here, with who, what,
the filters and whether names were shown.

Each is written to the audit log (`audit.services.record_access`, what = `api:<endpoint>`,
format `json`), and `personal_read` is sent for anything else that listens.
"""

from django.dispatch import Signal

from audit.services import record_access

#: Sent with `user`, `what` (`interviews`, `observations`), `filters` (those given), `names`
#: (shown or pseudonymised), `count` (records answered) and `record_id` (a detail read).
personal_read = Signal()


def record_api_read(request, *, what: str, filters: dict, names: bool, count: int,
                    record_id=None, applied=None) -> None:  # fmt: skip
    """`applied`: what the read applied without being asked (the round: the current one by
    default), written in the audit entry's filters too."""
    given = {key: value for key, value in filters.items() if value not in (None, "", [])}
    logged = {**given, **(applied or {})}
    if record_id is not None:
        logged["record_id"] = record_id
    record_access(request.user, f"api:{what}", filters=logged, with_names=names, rows=count,
                  fmt="json")  # fmt: skip
    personal_read.send(
        sender="api",
        user=request.user,
        what=what,
        filters=given,
        names=names,
        count=count,
        record_id=record_id,
    )
