"""Reads of the audit log."""

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import AccessEntry


def _day_start(day: datetime.date) -> datetime.datetime:
    """Midnight of `day` where the site is (the day a coordinator means)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def access_entries(
    *,
    user: str = "",
    what: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[AccessEntry]:
    """The entries, newest first, by username, by code (`csv` matches every `csv:<sheet>`)
    and by day (both ends included)."""
    entries = AccessEntry.objects.all()
    if user:
        entries = entries.filter(username=user)
    if what:
        entries = entries.filter(Q(what=what) | Q(what__startswith=f"{what}:"))
    if date_from:
        entries = entries.filter(at__gte=_day_start(date_from))
    if date_to:
        entries = entries.filter(at__lt=_day_start(date_to + datetime.timedelta(days=1)))
    return entries.order_by("-at", "-id")


def known_codes() -> list[str]:
    """The codes of `what` in the log, for the filter's choices."""
    codes = list(AccessEntry.objects.order_by().values_list("what", flat=True).distinct())
    return sorted(set(codes) | {code.split(":", 1)[0] for code in codes})


def known_usernames() -> list[str]:
    return sorted(AccessEntry.objects.order_by().values_list("username", flat=True).distinct())
