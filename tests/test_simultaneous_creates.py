"""Simultaneous creates of one form instance (one `uid`) are one record, never a 500."""

import threading
import uuid

import pytest
from django.db import connection
from django.test import Client

from interviews.models import Interview

from .payloads import actor_management

pytestmark = pytest.mark.django_db(transaction=True)
SYNC = {"HTTP_X_CAS_SYNC": "1"}


def post_at_once(clients, url, payloads, monkeypatch):
    """Post every payload from its own thread, all past the "does this uid exist?" check
    before any of them inserts.

    PostgreSQL runs the inserts truly at once (the later ones wait on the unique index until
    the first commits). On SQLite a transaction takes the write lock when it begins
    (`transaction_mode=IMMEDIATE`, cas_assessment/env.py): a database file makes the other
    requests wait for it, so no two are ever past the check at once; the in-memory test
    database answers "table is locked" instead of waiting, so there the requests take their
    turns here, whole, as the file would make them.
    """
    sqlite = connection.vendor == "sqlite"
    barrier = threading.Barrier(len(payloads), timeout=10)
    turn = threading.Lock()
    original_save = Interview.save

    def save(self, *args, **kwargs):
        if self.pk is None and not sqlite:
            barrier.wait()
        return original_save(self, *args, **kwargs)

    monkeypatch.setattr(Interview, "save", save)
    responses = [None] * len(payloads)

    def run(index):
        try:
            if sqlite:
                turn.acquire()
            responses[index] = clients[index].post(url, payloads[index], **SYNC)
        finally:
            if sqlite:
                turn.release()
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(payloads))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return responses


def logged_in_clients(user, n):
    clients = []
    for _ in range(n):
        client = Client(raise_request_exception=False)
        client.force_login(user)
        clients.append(client)
    return clients


def test_three_simultaneous_creates_with_one_uid_answer_with_one_record(
    researcher, centre, monkeypatch
):
    uid, save_id = str(uuid.uuid4()), str(uuid.uuid4())
    payload = {"action": "save", "centre": centre.pk, "place": "Tenosique", "uid": uid,
               "save_id": save_id, "base_version": 0, **actor_management()}  # fmt: skip
    clients = logged_in_clients(researcher, 3)

    responses = post_at_once(clients, "/interviews/new/", [payload] * 3, monkeypatch)

    assert [r.status_code for r in responses] == [200, 200, 200]
    record = Interview.objects.get()
    assert str(record.uid) == uid and record.version == 1 and record.place == "Tenosique"
    bodies = [r.json() for r in responses]
    assert {b["id"] for b in bodies} == {record.pk}
    assert sorted(b["replay"] for b in bodies) == [False, True, True]
