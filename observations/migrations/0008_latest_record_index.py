"""An index that serves the counted records' "latest record of each centre" (issue 18).

`reports.selectors.latest_per_centre` reads, per centre, the records in the order visit date
(a record without one last), submission time, id, all descending, within a round and
statuses. This index holds them in that order with the round and status, so the read is one
index range per centre (SQLite: the correlated subquery; PostgreSQL: DISTINCT ON, one ordered
pass) and never a scan of the round's records per centre. SQLite puts NULL last in a
descending order by itself and takes no NULLS clause in an index.
"""

from django.db import migrations

from cas_assessment.migration_ops import VendorSQL

TABLE = "observations_observation"
INDEX = f"{TABLE}_latest"
COLUMNS = "visit_date DESC{}, submitted_at DESC{}, id DESC, round_id, status"


class Migration(migrations.Migration):
    dependencies = [("observations", "0007_review_and_my_work_indexes")]

    operations = [
        VendorSQL(
            sql={
                "postgresql": [
                    f"CREATE INDEX {INDEX} ON {TABLE} "
                    f"(centre_id, {COLUMNS.format(' NULLS LAST', ' NULLS LAST')})"
                ],
                "sqlite": [f"CREATE INDEX {INDEX} ON {TABLE} (centre_id, {COLUMNS.format('', '')})"],
            },
            reverse_sql={
                "postgresql": [f"DROP INDEX IF EXISTS {INDEX}"],
                "sqlite": [f"DROP INDEX IF EXISTS {INDEX}"],
            },
        ),
    ]
