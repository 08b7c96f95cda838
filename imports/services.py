"""Writes of the import: keeping an upload until it is confirmed, and applying a plan.

A plan is applied in one transaction: every row is written through its form's save (the same
services the site's forms use), with "Imported from <file>" as the change's reason in the
history, or, if anything fails, nothing is.
"""

import hashlib
import secrets
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from fieldwork.history import IMPORTED_FROM
from fieldwork.services import StaleVersion, UidTaken

from .centres import plan_centres
from .layouts import Kind
from .models import PendingImport
from .plan import Action, Plan
from .reading import read_file
from .records import plan_records

#: How long an uploaded file waits for its confirmation.
KEEP = timedelta(hours=2)


class PlanChanged(Exception):
    """The records changed since the preview: the plan shown is not the one to apply."""


def reason(file_name: str) -> str:
    """The history's reason for an imported change: a fixed marker and the file's name, which
    the record's history shows in the reader's language (fieldwork/history.py)."""
    return f"{IMPORTED_FROM}{file_name}"


def make_plan(pending: PendingImport) -> Plan:
    """The plan of a kept upload, worked out from the file and the database as they are."""
    sheets = read_file(pending.file_name, bytes(pending.content))
    why = reason(pending.file_name)
    if pending.kind == Kind.CENTRES:
        plan = plan_centres(sheets, pending.user, why)
    else:
        plan = plan_records(Kind(pending.kind), sheets, pending.user, why)
    plan.file_name = pending.file_name
    return plan


def keep_upload(*, user, kind: str, file_name: str, content: bytes) -> PendingImport:
    """Keep an upload for its preview; forget the expired ones (anyone's) and the user's
    earlier ones."""
    PendingImport.objects.filter(created_at__lt=timezone.now() - KEEP).delete()
    PendingImport.objects.filter(user=user).delete()
    return PendingImport.objects.create(
        token=secrets.token_urlsafe(32),
        user=user,
        kind=kind,
        file_name=file_name[-255:],
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
    )


def pending_for(user, token: str) -> PendingImport | None:
    """The user's own kept upload, if it has not expired (nobody else's, whatever the token)."""
    return PendingImport.objects.filter(
        token=token, user=user, created_at__gte=timezone.now() - KEEP
    ).first()


@transaction.atomic
def apply_plan(pending: PendingImport, digest: str) -> Plan:
    """Work the plan out again, and write it if it is the one previewed (`digest`) and has no
    errors; all or nothing. Raises PlanChanged otherwise."""
    # Two confirmations of one upload (a double click) are applied one after the other: the
    # second finds the upload gone.
    if not PendingImport.objects.select_for_update().filter(pk=pending.pk).exists():
        raise PlanChanged
    plan = make_plan(pending)
    if plan.has_errors or plan.digest != digest:
        raise PlanChanged
    try:
        for row in plan.rows:
            if row.action in (Action.CREATE, Action.UPDATE):
                row.apply()
    except (StaleVersion, UidTaken, IntegrityError):
        # Someone saved one of the records (or a centre of the same name) meanwhile.
        raise PlanChanged from None
    pending.delete()
    return plan
