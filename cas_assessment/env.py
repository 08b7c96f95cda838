"""Small typed readers for configuration from the environment.

Each helper fails loudly, naming the variable, when a value is malformed, so a typo in a
deployment stops the app at start instead of silently falling back to a default.
"""

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be a boolean (one of 1/0, true/false, yes/no, on/off), got {raw!r}."
    )


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    """A whole number; with `minimum`, one below it stops the app too."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {raw!r}.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {value}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [part.strip() for part in raw.split(",") if part.strip()]


def env_database(name: str, default: str) -> dict:
    """Parse a database URL (sqlite:///path or postgres://user@host:port/db)."""
    import dj_database_url

    raw = os.environ.get(name) or default
    scheme = raw.split(":", 1)[0].lower() if ":" in raw else ""
    if scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
        raise ImproperlyConfigured(
            f"{name} must start with sqlite:// or postgres://, got {raw.split('@')[-1]!r}."
        )
    try:
        config = dj_database_url.parse(raw, conn_max_age=env_int("DB_CONN_MAX_AGE", 0))
    except Exception as exc:  # dj_database_url raises several types on bad input
        raise ImproperlyConfigured(f"{name} is not a valid database URL: {exc}") from None
    if config["ENGINE"] != "django.db.backends.sqlite3" and not config.get("NAME"):
        raise ImproperlyConfigured(f"{name} must name a database, e.g. postgres://user@host/db.")
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config.setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
    return config


#: SQLite (the zero-set-up default) with more than one writer — the server's threads, the
#: background worker: a transaction takes the write lock when it begins (so two never deadlock
#: upgrading a read lock, and `select_for_update`'s intent holds), a writer waits up to 20 s for
#: another rather than failing with "database is locked", and readers never wait for a writer
#: (write-ahead log).
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
