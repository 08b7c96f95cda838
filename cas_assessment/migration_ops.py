"""Migration operations for what the ORM cannot declare alike on SQLite and PostgreSQL (issue 18).

Their indexes live in the database only, not in the models' state, so `makemigrations` never
sees them and each database gets the form it can use.
"""

from django.db import DatabaseError, router, transaction
from django.db.migrations.operations.base import Operation


class VendorSQL(Operation):
    """SQL per database vendor: `sql={"postgresql": [...], "sqlite": [...]}` and the same for
    `reverse_sql`; a vendor not named runs nothing. A statement may be a callable taking the
    schema editor and returning the statements to run (so it may look at the database first)."""

    reversible = True
    reduces_to_sql = False

    def __init__(self, sql: dict, reverse_sql: dict, hints: dict | None = None):
        self.sql, self.reverse_sql, self.hints = sql, reverse_sql, hints or {}

    def deconstruct(self):
        kwargs = {"sql": self.sql, "reverse_sql": self.reverse_sql}
        return self.__class__.__qualname__, [], kwargs

    def state_forwards(self, app_label, state):
        pass

    def _run(self, statements: dict, app_label, schema_editor) -> None:
        if not router.allow_migrate(schema_editor.connection.alias, app_label, **self.hints):
            return
        for statement in statements.get(schema_editor.connection.vendor, []):
            if callable(statement):
                for sql in statement(schema_editor):
                    schema_editor.execute(sql, params=None)
            else:
                schema_editor.execute(statement, params=None)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        self._run(self.sql, app_label, schema_editor)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        self._run(self.reverse_sql, app_label, schema_editor)

    def describe(self):
        return "SQL per database vendor"


def extension_available(schema_editor, name: str) -> bool:
    """Whether PostgreSQL has the extension `name`, creating it when it is missing and this role
    may (a superuser, or the database's owner for a trusted extension on PostgreSQL 13+).
    False, not an error, when it may not: the caller then skips what needs it."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = %s", [name])
        if cursor.fetchone():
            return True
        try:
            with transaction.atomic(using=schema_editor.connection.alias):
                cursor.execute(f'CREATE EXTENSION IF NOT EXISTS "{name}"')
        except DatabaseError:
            return False
    return True


def latest_record_index(table: str) -> VendorSQL:
    """The index that serves the counted records' "latest record of each centre" on an
    instrument's table (see interviews' migration 0007): the records of a centre in the order
    visit date (a record without one last), submission time, id, all descending, with the
    round and status. SQLite puts NULL last in a descending order by itself and takes no
    NULLS clause in an index."""
    index = f"{table}_latest"
    columns = "visit_date DESC{0}, submitted_at DESC{0}, id DESC, round_id, status"
    return VendorSQL(
        sql={
            "postgresql": [
                f"CREATE INDEX {index} ON {table} (centre_id, {columns.format(' NULLS LAST')})"
            ],
            "sqlite": [f"CREATE INDEX {index} ON {table} (centre_id, {columns.format('')})"],
        },
        reverse_sql={
            "postgresql": [f"DROP INDEX IF EXISTS {index}"],
            "sqlite": [f"DROP INDEX IF EXISTS {index}"],
        },
    )
