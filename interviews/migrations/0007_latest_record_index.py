"""An index that serves the counted records' "latest record of each centre" (issue 18).

`reports.selectors.latest_per_centre` reads, per centre, the records in the order visit date
(a record without one last), submission time, id, all descending, within a round and
statuses. This index holds them in that order with the round and status, so the read is one
index range per centre (SQLite: the correlated subquery; PostgreSQL: DISTINCT ON, one ordered
pass) and never a scan of the round's records per centre. SQLite puts NULL last in a
descending order by itself and takes no NULLS clause in an index.
"""

from django.db import migrations

from cas_assessment.migration_ops import latest_record_index


class Migration(migrations.Migration):
    dependencies = [("interviews", "0006_review_and_my_work_indexes")]

    operations = [latest_record_index("interviews_interview")]
