"""Accessibility and phones, in the served HTML: the skip link, announced messages, and a
results page that says an empty filter result is empty instead of drawing empty charts.
(The browser checks are in tests/browser/test_accessibility.py and test_walks.py.)"""

import re

import pytest
from django.utils import timezone

from fieldwork.models import Status

from .factories import InterviewFactory

pytestmark = pytest.mark.django_db


def test_skip_link_comes_first_and_leads_to_the_main_content(client):
    html = client.get("/accounts/login/").content.decode()
    body = html[html.index("<body") :]
    first_link = re.search(r"<a [^>]*>[^<]*</a>", body).group(0)
    assert 'class="skip-link" href="#main"' in first_link and "Skip to main content" in first_link
    assert re.search(r'<main [^>]*id="main"', body)


def test_skip_link_in_spanish(client):
    html = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="es-MX").content.decode()
    assert "Ir al contenido principal" in html


def test_a_confirmation_is_a_status_message_and_a_refusal_an_alert(client, coordinator, centre):
    client.force_login(coordinator)
    record = InterviewFactory(centre=centre, status=Status.SUBMITTED, submitted_at=timezone.now())
    response = client.post(
        f"/interviews/{record.pk}/review/", {"decision": "approve", "version": record.version}
    )
    html = client.get(response["Location"]).content.decode()
    assert re.search(r'<div class="alert alert-success" role="status">Approved.</div>', html)
    client.post(
        f"/interviews/{record.pk}/review/", {"decision": "approve", "version": record.version}
    )
    html = client.get(f"/interviews/{record.pk}/").content.decode()
    assert 'role="status">This record is not waiting for review.' in html  # info: polite


def test_an_empty_filter_result_says_so_and_draws_no_chart(client, coordinator, centre):
    InterviewFactory(centre=centre, status=Status.SUBMITTED, visit_date="2026-03-01")
    client.force_login(coordinator)
    html = client.get("/reports/").content.decode()
    assert html.count('class="chart"') > 5 and 'id="no-results"' not in html

    html = client.get("/reports/?date_from=2030-01-01").content.decode()
    assert 'id="no-results"' in html and "No interview matches these filters yet." in html
    assert "<svg" not in html and 'class="table table-sm mb-0 counts"' not in html
    assert 'id="no-theme-results"' in html and 'id="theme-counts"' not in html
