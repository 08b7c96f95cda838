import hashlib
from datetime import datetime

from django.db.models import Count, Max, Q, QuerySet

from .models import Centre


def centre_list(*, q: str = "", state: str = "", sector: str = "") -> QuerySet[Centre]:
    qs = Centre.objects.all()
    if q:
        qs = qs.filter(
            Q(name__icontains=q) | Q(municipality__icontains=q) | Q(address__icontains=q)
        )
    if state:
        qs = qs.filter(state=state)
    if sector:
        qs = qs.filter(sector=sector)
    return qs


def centre_choices() -> list[list]:
    """The compact list the forms' centre search filters on the device: one
    `[id, name, state, municipality]` row per centre, by name."""
    return [
        list(row)
        for row in Centre.objects.order_by("name").values_list(
            "id", "name", "state", "municipality"
        )
    ]


def centre_choices_version() -> tuple[str, datetime | None]:
    """A validator of `centre_choices()` that costs two aggregate queries, not a read of every
    centre: (weak ETag, last modified or None).

    It changes when a centre is added or deleted (count, highest id) and whenever the registry's
    history records a change (every save through the app or the admin). A change that bypasses
    the history (a raw SQL update) shows only once the next one is recorded.
    """
    counts = Centre.objects.aggregate(n=Count("id"), last_id=Max("id"))
    history = Centre.history.aggregate(last_id=Max("history_id"), last_at=Max("history_date"))
    key = f"v1:{counts['n']}:{counts['last_id']}:{history['last_id']}:{history['last_at']}"
    etag = f'W/"{hashlib.sha256(key.encode()).hexdigest()[:20]}"'
    return etag, history["last_at"]
