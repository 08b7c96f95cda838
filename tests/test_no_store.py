"""`Cache-Control: no-store` on record, centre, review, results and export responses
(issue 12, item 9), for every such URL of the permissions table and every role."""

from collections import defaultdict

import pytest
from django.test import Client
from django.urls import resolve

from accounts.no_store import NO_STORE_URL_NAMES

from . import test_permissions as permissions
from .payloads import actor_management

pytestmark = pytest.mark.django_db

#: The pages that must never be stored, written out so that dropping one fails here.
EXPECTED = {
    "interviews:new", "interviews:detail", "interviews:edit", "interviews:review",
    "interviews:discard",
    "observations:new", "observations:detail", "observations:edit", "observations:review",
    "observations:discard",
    "observations:photos", "centres:list", "centres:detail", "centres:report", "fieldwork:queue",
    "reports:results", "reports:workbook", "reports:csv",
    "coding:index", "coding:note", "my_work",
    "plans:centre", "plans:action", "plans:status", "plans:programme",
    "reports:exports", "reports:export_status", "reports:export_file", "audit:log", "audit:csv",
    "imports:preview", "imports:confirm",
}  # fmt: skip

world = permissions.world
#: Any id will do to name a URL's view, whatever the placeholder.
_IDS = defaultdict(lambda: 1)


def _view_name(url: str) -> str:
    return resolve(url.format_map(_IDS).split("?")[0]).view_name


CASES = [case for case in permissions.TABLE if _view_name(case.url) in NO_STORE_URL_NAMES]


def test_the_listed_pages_are_the_expected_ones_and_all_are_tested():
    assert NO_STORE_URL_NAMES == EXPECTED
    assert {_view_name(case.url) for case in CASES} == EXPECTED


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.method.upper()} {c.url}")
def test_record_centre_review_and_export_responses_are_not_stored(case, world):
    users, ids = world
    url = case.url.format(**ids)
    if url.endswith("/review/"):
        data = {"decision": "approve"}
    elif url.endswith("/edit/"):
        data = {"action": "save", "centre": ids["centre"], **actor_management()}
    else:
        data = {}
    for role in permissions.ROLES:
        client = Client()
        if role != "anonymous":
            client.force_login(users[role])
        response = getattr(client, case.method)(url, data)
        directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
        assert "no-store" in directives, (role, case.method, url, response.status_code)


def test_other_pages_keep_their_own_caching(client, researcher):
    client.force_login(researcher)
    assert "no-store" not in client.get("/accounts/password_change/").get("Cache-Control", "")
