"""Rows of the record lists made ready in Python (fieldwork/listing.py)."""

import datetime

from django.utils import translation

from fieldwork.listing import ready_rows


def test_a_row_gets_its_link_title_and_dates_in_the_users_language(settings):
    settings.TIME_ZONE = "America/Mexico_City"
    submitted = datetime.datetime(2026, 5, 4, 18, 30, tzinfo=datetime.UTC)
    rows = [
        {"kind": "interviews", "pk": 12, "visit_date": datetime.date(2026, 5, 3),
         "submitted_at": submitted},
        {"kind": "observations", "pk": 7, "visit_date": None, "submitted_at": None},
    ]  # fmt: skip
    with translation.override("es"):
        interview, observation = ready_rows(rows)
    assert interview["url"] == "/interviews/12/" and interview["title"] == "Entrevista #12"
    assert interview["visit"] == "03/05/2026"
    assert interview["submitted"].startswith("04/05/2026 12:30")  # local time, not UTC
    assert observation["title"] == "Observación #7" and observation["url"] == "/observations/7/"
    assert observation["visit"] == observation["submitted"] == "—"
    with translation.override("en"):
        assert ready_rows(rows)[0]["title"] == "Interview #12"
