"""Writes to the registry. Every save is kept in the centre's history (django-simple-history,
with the user of the request); centres are deactivated, never deleted, so that the records
that name them keep them."""

from django.db import transaction

from .models import Centre


@transaction.atomic
def save_centre(form) -> Centre:
    """A new centre, or an edited one (active or not), from a valid `CentreForm`."""
    return form.save()
