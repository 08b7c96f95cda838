"""Login throttling, sessions, password change, CSP, and names kept out of exports and logs."""

import csv
import io
import logging
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from openpyxl import load_workbook

from accounts.privacy import pseudonym
from fieldwork.models import Status

from .factories import InterviewFactory

pytestmark = pytest.mark.django_db

PASSWORD = "pass-for-tests-1"


def login(client: Client, username: str, password: str):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_lockout_after_repeated_failures_and_unlock_after_cool_off(researcher):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "researcher1", "wrong").status_code == 200
    locked = login(client, "researcher1", "wrong")
    assert locked.status_code == 429
    assert "Too many attempts" in locked.content.decode()
    # Even the right password is refused while locked out.
    assert login(client, "researcher1", PASSWORD).status_code == 429

    # Someone else behind the same address keeps working.
    other = Client()
    from .factories import UserFactory

    UserFactory(username="colleague")
    assert login(other, "colleague", PASSWORD).status_code == 302

    # After the cool-off the attempts have aged out and the right password works again.
    aged = AccessAttempt.objects.get(username="researcher1")
    aged.attempt_time -= settings.AXES_COOLOFF_TIME + timedelta(seconds=1)
    aged.save()
    assert login(client, "researcher1", PASSWORD).status_code == 302
    assert client.get("/centres/").status_code == 200


def test_lockout_page_names_the_cool_off(researcher):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = login(client, "researcher1", "wrong")
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert f"paused for {minutes} minutes" in response.content.decode()


def test_lockout_logs_carry_no_username_or_address(researcher, caplog):
    client = Client()
    with caplog.at_level(logging.INFO):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            login(client, "researcher1", "wrong")
    text = caplog.text
    assert "Locking out client-" in text
    assert "researcher1" not in text
    assert "127.0.0.1" not in text


def test_logout_ends_the_session_on_the_server(researcher):
    client = Client()
    assert login(client, "researcher1", PASSWORD).status_code == 302
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert Session.objects.filter(session_key=key).exists()
    assert client.post("/accounts/logout/").status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    # The old cookie no longer opens anything.
    stale = Client()
    stale.cookies[settings.SESSION_COOKIE_NAME] = key
    assert stale.get("/centres/").status_code == 302


def test_sessions_expire_after_inactivity():
    # Renewed by the requests themselves (accounts/session.py), every five minutes at most.
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert settings.SESSION_REFRESH_SECONDS == 5 * 60


def test_password_change_applies_the_validators(researcher):
    client = Client()
    client.force_login(researcher)
    response = client.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    assert "too common" in response.content.decode()
    response = client.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": "Albergue-Tabasco-77",
         "new_password2": "Albergue-Tabasco-77"},
    )  # fmt: skip
    assert response.status_code == 302
    researcher.refresh_from_db()
    assert researcher.check_password("Albergue-Tabasco-77")


def test_password_reset_sends_a_link(researcher):
    researcher.email = "investigadora@example.org"
    researcher.save()
    response = Client().post("/accounts/password_reset/", {"email": researcher.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/reset/" in mail.outbox[0].body


# Personal data in exports


def _csv_rows(client, query=""):
    response = client.get(f"/reports/export/interviews.csv{query}")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def _sheet_names(client, query=""):
    response = client.get(f"/reports/export.xlsx{query}")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(book["Interviews"].iter_rows(values_only=True))
    column = rows[0].index("respondent_name")
    return [row[column] for row in rows[1:]]


@pytest.fixture
def named_interviews():
    InterviewFactory(status=Status.SUBMITTED, respondent_name="María López Pérez")
    InterviewFactory(status=Status.APPROVED, respondent_name="  maría  LÓPEZ pérez ")
    InterviewFactory(status=Status.SUBMITTED, respondent_name="Juan Hernández")


def test_analyst_exports_carry_stable_pseudonyms_not_names(client, analyst, named_interviews):
    client.force_login(analyst)
    for query in ("", "?names=1"):  # an analyst asking for names does not get them
        ids = [row["respondent_name"] for row in _csv_rows(client, query)]
        assert ids == _sheet_names(client, query)
        assert not any("María" in i or "Juan" in i for i in ids)
        assert all(i.startswith("P-") and len(i) == 12 for i in ids)
        # The same respondent keeps the same id; different people differ.
        assert ids[0] == ids[1] != ids[2]
        assert ids[0] == pseudonym("María López Pérez")
        page = client.get(f"/reports/{query}").content.decode()
        assert "María" not in page and "Juan" not in page


def test_coordinator_may_choose_names(client, coordinator, named_interviews):
    client.force_login(coordinator)
    assert _sheet_names(client)[2] == pseudonym("Juan Hernández")
    assert _sheet_names(client, "?names=1")[2] == "Juan Hernández"
    assert _csv_rows(client, "?names=1")[0]["respondent_name"] == "María López Pérez"
    page = client.get("/reports/").content.decode()
    assert 'name="names"' in page


def test_pseudonyms_depend_on_the_key(settings):
    before = pseudonym("Juan Hernández")
    settings.PSEUDONYM_KEY = "another-key"
    assert pseudonym("Juan Hernández") != before
    assert pseudonym("") == ""


# Content Security Policy


class InlineFinder(HTMLParser):
    """Collects inline scripts without a nonce, style attributes and event handler attributes."""

    def __init__(self):
        super().__init__()
        self.problems = []

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        is_data = names.get("type") == "application/json"  # a data block, never run
        if tag == "script" and "src" not in names and "nonce" not in names and not is_data:
            self.problems.append("inline <script> without nonce")
        if tag == "style" and "nonce" not in names:
            self.problems.append("inline <style>")
        for name, value in attrs:
            if name == "style":
                self.problems.append(f"style attribute on <{tag}>")
            if name.startswith("on"):
                self.problems.append(f"{name} handler on <{tag}>")
            if name == "href" and value and value.strip().lower().startswith("javascript:"):
                self.problems.append("javascript: URL")


def test_pages_respect_their_content_security_policy(client, coordinator, centre):
    interview = InterviewFactory(centre=centre, interviewer=coordinator, status=Status.SUBMITTED)
    client.force_login(coordinator)
    urls = [
        "/centres/",
        f"/centres/{centre.pk}/",
        f"/interviews/new/?centre={centre.pk}",
        "/observations/new/",
        f"/interviews/{interview.pk}/",
        "/review/",
        "/reports/",
        "/accounts/password_change/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "style-src 'self'" in policy, url
        assert "'unsafe-inline'" not in policy, url
        finder = InlineFinder()
        finder.feed(response.content.decode())
        assert finder.problems == [], (url, finder.problems)
    anonymous = Client().get("/accounts/login/")
    finder = InlineFinder()
    finder.feed(anonymous.content.decode())
    assert finder.problems == []
    assert "Content-Security-Policy" in anonymous
