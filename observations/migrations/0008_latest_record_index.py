"""The observations' "latest record of each centre" index (see interviews' migration 0007)."""

from django.db import migrations

from cas_assessment.migration_ops import latest_record_index


class Migration(migrations.Migration):
    dependencies = [("observations", "0007_review_and_my_work_indexes")]

    operations = [latest_record_index("observations_observation")]
