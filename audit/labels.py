"""What the log's codes and filters mean, in the page's language. The codes stay the record
(the CSV download keeps them); the page and its `What` filter show these labels."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

#: The codes of `what` a page names; `csv:<sheet>` and `api:<endpoint>` are composed.
WHAT = {
    "workbook": gettext_lazy("Workbook (.xlsx)"),
    "csv": gettext_lazy("CSV files (any sheet)"),
    "centre_report_pdf": gettext_lazy("Centre report (PDF)"),
    "photo": gettext_lazy("Photo"),
    "audit_log": gettext_lazy("Audit log (.csv)"),
    "api": gettext_lazy("API reads (any)"),
}
PARTS = {
    "centres": gettext_lazy("Centres"),
    "interviews": gettext_lazy("Interviews"),
    "actors": gettext_lazy("Actors"),
    "observations": gettext_lazy("Observations"),
    "photo": gettext_lazy("Photo"),
}
#: The filters' keys as the page names them (the entry keeps the keys).
FILTER_KEYS = {
    "state": gettext_lazy("State"),
    "sector": gettext_lazy("Sector"),
    "operator": gettext_lazy("Operated by"),
    "date_from": gettext_lazy("Visited from"),
    "date_to": gettext_lazy("Visited until"),
    "statuses": gettext_lazy("Record status"),
    "status": gettext_lazy("Record status"),
    "split": gettext_lazy("Split by"),
    "round": gettext_lazy("Round"),
    "values": gettext_lazy("Answers as"),
    "lang": gettext_lazy("Language"),
    "user": gettext_lazy("User"),
    "what": gettext_lazy("What"),
    "record_id": gettext_lazy("Record"),
}


def what_label(code: str) -> str:
    """`csv:interviews` → "CSV: Interviews"; an unknown code is shown as it is."""
    if code in WHAT:
        return str(WHAT[code])
    kind, _sep, part = code.partition(":")
    name = str(PARTS.get(part, part))
    if kind == "csv" and part:
        return _("CSV: %(sheet)s") % {"sheet": name}
    if kind == "api" and part:
        return _("API: %(endpoint)s") % {"endpoint": name}
    return code


def filters_text(filters: dict, round_names: dict) -> str:
    """`State: Tabasco; Round: Seguimiento 2026`: the filters that were set. `round` is a
    round's id (named from `round_names`) or, when every round was counted, None or `all`."""

    def text(key, value) -> str:
        if key == "round":
            if value in (None, "", "all", ["all"]):
                return _("all rounds")
            value = value[0] if isinstance(value, list) and len(value) == 1 else value
            return round_names.get(str(value), str(value))
        if isinstance(value, list):
            return ", ".join(str(item) for item in value)
        return str(value)

    return "; ".join(
        f"{FILTER_KEYS.get(key, key)}: {text(key, value)}"
        for key, value in filters.items()
        if key == "round" or value not in ("", None, [])
    )


def round_ids(entries) -> set[int]:
    found = set()
    for entry in entries:
        value = (entry.filters or {}).get("round")
        value = value[0] if isinstance(value, list) and len(value) == 1 else value
        if str(value).isdigit():
            found.add(int(value))
    return found
