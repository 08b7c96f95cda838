"""Personal API tokens: created on the account page and shown once, stored hashed, expiring,
revocable after a confirmation, throttled, their last use written at most once a minute; the
site's session keeps working beside them."""

import copy
import datetime
import hashlib
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from api.models import ApiToken
from api.services import create_token

from .factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_throttle_counts():
    cache.clear()


def bearer(key: str, keyword: str = "Bearer") -> Client:
    return Client(HTTP_AUTHORIZATION=f"{keyword} {key}")


def test_a_token_is_created_on_the_account_page_and_shown_once(client, analyst):
    client.force_login(analyst)
    page = client.get("/account/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and b"You have no API tokens." in page.content
    created = client.post("/account/tokens/", {"name": "  R   script ", "days": "30"})
    assert created.status_code == 201
    assert "no-store" in created["Cache-Control"]
    key = re.search(r'value="(cas_[^"]+)"', created.content.decode()).group(1)
    token = ApiToken.objects.get()
    assert token.name == "R script" and token.user == analyst
    # Stored hashed: the key is in no column, its SHA-256 is; its start is shown.
    row = ApiToken.objects.filter(pk=token.pk).values().get()
    assert all(key not in str(value) for value in row.values())
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key.startswith(token.prefix) and len(token.prefix) == 12
    assert (token.expires_at - timezone.now()).days in (29, 30)
    # Shown once: the account page lists it by its start, never the whole key again.
    again = client.get("/account/").content.decode()
    assert key not in again and f"{token.prefix}…" in again
    assert bearer(key).get("/api/v1/centres/").status_code == 200


def test_tokens_expire_after_90_days_unless_chosen(client, analyst):
    client.force_login(analyst)
    client.post("/account/tokens/", {"name": "Power BI"})
    assert ApiToken.objects.count() == 0  # the expiry is chosen from the list, 90 preselected
    page = client.get("/account/").content.decode()
    assert re.search(r'<option value="90" selected>', page)
    client.post("/account/tokens/", {"name": "Power BI", "days": "90"})
    token = ApiToken.objects.get()
    assert (token.expires_at - timezone.now()).days in (89, 90)


@pytest.mark.parametrize(
    ("data", "field"), [({"name": " ", "days": "90"}, "name"), ({"name": "x", "days": "9"}, "days")]
)
def test_a_bad_token_form_is_a_400_that_says_why(client, analyst, data, field):
    client.force_login(analyst)
    response = client.post("/account/tokens/", data, HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 400
    assert f'id="token_{field}"' in response.content.decode()
    assert "is-invalid" in response.content.decode()
    assert ApiToken.objects.count() == 0


def test_bearer_or_token_keyword_and_the_session_keeps_working(client, coordinator):
    key = create_token(coordinator, "script").key
    assert bearer(key).get("/api/v1/interviews/").status_code == 200
    assert bearer(key, "Token").get("/api/v1/interviews/").status_code == 200
    # The site's session, for the API and the site's pages alike.
    client.force_login(coordinator)
    assert client.get("/api/v1/interviews/").status_code == 200
    assert client.get("/reports/").status_code == 200
    # A token is not a session: it opens no page of the site.
    assert bearer(key).get("/reports/").status_code == 302


@pytest.mark.parametrize(
    ("state", "message"),
    [
        ("expired", "This token expired on"),
        ("revoked", "This token was revoked."),
        ("unknown", "The token is not valid."),
        ("malformed", "Send the token as"),
        ("inactive", "This account is disabled."),
    ],
)
def test_expired_revoked_or_unknown_tokens_are_a_401_that_says_which(analyst, state, message):
    new = create_token(analyst, "script")
    key = new.key
    if state == "expired":
        ApiToken.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    elif state == "revoked":
        ApiToken.objects.update(revoked_at=timezone.now())
    elif state == "unknown":
        key = key[:-4] + ("AAAA" if not key.endswith("AAAA") else "BBBB")
    elif state == "malformed":
        key = f"{key} extra"
    elif state == "inactive":
        analyst.is_active = False
        analyst.save()
    response = bearer(key).get("/api/v1/centres/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"].startswith(message)
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_messages_in_spanish_too(analyst):
    key = create_token(analyst, "script").key
    ApiToken.objects.update(revoked_at=timezone.now())
    response = bearer(key).get("/api/v1/centres/?lang=es")
    assert response.json()["detail"].startswith("Este token fue revocado.")


def test_revoking_takes_a_confirmation_and_only_ones_own(client, analyst, coordinator):
    token = create_token(analyst, "R script")
    client.force_login(coordinator)
    assert client.get(f"/account/tokens/{token.token.pk}/revoke/").status_code == 404
    assert client.post(f"/account/tokens/{token.token.pk}/revoke/").status_code == 404
    client.force_login(analyst)
    confirm = client.get(f"/account/tokens/{token.token.pk}/revoke/", HTTP_ACCEPT_LANGUAGE="en")
    assert confirm.status_code == 200 and b"This cannot be undone" in confirm.content
    assert bearer(token.key).get("/api/v1/centres/").status_code == 200  # not yet revoked
    done = client.post(f"/account/tokens/{token.token.pk}/revoke/")
    assert done.status_code == 302 and done["Location"] == "/account/#account-tokens"
    assert bearer(token.key).get("/api/v1/centres/").status_code == 401
    page = client.get("/account/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Revoked" in page and f"/account/tokens/{token.token.pk}/revoke/" not in page


def test_users_without_a_role_have_no_tokens(client):
    nobody = UserFactory()
    client.force_login(nobody)
    assert b"token-form" not in client.get("/account/").content
    assert client.post("/account/tokens/", {"name": "x", "days": "90"}).status_code == 403


def test_last_use_is_written_at_most_once_a_minute(analyst):
    new = create_token(analyst, "script")
    assert new.token.last_used_at is None

    def updates():
        with CaptureQueriesContext(connection) as captured:
            assert bearer(new.key).get("/api/v1/centres/").status_code == 200
        return [q["sql"] for q in captured if q["sql"].startswith("UPDATE")]

    assert len(updates()) == 1
    first = ApiToken.objects.get().last_used_at
    assert first is not None
    assert updates() == []  # within the minute: no write
    ApiToken.objects.update(last_used_at=first - datetime.timedelta(seconds=61))
    assert len(updates()) == 1
    assert ApiToken.objects.get().last_used_at > first


def test_requests_are_throttled_per_user_with_a_429(settings, analyst, coordinator):
    rest = copy.deepcopy(settings.REST_FRAMEWORK)
    rest["DEFAULT_THROTTLE_RATES"].update(user="3/minute", results="1/minute")
    settings.REST_FRAMEWORK = rest
    key = create_token(analyst, "script").key
    codes = [bearer(key).get("/api/v1/centres/").status_code for _n in range(4)]
    assert codes == [200, 200, 200, 429]
    refused = bearer(key).get("/api/v1/centres/", HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    # Per user: another's token is not held back; the results have a rate of their own.
    other = create_token(coordinator, "script").key
    assert bearer(other).get("/api/v1/results/").status_code == 200
    assert bearer(other).get("/api/v1/results/").status_code == 429
    assert bearer(other).get("/api/v1/centres/").status_code == 200


@pytest.mark.parametrize(("language", "words"), [("en", "90 days"), ("es", "90 días")])
def test_the_expiry_choices_speak_the_pages_language(client, analyst, language, words):
    client.force_login(analyst)
    page = client.get("/account/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f'<option value="90" selected>{words}</option>' in page


def test_superusers_see_and_revoke_any_token_in_the_admin(admin_client, analyst):
    new = create_token(analyst, "leaked")
    listed = admin_client.get("/admin/api/apitoken/").content.decode()
    assert new.token.prefix in listed
    response = admin_client.post(
        "/admin/api/apitoken/", {"action": "revoke", "_selected_action": [new.token.pk]}
    )
    assert response.status_code == 302
    assert ApiToken.objects.get().revoked_at is not None
    page = admin_client.get(f"/admin/api/apitoken/{new.token.pk}/change/").content.decode()
    assert new.token.key_hash not in page and new.key not in page
    assert admin_client.get("/admin/api/apitoken/add/").status_code == 403
