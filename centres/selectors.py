import hashlib
import unicodedata
from datetime import datetime

from django.db.models import Count, Max, QuerySet

from .models import Centre
from .search import fold


def centre_list(
    *, q: str = "", state: str = "", sector: str = "", show: str = ""
) -> QuerySet[Centre]:
    """The registry's list: active centres unless `show` is `inactive` or `all`."""
    qs = Centre.objects.all()
    if show == "inactive":
        qs = qs.filter(active=False)
    elif show != "all":
        qs = qs.filter(active=True)
    if q:
        # Without accents or case (`centres.search`): "mexico" finds "México".
        qs = qs.filter(search_text__contains=fold(q))
    if state:
        qs = qs.filter(state=state)
    if sector:
        qs = qs.filter(sector=sector)
    return qs


def centre_choices() -> list[list]:
    """The compact list the forms' centre search filters on the device: one
    `[id, name, state, municipality]` row per active centre, by name."""
    return [
        list(row)
        for row in Centre.objects.filter(active=True)
        .order_by("name")
        .values_list("id", "name", "state", "municipality")
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


def normalised_name(name: str) -> str:
    """A name as compared for duplicates: letters and digits only, without accents or case.

    Punctuation and spaces are dropped, not turned into spaces, so "S.O.S.", "S O S" and "SOS"
    compare the same."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c))


def similar_centres(name: str, state: str, exclude_pk: int | None = None) -> list[Centre]:
    """Other centres of the state whose name is the same once normalised."""
    wanted = normalised_name(name)
    others = Centre.objects.filter(state=state).exclude(pk=exclude_pk).only("id", "name")
    return [c for c in others if normalised_name(c.name) == wanted]
