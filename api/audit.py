"""The API's one hook into the audit trail: every list or detail read of personal fields
(interviews and observations: respondents, researchers, notes) comes here, with who, what,
the filters and whether names were shown.

It sends `personal_read`; the `audit` app (exports and API reads, issue 17 item 4) is to
record each one when it lands (see the README).
"""

from django.dispatch import Signal

#: Sent with `user`, `what` (`interviews`, `observations`), `filters` (those given), `names`
#: (shown or pseudonymised), `count` (records answered) and `record_id` (a detail read).
personal_read = Signal()


def record_api_read(request, *, what: str, filters: dict, names: bool, count: int,
                    record_id=None) -> None:  # fmt: skip
    personal_read.send(
        sender="api",
        user=request.user,
        what=what,
        filters={key: value for key, value in filters.items() if value not in (None, "", [])},
        names=names,
        count=count,
        record_id=record_id,
    )
