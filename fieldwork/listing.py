"""Rows of record lists (the review queue, *My work*) made ready for their tables in Python:
the link, the title and the dates, once per row, instead of a dozen template look-ups, two
`{% url %}` tags and two date filters per row (a list page spent more on that than on its
queries)."""

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

#: What a row of each instrument is called, by the row's `kind` (the app's label).
TITLES = {"interviews": _("Interview"), "observations": _("Observation")}


def _date(value, format_name: str) -> str:
    if value is None:
        return "—"
    if format_name == "SHORT_DATETIME_FORMAT" and timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, format_name)


def ready_rows(rows) -> list[dict]:
    """Each row (a `values()` dict with `kind`, `pk`, `visit_date`, `submitted_at`) with its
    `url`, `title` ("Interview #12"), `visit` and `submitted` as the page shows them."""
    titles = {kind: str(title) for kind, title in TITLES.items()}
    ready = []
    for row in rows:
        kind = row["kind"]
        ready.append(
            {
                **row,
                "url": reverse(f"{kind}:detail", args=[row["pk"]]),
                "title": f"{titles[kind]} #{row['pk']}",
                "visit": _date(row.get("visit_date"), "SHORT_DATE_FORMAT"),
                "submitted": _date(row.get("submitted_at"), "SHORT_DATETIME_FORMAT"),
            }
        )
    return ready
