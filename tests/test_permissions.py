"""Every URL x role (anonymous included) x method, against the expected outcome.

Roles: anonymous, a user with no role, the researcher who owns the records, another
researcher, a coordinator and an analyst. `login` means a redirect to the login page.
"""

from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

from accounts.roles import Role
from api.services import create_token
from fieldwork.models import Status, default_round
from imports.services import keep_upload
from plans.models import PlanAction
from reports.models import Export, ExportStatus

from .factories import InterviewFactory, ObservationFactory, ThemeFactory, UserFactory
from .images import make_photo
from .payloads import actor_management

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "no_role", "owner", "other_researcher", "coordinator", "analyst")


@dataclass(frozen=True)
class Case:
    method: str
    url: str
    # Expected status per role, in the order of ROLES.
    expected: tuple


def row(method, url, *expected):
    assert len(expected) == len(ROLES), url
    return Case(method, url, expected)


L = "login"
#: A registry file of two centres, one of them with a state that is not one of Mexico's.
IMPORT_FILE = (
    b"name,state,municipality,sector,operator\n"
    b"Casa Hogar Uno,Tabasco,Centro,public,state_dif\n"
    b"Casa Hogar Dos,Tabascoo,Centro,public,state_dif\n"
)
# fmt: off
TABLE = [
    #    method  url                                   anon no_role owner other coord analyst
    row("get",  "/",                                   L,   403,    302,  302,  302,  302),
    row("get",  "/centres/",                           L,   403,    200,  200,  200,  403),
    row("post", "/centres/",                           L,   405,    405,  405,  405,  405),
    row("get",  "/centres/{centre}/",                  L,   403,    200,  200,  200,  403),
    row("get",  "/centres/999999/",                    L,   403,    404,  404,  404,  403),
    # The report: researchers only of the centres they visited; analysts too (no names).
    row("get",  "/centres/{centre}/report.pdf",        L,   403,    200,  403,  200,  200),
    row("get",  "/centres/999999/report.pdf",          L,   403,    404,  404,  404,  404),
    row("post", "/centres/{centre}/report.pdf",        L,   405,    405,  405,  405,  405),
    row("get",  "/centres/choices.json",               L,   403,    200,  200,  200,  403),
    row("get",  "/centres/new/",                       L,   403,    403,  403,  200,  403),
    row("post", "/centres/new/",                       L,   403,    403,  403,  400,  403),
    row("get",  "/centres/{centre}/edit/",             L,   403,    403,  403,  200,  403),
    row("post", "/centres/{centre}/edit/",             L,   403,    403,  403,  400,  403),
    row("get",  "/centres/999999/edit/",               L,   403,    403,  403,  404,  403),
    row("post", "/centres/choices.json",               L,   405,    405,  405,  405,  405),
    row("get",  "/interviews/new/?centre={centre}",    L,   403,    200,  200,  200,  403),
    row("post", "/interviews/new/",                    L,   403,    200,  200,  200,  403),
    row("get",  "/interviews/{draft}/",                L,   403,    200,  404,  200,  403),
    row("post", "/interviews/{draft}/",                L,   405,    405,  405,  405,  405),
    row("get",  "/interviews/{draft}/edit/",           L,   403,    200,  404,  200,  403),
    row("post", "/interviews/{draft}/edit/",           L,   403,    302,  404,  302,  403),
    # Discarding a draft: its researcher only (the POST that deletes: tests/test_discard.py).
    row("get",  "/interviews/{draft}/discard/",        L,   403,    200,  404,  403,  403),
    row("get",  "/observations/{obs_draft}/discard/",  L,   403,    200,  404,  403,  403),
    row("get",  "/interviews/{submitted}/discard/",    L,   403,    403,  403,  403,  403),
    row("post", "/interviews/{submitted}/discard/",    L,   403,    403,  403,  403,  403),
    row("post", "/interviews/{returned}/discard/",     L,   403,    403,  404,  403,  403),
    row("put",  "/interviews/{draft}/discard/",        L,   405,    405,  405,  405,  405),
    row("get",  "/interviews/{submitted}/",            L,   403,    200,  200,  200,  403),
    row("get",  "/interviews/{submitted}/edit/",       L,   403,    302,  302,  302,  403),
    row("post", "/interviews/{submitted}/edit/",       L,   403,    302,  302,  302,  403),
    row("get",  "/interviews/{returned}/",             L,   403,    200,  404,  200,  403),
    row("get",  "/interviews/{returned}/edit/",        L,   403,    200,  404,  200,  403),
    row("get",  "/interviews/{approved}/",             L,   403,    200,  200,  200,  403),
    row("get",  "/interviews/{approved}/edit/",        L,   403,    302,  302,  302,  403),
    row("get",  "/interviews/{submitted}/review/",     L,   405,    405,  405,  405,  405),
    row("post", "/interviews/{submitted}/review/",     L,   403,    403,  403,  302,  403),
    row("post", "/interviews/{draft}/review/",         L,   403,    403,  404,  302,  403),
    row("get",  "/interviews/999999/",                 L,   403,    404,  404,  404,  403),
    row("get",  "/observations/new/?centre={centre}",  L,   403,    200,  200,  200,  403),
    row("get",  "/observations/{obs_draft}/",          L,   403,    200,  404,  200,  403),
    row("get",  "/observations/{obs_draft}/edit/",     L,   403,    200,  404,  200,  403),
    row("post", "/observations/{obs_draft}/edit/",     L,   403,    302,  404,  302,  403),
    row("get",  "/observations/{obs_submitted}/",      L,   403,    200,  200,  200,  403),
    row("post", "/observations/{obs_submitted}/review/", L, 403,    403,  403,  302,  403),
    row("get",  "/observations/{obs_submitted}/photos/", L, 403,    200,  200,  200,  403),
    row("get",  "/observations/{obs_draft}/photos/",   L,   403,    200,  404,  200,  403),
    row("post", "/observations/{obs_draft}/photos/",   L,   403,    400,  404,  400,  403),
    row("get",  "/observations/{obs_draft}/photos/{photo}/", L, 403, 200, 404,  200,  403),
    row("get",  "/observations/{obs_draft}/photos/{photo}/thumb/", L, 403, 200, 404, 200, 403),
    row("post", "/observations/{obs_draft}/photos/{photo}/blur/", L, 403, 400, 404, 400, 403),
    row("post", "/observations/{obs_draft}/photos/{photo}/delete/", L, 403, 403, 404, 302, 403),
    row("get",  "/observations/{obs_draft}/photos/withdraw/", L, 403, 200, 404, 200, 403),
    row("post", "/observations/{obs_draft}/photos/withdraw/", L, 403, 302, 404, 302, 403),
    row("post", "/observations/photos/preview/",       L,   403,    400,  400,  400,  403),
    row("get",  "/observations/photos/preview/",       L,   405,    405,  405,  405,  405),
    row("get",  "/review/",                            L,   403,    403,  403,  200,  403),
    row("get",  "/reports/",                           L,   403,    403,  403,  200,  200),
    row("post", "/reports/",                           L,   405,    405,  405,  405,  405),
    row("get",  "/reports/observations/",              L,   403,    403,  403,  200,  200),
    row("get",  "/reports/observations/?page=x",       L,   403,    403,  403,  200,  200),
    row("get",  "/reports/export.xlsx",                L,   403,    403,  403,  200,  200),
    row("get",  "/reports/export/interviews.csv",      L,   403,    403,  403,  200,  200),
    row("get",  "/reports/export/nonsense.csv",        L,   403,    403,  403,  404,  404),
    # My exports: each user's own background exports (another's is a 404).
    row("get",  "/reports/exports/",                   L,   403,    403,  403,  200,  200),
    row("post", "/reports/exports/",                   L,   405,    405,  405,  405,  405),
    row("get",  "/reports/exports/{export}/status.json", L, 403,    403,  403,  404,  200),
    row("get",  "/reports/exports/{export}/file.xlsx", L,   403,    403,  403,  404,  200),
    row("get",  "/reports/exports/999999/file.xlsx",   L,   403,    403,  403,  404,  404),
    # The audit log: coordinators only.
    row("get",  "/audit/",                             L,   403,    403,  403,  200,  403),
    row("post", "/audit/",                             L,   405,    405,  405,  405,  405),
    row("get",  "/audit/log.csv",                      L,   403,    403,  403,  200,  403),
    row("get",  "/coding/",                            L,   403,    403,  403,  200,  200),
    row("post", "/coding/",                            L,   405,    405,  405,  405,  405),
    row("get",  "/coding/note/",                       L,   403,    403,  403,  200,  200),
    row("get",  "/coding/note/?item=main_challenges&note=interview-{approved}:main_challenges",
                                                       L,   403,    403,  403,  200,  200),
    row("post", "/coding/note/?item=main_challenges&note=interview-{approved}:main_challenges",
                                                       L,   403,    403,  403,  302,  302),
    row("get",  "/coding/note/?note=interview-{draft}:main_challenges",
                                                       L,   403,    403,  403,  404,  404),
    row("get",  "/coding/note/?note=interview-x:main_challenges",
                                                       L,   403,    403,  403,  400,  400),
    row("get",  "/coding/note/?item=nonsense",         L,   403,    403,  403,  400,  400),
    row("get",  "/coding/themes/",                     L,   403,    403,  403,  200,  200),
    row("get",  "/coding/themes/new/",                 L,   403,    403,  403,  200,  200),
    row("post", "/coding/themes/new/",                 L,   403,    403,  403,  400,  400),
    row("get",  "/coding/themes/{theme}/edit/",        L,   403,    403,  403,  200,  200),
    row("post", "/coding/themes/{theme}/edit/",        L,   403,    403,  403,  400,  400),
    row("get",  "/coding/themes/999999/edit/",         L,   403,    403,  403,  404,  404),
    row("get",  "/coding/themes/{theme}/active/",      L,   405,    405,  405,  405,  405),
    row("post", "/coding/themes/{theme}/active/",      L,   403,    403,  403,  400,  400),
    row("get",  "/centres/{centre}/plan/",             L,   403,    200,  403,  200,  403),
    row("get",  "/centres/999999/plan/",               L,   403,    404,  404,  404,  403),
    row("post", "/centres/{centre}/plan/",             L,   403,    403,  403,  400,  403),
    row("get",  "/centres/{centre}/plan/{action}/",    L,   405,    405,  405,  405,  405),
    row("post", "/centres/{centre}/plan/{action}/",    L,   403,    403,  403,  400,  403),
    row("post", "/centres/{centre}/plan/999999/",      L,   403,    403,  403,  404,  403),
    row("post", "/centres/{centre}/plan/{action}/status/", L, 403,  403,  403,  400,  403),
    row("get",  "/centres/{centre}/plan/{action}/status/", L, 405,  405,  405,  405,  405),
    # What changed at a centre between two rounds: as the centre report (no names).
    row("get",  "/centres/{centre}/changes/",          L,   403,    200,  403,  200,  200),
    row("get",  "/centres/{centre}/changes/?from=x&to=y", L, 403,   400,  403,  400,  400),
    row("get",  "/centres/999999/changes/",            L,   403,    404,  404,  404,  404),
    row("post", "/centres/{centre}/changes/",          L,   405,    405,  405,  405,  405),
    row("get",  "/reports/compare/",                   L,   403,    403,  403,  200,  200),
    row("get",  "/reports/compare/?from=x",            L,   403,    403,  403,  400,  400),
    row("post", "/reports/compare/",                   L,   405,    405,  405,  405,  405),
    # Rounds are kept by coordinators; closing asks for a confirmation first.
    row("get",  "/rounds/",                            L,   403,    403,  403,  200,  403),
    row("post", "/rounds/",                            L,   403,    403,  403,  400,  403),
    row("get",  "/rounds/{round}/edit/",               L,   403,    403,  403,  200,  403),
    row("post", "/rounds/{round}/edit/",               L,   403,    403,  403,  400,  403),
    row("get",  "/rounds/999999/edit/",                L,   403,    403,  403,  404,  403),
    row("get",  "/rounds/{round}/close/",              L,   403,    403,  403,  200,  403),
    row("post", "/rounds/{round}/close/",              L,   403,    403,  403,  302,  403),
    row("get",  "/rounds/999999/close/",               L,   403,    403,  403,  404,  403),
    row("post", "/rounds/{round}/open/",               L,   403,    403,  403,  302,  403),
    row("get",  "/rounds/{round}/open/",               L,   405,    405,  405,  405,  405),
    row("get",  "/reports/plan/",                      L,   403,    403,  403,  200,  200),
    row("post", "/reports/plan/",                      L,   405,    405,  405,  405,  405),
    # Spreadsheet import: coordinators only; a preview only for the user who uploaded it.
    row("get",  "/imports/",                           L,   403,    403,  403,  200,  403),
    row("post", "/imports/",                           L,   403,    403,  403,  400,  403),
    row("get",  "/imports/template/centres.xlsx",      L,   403,    403,  403,  200,  403),
    row("get",  "/imports/template/interviews.xlsx",   L,   403,    403,  403,  200,  403),
    row("get",  "/imports/template/nonsense.xlsx",     L,   403,    403,  403,  404,  403),
    row("post", "/imports/template/centres.xlsx",      L,   405,    405,  405,  405,  405),
    row("get",  "/imports/{token}/",                   L,   403,    403,  403,  200,  403),
    row("get",  "/imports/{other_token}/",             L,   403,    403,  403,  404,  403),
    row("post", "/imports/{token}/",                   L,   405,    405,  405,  405,  405),
    row("post", "/imports/{token}/confirm/",           L,   403,    403,  403,  409,  403),
    row("post", "/imports/{other_token}/confirm/",     L,   403,    403,  403,  404,  403),
    row("get",  "/imports/{token}/confirm/",           L,   405,    405,  405,  405,  405),
    row("get",  "/sw.js",                              200, 200,    200,  200,  200,  200),
    row("get",  "/manifest.webmanifest",               200, 200,    200,  200,  200,  200),
    row("get",  "/device/",                            L,   403,    200,  200,  200,  403),
    row("get",  "/my-work/",                           L,   403,    200,  200,  200,  403),
    row("post", "/my-work/",                           L,   405,    405,  405,  405,  405),
    row("post", "/device/",                            L,   405,    405,  405,  405,  405),
    row("get",  "/accounts/password_change/",          L,   200,    200,  200,  200,  200),
    # The account page; its API tokens for users with a role, each their own.
    row("get",  "/account/",                           L,   200,    200,  200,  200,  200),
    row("post", "/account/",                           L,   405,    405,  405,  405,  405),
    row("post", "/account/tokens/",                    L,   403,    400,  400,  400,  400),
    row("get",  "/account/tokens/",                    L,   405,    405,  405,  405,  405),
    row("get",  "/account/tokens/{api_token}/revoke/", L,   403,    200,  404,  404,  404),
    row("post", "/account/tokens/{api_token}/revoke/", L,   403,    302,  404,  404,  404),
    row("post", "/account/tokens/999999/revoke/",      L,   403,    404,  404,  404,  404),
    row("get",  "/admin/",                             302, 302,    302,  302,  302,  302),
    row("get",  "/accounts/login/",                    200, 200,    200,  200,  200,  200),
    # The language switcher works before logging in too (the login page has it).
    row("post", "/language/",                          302, 302,    302,  302,  302,  302),
    row("get",  "/language/",                          405, 405,    405,  405,  405,  405),
]
# fmt: on


