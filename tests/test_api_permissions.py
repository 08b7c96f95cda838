"""The permissions table of the site, run over the read API (`/api/v1/`).

The same roles and records as tests/test_permissions.py: anonymous, a user with no role, the
researcher who owns the records, another researcher, a coordinator and an analyst. The API
answers what the site would: another's draft is a 404, a resource outside the role a 403;
anonymous requests a 401 (no login redirect: scripts get JSON). Each role is checked with a
session and with a personal token, which read the same.
"""

import re

import pytest
from django.core.cache import cache
from django.test import Client

from api.services import create_token

from . import test_permissions as site
from .test_permissions import ROLES, row

pytestmark = pytest.mark.django_db

world = site.world

U = 401
# fmt: off
TABLE = [
    #    method  url                                   anon no_role owner other coord analyst
    row("get",  "/api/v1/",                            U,   403,    200,  200,  200,  200),
    row("post", "/api/v1/",                            U,   403,    405,  405,  405,  405),
    row("get",  "/api/v1/centres/",                    U,   403,    200,  200,  200,  200),
    row("post", "/api/v1/centres/",                    U,   403,    405,  405,  405,  405),
    row("get",  "/api/v1/centres/{centre}/",           U,   403,    200,  200,  200,  200),
    row("get",  "/api/v1/centres/999999/",             U,   403,    404,  404,  404,  404),
    row("delete", "/api/v1/centres/{centre}/",         U,   403,    405,  405,  405,  405),
    # The plan: as the plan page for the fieldwork team; analysts as the workbook's Plan sheet.
    row("get",  "/api/v1/centres/{centre}/plan/",      U,   403,    200,  403,  200,  200),
    row("get",  "/api/v1/centres/999999/plan/",        U,   403,    404,  404,  404,  404),
    row("get",  "/api/v1/interviews/",                 U,   403,    200,  200,  200,  200),
    row("post", "/api/v1/interviews/",                 U,   403,    405,  405,  405,  405),
    row("get",  "/api/v1/interviews/{draft}/",         U,   403,    200,  404,  200,  404),
    row("put",  "/api/v1/interviews/{draft}/",         U,   403,    405,  405,  405,  405),
    row("get",  "/api/v1/interviews/{submitted}/",     U,   403,    200,  200,  200,  200),
    row("get",  "/api/v1/interviews/{returned}/",      U,   403,    200,  404,  200,  404),
    row("get",  "/api/v1/interviews/{approved}/",      U,   403,    200,  200,  200,  200),
    row("get",  "/api/v1/interviews/999999/",          U,   403,    404,  404,  404,  404),
    row("get",  "/api/v1/interviews/?status=draft",    U,   403,    200,  200,  200,  400),
    row("get",  "/api/v1/interviews/?names=1",         U,   403,    403,  403,  200,  403),
    row("get",  "/api/v1/observations/",               U,   403,    200,  200,  200,  200),
    row("get",  "/api/v1/observations/{obs_draft}/",   U,   403,    200,  404,  200,  404),
    row("get",  "/api/v1/observations/{obs_submitted}/", U, 403,    200,  200,  200,  200),
    # Photos: the site's photo rules (tests/test_permissions.py), with a session or a token.
    row("get",  "/api/v1/observations/{obs_draft}/photos/{photo}/", U, 403, 200, 404, 200, 403),
    row("get",  "/api/v1/observations/{obs_draft}/photos/{photo}/thumb/", U, 403, 200, 404, 200,
        403),
    row("post", "/api/v1/observations/{obs_draft}/photos/{photo}/", U, 403, 405, 405, 405, 405),
    row("get",  "/api/v1/observations/{obs_draft}/photos/999999/", U, 403, 404, 404, 404, 403),
    row("get",  "/api/v1/results/",                    U,   403,    403,  403,  200,  200),
    row("post", "/api/v1/results/",                    U,   403,    403,  403,  405,  405),
    row("get",  "/api/v1/results/?status=draft",       U,   403,    403,  403,  200,  400),
    row("get",  "/api/v1/schema/",                     U,   403,    200,  200,  200,  200),
    # The docs page is for people: anonymous visitors go to the login page, as everywhere.
    row("get",  "/api/v1/docs/",                       "login", 403, 200, 200,  200,  200),
]
# fmt: on


@pytest.mark.parametrize("auth", ["session", "token"])
@pytest.mark.parametrize("case", TABLE, ids=lambda c: f"{c.method.upper()} {c.url}")
def test_api_url_role_method_table(case, auth, world):
    users, ids = world
    url = case.url.format(**ids)
    for role, expected in zip(ROLES, case.expected, strict=True):
        cache.clear()  # the throttle's counts
        client = Client()
        if role != "anonymous":
            if auth == "session":
                client.force_login(users[role])
            else:
                client = Client(HTTP_AUTHORIZATION=f"Bearer {create_token(users[role], 't').key}")
        if auth == "token" and url.endswith("/docs/") and role != "anonymous":
            continue  # a page for people, read with the session
        response = getattr(client, case.method)(url)
        if expected == "login":
            assert response.status_code == 302, (role, url)
            assert response["Location"].startswith("/accounts/login/?next="), (role, url)
            continue
        assert response.status_code == expected, (role, case.method, url, response.content[:200])
        if expected == U:
            assert response["WWW-Authenticate"].startswith("Bearer")
            assert response.json()["detail"]


def test_every_url_of_the_api_is_in_the_table():
    """A new endpoint must be added to the table above."""
    from django.urls import get_resolver

    def patterns(resolver, prefix=""):
        for p in resolver.url_patterns:
            if hasattr(p, "url_patterns"):
                yield from patterns(p, prefix + str(p.pattern))
            else:
                yield prefix + str(p.pattern)

    tabled = set()
    for case in TABLE:
        parts = [
            "<pk>" if part.startswith("{") or part.isdigit() else part
            for part in case.url.split("?")[0].strip("/").split("/")
        ]
        tabled.add("/".join(parts))
    found = set()
    for pattern in patterns(get_resolver()):
        if not pattern.startswith("api/v1/"):
            continue
        shape = re.sub(r"\(\?P<pk>[^)]*\)", "<pk>", pattern).replace("^", "").replace("$", "")
        shape = re.sub(r"<(?:int:)?\w+>", "<pk>", shape)
        found.add(shape.strip("/"))
    assert found, "no API patterns found"
    assert found <= tabled, found - tabled
