"""Configuration from the environment fails loudly and names the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from cas_assessment.env import env_bool, env_database, env_int

ROOT = Path(__file__).resolve().parent.parent


def start_app(**env) -> subprocess.CompletedProcess:
    """Import the real settings in a fresh interpreter, as `manage.py` would."""
    clean = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}
    }
    clean.update(env, DJANGO_SETTINGS_MODULE="cas_assessment.settings")
    return subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "false"}, "SECRET_KEY must be set"),
        ({"DEBUG": "false", "SECRET_KEY": "short"}, "SECRET_KEY is too weak"),
        ({"DEBUG": "perhaps"}, "DEBUG must be a boolean"),
        ({"DEBUG": "true", "DATABASE_URL": "mysql://x/y"}, "DATABASE_URL must start with"),
        ({"DEBUG": "true", "DB_CONN_MAX_AGE": "ten"}, "DB_CONN_MAX_AGE must be a whole number"),
    ],
)
def test_bad_configuration_stops_the_app_naming_the_variable(env, message):
    result = start_app(**env)
    assert result.returncode != 0
    assert message in result.stderr


def test_debug_without_secret_key_starts():
    result = start_app(DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k3Q9-vX2pL7_mN4rT8sW1yB6cF0hJ5dG9aE2uI7oP3qR8tY4wZ",
    "ALLOWED_HOSTS": "cas.example.org",
}


def test_production_settings_start_with_a_real_key():
    result = start_app(**PRODUCTION)
    assert result.returncode == 0, result.stderr


def test_repetitive_key_is_refused():
    result = start_app(**{**PRODUCTION, "SECRET_KEY": "x" * 60})
    assert result.returncode != 0
    assert "SECRET_KEY is too weak" in result.stderr


@pytest.mark.parametrize("proxy", ["false", "true"])
def test_deploy_check_passes_with_production_settings(proxy):
    unset = {"SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(PRODUCTION, BEHIND_PROXY=proxy, DJANGO_SETTINGS_MODULE="cas_assessment.settings")
    result = subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_env_helpers(monkeypatch):
    monkeypatch.setenv("FLAG", "yes")
    assert env_bool("FLAG") is True
    monkeypatch.setenv("FLAG", "0")
    assert env_bool("FLAG", True) is False
    monkeypatch.setenv("N", "12")
    assert env_int("N", 1) == 12
    monkeypatch.setenv("DB", "postgres://postgres@127.0.0.1:5432/cas")
    config = env_database("DB", "sqlite:///x")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["NAME"] == "cas"
    monkeypatch.setenv("DB", "postgres://postgres@127.0.0.1:5432/")
    with pytest.raises(ImproperlyConfigured, match="DB must name a database"):
        env_database("DB", "sqlite:///x")
    monkeypatch.delenv("DB")
    assert env_database("DB", "sqlite:///tmp/x.sqlite3")["ENGINE"].endswith("sqlite3")


def test_sqlite_writers_wait_for_each_other_instead_of_failing(tmp_path, django_db_blocker):
    """Two connections to one SQLite file, as the server and the background worker hold: the
    second writer's transaction waits for the first to commit (it is not refused with
    "database is locked"), and a reader is not blocked while a write is open."""

    from django.db.backends.sqlite3.base import DatabaseWrapper

    config = env_database("DB_UNSET_FOR_THIS_TEST", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    config.update(TIME_ZONE=None, CONN_HEALTH_CHECKS=False, AUTOCOMMIT=True, CONN_MAX_AGE=0)

    def connect(alias):
        return DatabaseWrapper(config, alias=alias)

    with django_db_blocker.unblock():
        _two_writers_and_a_reader(connect)


def _two_writers_and_a_reader(connect):
    import threading

    first, reader = connect("first"), connect("reader")
    with first.cursor() as cursor:
        cursor.execute("CREATE TABLE counter (n integer)")
        cursor.execute("INSERT INTO counter VALUES (0)")
        assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    first.set_autocommit(False)  # BEGIN IMMEDIATE: first holds the write lock
    first.cursor().execute("UPDATE counter SET n = n + 1")
    assert reader.cursor().execute("SELECT n FROM counter").fetchone()[0] == 0

    def second_writer():
        second = connect("second")
        second.set_autocommit(False)
        second.cursor().execute("UPDATE counter SET n = n + 1")
        second.commit()
        second.close()

    thread = threading.Thread(target=second_writer)
    thread.start()
    thread.join(0.5)
    assert thread.is_alive()  # waiting for the lock, not failed
    first.commit()
    first.set_autocommit(True)
    thread.join(10)
    assert not thread.is_alive()
    assert reader.cursor().execute("SELECT n FROM counter").fetchone()[0] == 2
    for connection in (first, reader):
        connection.close()
