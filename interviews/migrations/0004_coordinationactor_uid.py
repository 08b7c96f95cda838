# Each coordination actor gets a stable id of its own, unique within its interview, so that a
# repeated save (autosave retried, draft then submit, the device queue) updates the row instead
# of adding it again. Existing rows, and their history, get one id per row.

import uuid

from django.db import migrations, models


def backfill(apps, schema_editor):
    Actor = apps.get_model("interviews", "CoordinationActor")
    HistoricalActor = apps.get_model("interviews", "HistoricalCoordinationActor")
    uids = {}
    for actor in Actor.objects.only("pk"):
        uids[actor.pk] = uuid.uuid4()
        Actor.objects.filter(pk=actor.pk).update(uid=uids[actor.pk])
    # A row's history keeps the row's id, so that the change log shows no change of id.
    for row_id in HistoricalActor.objects.values_list("id", flat=True).distinct():
        uid = uids.get(row_id) or uuid.uuid4()
        HistoricalActor.objects.filter(id=row_id).update(uid=uid)


class Migration(migrations.Migration):

    dependencies = [
        ('interviews', '0003_record_version'),
    ]

    operations = [
        migrations.AddField(
            model_name='coordinationactor',
            name='uid',
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name='historicalcoordinationactor',
            name='uid',
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='coordinationactor',
            name='uid',
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterField(
            model_name='historicalcoordinationactor',
            name='uid',
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AddConstraint(
            model_name='coordinationactor',
            constraint=models.UniqueConstraint(fields=('interview', 'uid'), name='unique_actor_uid_per_interview'),
        ),
    ]