def _analysts_export(user) -> int:
    export = Export.objects.create(user=user, status=ExportStatus.DONE, finished_at=timezone.now())
    export.file.save("w.xlsx", ContentFile(b"xlsx"))
    return export.pk


@pytest.fixture
def world(centre):
    owner = UserFactory(username="owner", role=Role.RESEARCHER)
    users = {
        "no_role": UserFactory(username="norole"),
        "owner": owner,
        "other_researcher": UserFactory(username="other", role=Role.RESEARCHER),
        "coordinator": UserFactory(username="coord", role=Role.COORDINATOR),
        "analyst": UserFactory(username="analyst", role=Role.ANALYST),
    }

    def interview(status):
        return InterviewFactory(
            centre=centre, interviewer=owner, status=status, main_challenges_notes="Falta personal"
        ).pk

    obs_draft = ObservationFactory(centre=centre, interviewer=owner)
    ids = {
        "centre": centre.pk,
        "draft": interview(Status.DRAFT),
        "submitted": interview(Status.SUBMITTED),
        "returned": interview(Status.RETURNED),
        "approved": interview(Status.APPROVED),
        "obs_draft": obs_draft.pk,
        "theme": ThemeFactory().pk,
        "action": PlanAction.objects.create(
            centre=centre, area="knowledge", priority="high", title="Training"
        ).pk,
        "photo": make_photo(obs_draft, owner).pk,
        "round": default_round().pk,
        "export": _analysts_export(users["analyst"]),
        "api_token": create_token(owner, "R script").token.pk,
        "obs_submitted": ObservationFactory(
            centre=centre, interviewer=owner, status=Status.SUBMITTED
        ).pk,
        # An upload waiting for its confirmation: the coordinator's, with an error to show;
        # and another coordinator's, which nobody else reaches.
        "token": keep_upload(
            user=users["coordinator"],
            kind="centres",
            file_name="centros.csv",
            content=IMPORT_FILE,
        ).token,
        "other_token": keep_upload(
            user=UserFactory(username="coord2", role=Role.COORDINATOR),
            kind="centres",
            file_name="otro.csv",
            content=IMPORT_FILE,
        ).token,
    }
    return users, ids


