"""A whole tour of the app in one language meets none of the other's interface words.

Every translated catalogue entry is a word of the interface; on a Spanish page none of the
English ones may show (but for the data typed in), and the other way round.
"""

import io
import re
from functools import cache
from html import unescape
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from interviews.models import Interview
from observations.models import Observation

pytestmark = pytest.mark.django_db


@cache
def interface_words() -> dict[str, set[str]]:
    """English msgids and Spanish msgstrs of at least two words that differ between languages."""
    english, spanish = set(), set()
    files = list(Path(settings.BASE_DIR).glob("locale/es/LC_MESSAGES/django.po"))
    files += list(Path(settings.BASE_DIR).glob("*/locale/es/LC_MESSAGES/django.po"))
    for po_file in files:
        for entry in polib.pofile(str(po_file)):
            pairs = [(entry.msgid, entry.msgstr)]
            if entry.msgid_plural:
                pairs = [(entry.msgid, entry.msgstr_plural[0]),
                         (entry.msgid_plural, entry.msgstr_plural[1])]  # fmt: skip
            for msgid, msgstr in pairs:
                if "%" in msgid or msgid == msgstr:
                    continue
                if len(msgid.split()) >= 2:
                    english.add(msgid)
                if len(msgstr.split()) >= 2:
                    spanish.add(msgstr)
    return {"en": english, "es": spanish}


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    attributes = " ".join(re.findall(r'(?:title|aria-label|placeholder|alt)="([^"]*)"', html))
    text = re.sub(r"<[^>]+>", " ", html) + " " + attributes
    return re.sub(r"\s+", " ", unescape(text))


def tour() -> list[tuple[str | None, str]]:
    interview = Interview.objects.order_by("pk").first()
    returned = Interview.objects.get(status="returned")
    observation = Observation.objects.first()
    return [
        (None, "/accounts/login/"),
        (None, "/accounts/password_reset/"),
        ("researcher", "/centres/"),
        ("researcher", "/centres/1/"),
        ("researcher", "/interviews/new/?centre=1"),
        ("researcher", f"/interviews/{returned.pk}/edit/"),
        ("researcher", "/observations/new/?centre=1"),
        ("researcher", f"/observations/{observation.pk}/photos/"),
        ("researcher", "/device/"),
        ("coordinator", f"/interviews/{interview.pk}/"),
        ("coordinator", f"/observations/{observation.pk}/"),
        ("coordinator", "/review/"),
        ("coordinator", "/reports/"),
        ("coordinator", "/no-such-page/"),
        ("analyst", "/reports/"),
        ("analyst", "/coding/"),
        ("analyst", "/coding/note/"),
        ("coordinator", "/coding/themes/"),
        ("coordinator", "/coding/themes/new/"),
        ("coordinator", "/centres/5/plan/"),
        ("analyst", "/reports/plan/"),
        ("analyst", "/centres/"),  # 403
        ("analyst", "/accounts/password_change/"),
    ]


@pytest.mark.parametrize(("lang", "other"), [("es", "en"), ("en", "es")])
def test_a_tour_in_one_language_meets_none_of_the_other(settings, django_user_model, lang, other):
    settings.DEBUG = True  # seed_demo refuses otherwise
    call_command("seed_demo", "--language", lang, stdout=io.StringIO())
    settings.DEBUG = False
    foreign = interface_words()[other]
    assert len(foreign) > 100
    clients = {}
    for username, url in tour():
        if username not in clients:
            clients[username] = Client(HTTP_ACCEPT_LANGUAGE=lang)
            if username:
                clients[username].force_login(django_user_model.objects.get(username=username))
        response = clients[username].get(url)
        assert response.status_code in (200, 403, 404), url
        text = visible_text(response.content.decode())
        leaks = sorted(words for words in foreign if words in text)
        assert leaks == [], (url, leaks)
