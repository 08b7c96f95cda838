"""Trigram indexes for the registry's search, on PostgreSQL (issue 18).

The search (`centres.selectors.centre_list`) is `icontains` on name, municipality and
address, which Django writes as `UPPER(column::text) LIKE UPPER('%…%')`: no B-tree index can
serve a substring, so without these the database reads every centre. A GIN index of trigrams
(`pg_trgm`) on the same `UPPER(column)` expression serves it (for a term of three characters
or more). The extension `pg_trgm` must be installed in the database: this migration installs
it when the role may (a superuser, or the database's owner: `pg_trgm` is a trusted extension
since PostgreSQL 13); when it may not, it skips the indexes with a warning and the search
works as before, by reading every centre (same results). Install it later
(`CREATE EXTENSION pg_trgm;` as a superuser) and run `manage.py migrate centres 0003` and
`manage.py migrate` again to add them. SQLite: nothing (no such index; same results).
"""

import sys

from django.db import migrations

from cas_assessment.migration_ops import VendorSQL, extension_available

COLUMNS = ("name", "municipality", "address")


def create_indexes(schema_editor) -> list[str]:
    if not extension_available(schema_editor, "pg_trgm"):
        sys.stderr.write(
            "\n  centres.0004: the extension pg_trgm is not installed and this role may not "
            "install it; the registry's search works without its indexes, reading every "
            "centre (see the README, 'What each page costs').\n"
        )
        return []
    return [
        f"CREATE INDEX IF NOT EXISTS centres_centre_{column}_trgm ON centres_centre "
        f"USING gin (UPPER({column}) gin_trgm_ops)"
        for column in COLUMNS
    ]


class Migration(migrations.Migration):
    dependencies = [("centres", "0003_centre_active")]

    operations = [
        VendorSQL(
            sql={"postgresql": [create_indexes]},
            reverse_sql={
                "postgresql": [
                    f"DROP INDEX IF EXISTS centres_centre_{column}_trgm" for column in COLUMNS
                ]
            },
        ),
    ]
