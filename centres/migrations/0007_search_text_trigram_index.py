"""The registry's search reads `search_text` (accents and case folded, `centres.search`): one
trigram index on it, on PostgreSQL, replaces the three on `UPPER(name|municipality|address)`
that the search no longer reads. As in 0004: created when `pg_trgm` is installed or the role
may install it, else skipped with a warning (same results, a scan). SQLite: nothing."""

import sys

from django.db import migrations

from cas_assessment.migration_ops import VendorSQL, extension_available

OLD = ("name", "municipality", "address")


def create_index(schema_editor) -> list[str]:
    drop = [f"DROP INDEX IF EXISTS centres_centre_{column}_trgm" for column in OLD]
    if not extension_available(schema_editor, "pg_trgm"):
        sys.stderr.write(
            "\n  centres.0007: the extension pg_trgm is not installed and this role may not "
            "install it; the registry's search works without its index, reading every centre.\n"
        )
        return drop
    return drop + [
        "CREATE INDEX IF NOT EXISTS centres_centre_search_text_trgm ON centres_centre "
        "USING gin (search_text gin_trgm_ops)"
    ]


class Migration(migrations.Migration):
    dependencies = [("centres", "0006_search_text")]

    operations = [
        VendorSQL(
            sql={"postgresql": [create_index]},
            reverse_sql={
                "postgresql": ["DROP INDEX IF EXISTS centres_centre_search_text_trgm"]
                + [
                    f"CREATE INDEX IF NOT EXISTS centres_centre_{column}_trgm ON centres_centre "
                    f"USING gin (UPPER({column}) gin_trgm_ops)"
                    for column in OLD
                ]
            },
        ),
    ]
