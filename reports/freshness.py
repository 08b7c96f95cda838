"""The data version: when the results page's cached copy is still the truth (issue 18).

The results page counts every record within its filters, so computing it reads them all.
Its rendered counts are cached (the results template's `{% cache %}` block), keyed by the
filters, the language and a *data version*: a token in one database row (`DataVersion`) that
every write to what the results count replaces, in the write's own transaction. Reading it
is one query by primary key whatever the data; the first read after a write computes the
page again, every read after it is served from the cache.

What counts is registered with `watch()`: records, their related rows and centres here (see
`ReportsConfig.ready()`), the coded notes by the coding app through `extensions`. Every save
or delete of a watched model (forms, services, admin, fixtures) changes the token through
Django's signals. Writes that send no signals (`QuerySet.update()`, `bulk_create()`, raw SQL;
an import in bulk, say) must call `data_changed()` themselves, in the same transaction.
"""

import uuid

from django.db.models.signals import post_delete, post_save

from .models import DataVersion

_ROW = 1


def data_version() -> str:
    """The current token ("" before the first write)."""
    return DataVersion.objects.filter(pk=_ROW).values_list("token", flat=True).first() or ""


def data_changed() -> None:
    """A write changed what the results count: the cached results no longer apply.

    A random token rather than a counter, so that a database restored or rolled back to an
    earlier state never meets a cached copy computed from another state with the same number.
    """
    token = uuid.uuid4().hex
    if not DataVersion.objects.filter(pk=_ROW).update(token=token):
        DataVersion.objects.update_or_create(pk=_ROW, defaults={"token": token})


def _on_write(sender, **kwargs) -> None:
    data_changed()


def watch(*models) -> None:
    """Every save and delete of these models changes the data version."""
    for model in models:
        uid = f"reports.freshness:{model._meta.label}"
        post_save.connect(_on_write, sender=model, weak=False, dispatch_uid=f"{uid}:save")
        post_delete.connect(_on_write, sender=model, weak=False, dispatch_uid=f"{uid}:delete")
