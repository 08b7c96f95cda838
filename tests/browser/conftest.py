"""Playwright driving a real Chromium against the live server.

Debian's Chromium is used (`apt-get install chromium`, which `.ci/run` does); nothing is
downloaded at run time, so without it the browser tests fail with a message saying so.
"""

import os
import shutil
import threading
import time
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _system_chromium() -> str | None:
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return None


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in the test thread for the session;
    # the ORM calls of the tests and of the database teardown are synchronous and safe.
    # Only for these tests: the deploy check refuses this variable.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    executable = _system_chromium()
    if executable is None:
        pytest.fail("Chromium is not installed: apt-get install chromium (see .ci/run).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def login_context(browser, live_server, client):
    """A new browser profile logged in as the given user (a fresh session cookie)."""
    from django.conf import settings

    contexts = []

    def make(user, **options):
        client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        context = browser.new_context(base_url=live_server.url, **options)
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(autouse=True)
def _fresh_process_caches():
    """Each browser test starts from a flushed database: the server process's caches (blank
    fields rendered once per day, the results' counts) must not carry what earlier tests of
    the same process stored (a production database is never flushed under a running site)."""
    from django.core.cache import cache

    from fieldwork import rendering

    rendering._blank.clear()
    cache.clear()
    yield


class _RequestsInFlight:
    """The live server's application, counting the requests it is answering."""

    def __init__(self, application):
        self.application = application
        self.count = 0
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        with self.lock:
            self.count += 1
        try:
            return self.application(environ, start_response)
        finally:
            with self.lock:
                self.count -= 1


@pytest.fixture(autouse=True)
def _server_idle_before_the_flush(live_server):
    """A test ends (its browser closed) with no request of its own still being answered: a
    request the page sent last (an autosave, the queue's submission whose record the test has
    already seen stored) could otherwise write while the database is flushed for the next
    test, which then fails (a foreign key, a row left over). Torn down after the test's
    browser contexts and before the flush."""
    server = live_server.thread.httpd
    if not isinstance(server.application, _RequestsInFlight):
        server.application = _RequestsInFlight(server.application)
    yield
    deadline = time.monotonic() + 30
    while server.application.count and time.monotonic() < deadline:
        time.sleep(0.05)