# Review posts change state, so every case runs on fresh records.
@pytest.mark.parametrize("case", TABLE, ids=lambda c: f"{c.method.upper()} {c.url}")
def test_url_role_method_table(case, world):
    users, ids = world
    url = case.url.format(**ids)
    if url.endswith("/review/"):
        data = {"decision": "approve", "version": 0}  # the version of a fresh record
    elif url.endswith("/edit/"):
        data = {"action": "save", "centre": ids["centre"], **actor_management()}
    else:
        data = {}
    for role, expected in zip(ROLES, case.expected, strict=True):
        client = Client()
        if role != "anonymous":
            client.force_login(users[role])
        response = getattr(client, case.method)(url, data)
        if expected == L:
            assert response.status_code == 302, (role, url)
            assert response["Location"].startswith("/accounts/login/?next="), (role, url)
        else:
            assert response.status_code == expected, (role, case.method, url)


def test_every_url_of_the_app_is_in_the_table():
    """A new URL pattern must be added to the table above."""
    from django.urls import get_resolver

    def patterns(resolver, prefix=""):
        for p in resolver.url_patterns:
            if hasattr(p, "url_patterns"):
                if str(p.pattern) in ("admin/", "accounts/"):
                    continue
                yield from patterns(p, prefix + str(p.pattern))
            else:
                yield prefix + str(p.pattern)

    tabled = {c.url.split("?")[0] for c in TABLE}
    normalised = set()
    for url in tabled:
        parts = [
            {
                "{photo}": "<int:photo_id>",
                "{action}": "<int:action_id>",
                "{token}": "<str:token>",
            }.get(part, "<int:pk>")
            if part.startswith("{") and part.endswith("}") or part.isdigit()
            else part
            for part in url.strip("/").split("/")
        ]
        normalised.add("/".join(parts))
    for pattern in patterns(get_resolver()):
        if pattern.startswith("api/v1/"):
            continue  # the API has a table of its own: tests/test_api_permissions.py
        shape = (
            pattern.strip("/")
            .replace("<slug:sheet>.csv", "interviews.csv")
            .replace("<slug:kind>.xlsx", "centres.xlsx")
        )
        assert shape in normalised or shape == "", pattern
