"""What every logged-in page pays: a fixed, small number of queries and no session write on a
plain GET (the idle expiry is renewed every few minutes instead)."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts import session as session_refresh

pytestmark = pytest.mark.django_db


def _session(client) -> Session:
    return Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)


def _writes(queries) -> list[str]:
    return [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT", "DELETE"))
    ]


def test_device_page_costs_four_queries(researcher_client):
    with CaptureQueriesContext(connection) as queries:
        response = researcher_client.get("/device/")
    assert response.status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    # The session, the user, and the user's groups once (the role checks of the view, the
    # context processor and the template share one per-request lookup), and the menu's count
    # of records returned for changes: one COUNT.
    assert len(sql) == 4, sql
    assert sum("auth_group" in q for q in sql) == 1
    assert sql[-1].startswith("SELECT COUNT(*)") and "'returned'" in sql[-1]


def test_a_plain_get_does_not_save_the_session(researcher_client):
    expiry = _session(researcher_client).expire_date
    for url in ("/device/", "/centres/"):  # the first request after login included
        with CaptureQueriesContext(connection) as queries:
            response = researcher_client.get(url)
        assert response.status_code == 200
        assert not _writes(queries), url
        assert settings.SESSION_COOKIE_NAME not in response.cookies  # no new cookie either
    assert _session(researcher_client).expire_date == expiry


def test_the_idle_expiry_is_renewed_after_the_refresh_interval(researcher_client, monkeypatch):
    researcher_client.get("/device/")
    first = _session(researcher_client).expire_date
    later = session_refresh._now() + settings.SESSION_REFRESH_SECONDS + 1
    monkeypatch.setattr(session_refresh, "_now", lambda: later)
    with CaptureQueriesContext(connection) as queries:
        response = researcher_client.get("/device/")
    assert any("django_session" in q for q in _writes(queries))
    # Saved with a fresh expiry and its cookie sent again, for another full idle period.
    assert settings.SESSION_COOKIE_NAME in response.cookies
    renewed = _session(researcher_client).expire_date
    assert renewed >= first
    assert renewed >= timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)


def test_anonymous_pages_create_no_session(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert not queries.captured_queries
    assert settings.SESSION_COOKIE_NAME not in response.cookies
