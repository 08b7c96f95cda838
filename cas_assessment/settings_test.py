"""Test settings: the main settings with a fixed key and fast password hashing."""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-0123456789abcdef")

from .settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {  # noqa: F405
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The test client speaks plain HTTP; production keeps the redirect (see test_settings.py).
SECURE_SSL_REDIRECT = False
# Browser tests run on http://localhost.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0

# Photos written by the tests go to a throw-away folder.
import tempfile  # noqa: E402

MEDIA_ROOT = tempfile.mkdtemp(prefix="cas-test-media-")
EXPORT_ROOT = tempfile.mkdtemp(prefix="cas-test-exports-")

# Background tasks run at once, in the test's own process and transaction.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# The suite's assertions read the English copy; a test client sends no Accept-Language, so the
# product's default (Spanish) is switched here and checked on its own in tests/test_i18n.py.
LANGUAGE_CODE = "en"
