"""Settings for CAS Assessment, read from the environment.

SQLite is the zero-set-up default; set DATABASE_URL=postgres://... for PostgreSQL.
With DEBUG off the app refuses to start without a real SECRET_KEY.
"""

import warnings
from datetime import timedelta
from pathlib import Path

from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from .env import env_bool, env_database, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)

_INSECURE_KEY = "django-insecure-development-only-key"  # noqa: S105 - refused when DEBUG is off
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (generate one with "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`)."
        )
    SECRET_KEY = _INSECURE_KEY
elif not DEBUG and (
    len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure")
):
    raise ImproperlyConfigured("SECRET_KEY is too weak: use at least 50 random characters.")

# Key of the pseudonyms that replace respondent names in analysts' exports.
PSEUDONYM_KEY = env_str("PSEUDONYM_KEY") or SECRET_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # The project's apps come first: their translations take precedence over Django's and the
    # libraries' for the same words ("Filter", "Delete"), so the interface speaks one voice.
    "accounts",
    "centres",
    "fieldwork",
    "interviews",
    "observations",
    "reports",
    "coding",
    "plans",
    "assessment",
    "audit",
    "imports",
    # The read API depends on every app above; none of them depends on it.
    "api",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "axes",
    "csp",
    # Background exports: the tasks framework's API (django.tasks from Django 6.0) and its
    # database backend, whose worker is `manage.py db_worker`.
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Language: the choice remembered in the cookie, else the browser's Accept-Language...
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Renews a logged-in session's expiry every few minutes, not on every request.
    "accounts.session.SessionRefreshMiddleware",
    # ...unless the logged-in user has a preference of their own.
    "accounts.language.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Record, centre, review, results and export responses: Cache-Control: no-store.
    "accounts.no_store.NoStoreMiddleware",
    "csp.middleware.CSPMiddleware",
    # Form data too large or not readable: a clear 400 in the user's language, never a 500.
    "fieldwork.bad_requests.ReadableRequestMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks, so that it sees the outcome of every login.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "cas_assessment.urls"
WSGI_APPLICATION = "cas_assessment.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.roles",
                "accounts.context_processors.device_strings",
                "accounts.context_processors.languages",
            ],
        },
    },
]

DATABASES = {"default": env_database("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Accounts: throttled logins, idle sessions expire, console email in development.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
# One person's typos lock out that username from that address only, never a whole office.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Its log lines name a keyed hash of username and address instead of either.
AXES_CLIENT_STR_CALLABLE = "accounts.privacy.axes_client_str"
AXES_IPWARE_PROXY_COUNT = 1 if env_bool("BEHIND_PROXY", False) else None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if env_bool("BEHIND_PROXY", False) else ["REMOTE_ADDR"]
)

SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 8 * 60) * 60
# An idle timeout: the age counts from the last request, renewed at most every few minutes
# (accounts/session.py) rather than by a session write on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = min(5 * 60, SESSION_COOKIE_AGE // 10)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "cas-assessment@localhost")

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Spanish first: the fieldwork is done in Spanish; the assessment was published in English too.
LANGUAGE_CODE = "es"
LANGUAGES = [("es", _("Spanish")), ("en", _("English"))]
# The project's own catalogue (templates/, cas_assessment/); each app has its own locale/.
LOCALE_PATHS = [BASE_DIR / "locale"]
# Spanish uses Mexico's formats (24/11/2026, a point for decimals); English the British ones.
FORMAT_MODULE_PATH = ["cas_assessment.formats"]
TIME_ZONE = env_str("TIME_ZONE", "America/Mexico_City")
USE_I18N = True
USE_TZ = True

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# Photos go through Django's storage API: a local folder (MEDIA_ROOT) by default, or any
# S3-compatible service with MEDIA_STORAGE=s3 and the AWS_* variables (django-storages).
# Either way they are served only by the app's own permission-checked views, never from a
# public media URL.
MEDIA_STORAGE = env_str("MEDIA_STORAGE", "local")
if MEDIA_STORAGE not in ("local", "s3"):
    raise ImproperlyConfigured("MEDIA_STORAGE must be 'local' or 's3'.")
