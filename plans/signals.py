"""Proposals follow the records: once a submitted, approved or returned interview or observation
is committed, its centre's proposals are refreshed (`services.refresh_proposals`)."""

import logging

from django.db import transaction
from django.db.models.signals import post_save

from fieldwork.models import Status

logger = logging.getLogger(__name__)

#: Saves that may change what counts for a centre (drafts never count).
REFRESHING = frozenset({Status.SUBMITTED, Status.APPROVED, Status.RETURNED})


def _refresh(centre_id: int) -> None:
    from .services import refresh_centres

    try:
        refresh_centres([centre_id])
    except Exception:
        # The record is saved; a coordinator can check the proposals again from the plan page
        # (or `manage.py refresh_plans`).
        logger.exception("Refreshing the plan proposals of centre %s failed", centre_id)


def record_saved(sender, instance, **kwargs) -> None:
    if instance.status in REFRESHING:
        transaction.on_commit(lambda: _refresh(instance.centre_id))


def connect() -> None:
    from interviews.models import Interview
    from observations.models import Observation

    for model in (Interview, Observation):
        post_save.connect(record_saved, sender=model, dispatch_uid=f"plans-{model.__name__}")
