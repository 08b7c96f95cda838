"""Each centre's workload counted from the records there are (fieldwork/workload.py keeps it
from then on)."""

from django.db import migrations

COLUMNS = {"submitted": "awaiting", "returned": "returned", "draft": "drafts"}


def count(apps, schema_editor):
    from django.db.models import Count

    CentreWorkload = apps.get_model("fieldwork", "CentreWorkload")
    counts = {}
    for label in ("interviews.Interview", "observations.Observation"):
        model = apps.get_model(label)
        rows = (
            model.objects.filter(status__in=COLUMNS)
            .values_list("centre_id", "status")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for centre_id, status, n in rows:
            row = counts.setdefault(centre_id, dict.fromkeys(COLUMNS.values(), 0))
            row[COLUMNS[status]] += n
    CentreWorkload.objects.bulk_create(
        (CentreWorkload(centre_id=pk, **row) for pk, row in counts.items()), batch_size=1000
    )


class Migration(migrations.Migration):
    dependencies = [
        ("fieldwork", "0002_centreworkload"),
        ("interviews", "0006_review_and_my_work_indexes"),
        ("observations", "0007_review_and_my_work_indexes"),
    ]

    operations = [migrations.RunPython(count, migrations.RunPython.noop)]