_DEFAULT_STORAGE = (
    {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env_str("AWS_S3_REGION_NAME") or None,
            "access_key": env_str("AWS_ACCESS_KEY_ID"),
            "secret_key": env_str("AWS_SECRET_ACCESS_KEY"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
    if MEDIA_STORAGE == "s3"
    else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
)
STORAGES = {
    "default": _DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# WhiteNoise serves from the finders in development; collectstatic fills STATIC_ROOT for deploys.
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))

# Background tasks (the large workbooks) wait in the database for `manage.py db_worker`: no
# other server to run. The tests run them at once (settings_test.py).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A workbook of more rows than this (its row sheets, counted first) is built in the background
# and lands in *My exports*; at about 2,000 rows a second that is a few seconds.
EXPORT_BACKGROUND_ROWS = env_int("EXPORT_BACKGROUND_ROWS", 10_000, minimum=0)
# Background workbooks are kept this many days, then deleted (`manage.py cleanup_exports`).
EXPORT_KEEP_DAYS = env_int("EXPORT_KEEP_DAYS", 7, minimum=1)
# The task writes its progress every this many rows (the *My exports* progress bar).
EXPORT_PROGRESS_EVERY = env_int("EXPORT_PROGRESS_EVERY", 1000, minimum=1)
# A running export whose progress has not moved for this long is taken as stuck: marked
# failed, and tried once more if it was its first try.
EXPORT_STUCK_MINUTES = env_int("EXPORT_STUCK_MINUTES", 30, minimum=1)
# A queued export no worker has taken for this long is taken as lost (its task gone): counted
# as a failed try, queued once more if it was its first, else marked failed. Longer than the
# stuck limit: the one worker may be busy with other exports meanwhile.
EXPORT_QUEUED_MINUTES = env_int("EXPORT_QUEUED_MINUTES", 120, minimum=1)
# Where finished workbooks are kept: private, served only by a permission-checked view.
EXPORT_ROOT = Path(env_str("EXPORT_ROOT", str(BASE_DIR / "private" / "exports")))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

PAGINATE_BY = env_int("PAGINATE_BY", 25)

# The read API (/api/v1/, the `api` app): personal tokens (`Authorization: Bearer <token>`) or
# the site's session; JSON only; throttled per user, with the results (aggregate queries) on a
# rate of their own. The counts live in the default cache: per process unless CACHES names a
# shared one.
API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 90)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.UserThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "user": env_str("API_RATE", "2000/hour"),
        "results": env_str("API_RESULTS_RATE", "300/hour"),
    },
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # A missing record said in the user's language (api/errors.py).
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "CAS Assessment API",
    "DESCRIPTION": (
        "Read API of CAS Assessment: centres, interviews, observations, results and support "
        "plans, with the site's role rules. Authenticate with a personal token "
        "(`Authorization: Bearer <token>`, created on your account page) or the site's session."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Swagger UI's files come from drf-spectacular-sidecar, served as our own static files.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

# Hardening. With DEBUG off, `manage.py check --deploy --fail-level WARNING` passes.
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", False) else None
)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Request and upload sizes. Forms are about 150 fields; photos come as files.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("MAX_REQUEST_MB", 5) * 1024 * 1024
PHOTO_MAX_MB = env_int("PHOTO_MAX_MB", 15)
PHOTO_MAX_PIXELS = env_int("PHOTO_MAX_MEGAPIXELS", 40) * 1_000_000
# Uploads are held in memory only, so that an original photo never touches the disk; a larger
# upload is not accepted at all.
FILE_UPLOAD_HANDLERS = ["django.core.files.uploadhandler.MemoryFileUploadHandler"]
FILE_UPLOAD_MAX_MEMORY_SIZE = PHOTO_MAX_MB * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
DATA_UPLOAD_MAX_NUMBER_FILES = 20

# Content Security Policy: only our own files; scripts need the per-request nonce if inline.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],  # django-csp fills in the per-request nonce
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'"],
        "manifest-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Request logs carry URLs and form values; keep them at warning level only.
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "INFO"},
        "axes": {"level": "WARNING"},
        # The centre report's PDF engine logs each step at info level.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
