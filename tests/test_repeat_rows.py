"""Repeat rows (coordination actors) exist once, whatever repeats a save: autosave and retry,
draft then submit, the device queue, replays after a deletion (issue 12, item 1)."""

import uuid

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from fieldwork.models import Status
from interviews.forms import CoordinationActorFormSet
from interviews.models import CoordinationActor, Interview
from interviews.spec import INTERVIEW

from .factories import CoordinationActorFactory, InterviewFactory
from .payloads import actor_management, complete_payload

pytestmark = pytest.mark.django_db
SYNC = {"HTTP_X_CAS_SYNC": "1"}
NEW = "/interviews/new/"


def actor(name, sector="state", **extra):
    return {"actor_name": name, "actor_sector": sector, **extra}


def new_row(name, sector="state"):
    """A row as the page adds it: with a fresh uid and no id."""
    return actor(name, sector, uid=str(uuid.uuid4()))


def save(client, data, *, save_id=None, base_version=0, url=NEW, sync=True):
    payload = {**data, "save_id": save_id or str(uuid.uuid4()), "base_version": base_version}
    return client.post(url, payload, **(SYNC if sync else {}))


def draft(centre, uid, actors, **extra):
    return {"action": "save", "centre": centre.pk, "uid": uid, **actor_management(actors), **extra}


def names(interview=None):
    rows = CoordinationActor.objects.all()
    if interview is not None:
        rows = rows.filter(interview=interview)
    return sorted(rows.values_list("actor_name", flat=True))


def test_new_rows_autosaved_again_and_retried_are_stored_once(researcher_client, centre):
    uid = str(uuid.uuid4())
    rows = [new_row("DIF estatal"), new_row("ACNUR", "international_org")]
    data = draft(centre, uid, rows)
    first = save(researcher_client, data, save_id=(save_id := str(uuid.uuid4())))
    assert first.status_code == 200
    # The response gives each row's id by its uid, for the page to write back.
    stored = {str(a.uid): a.pk for a in CoordinationActor.objects.all()}
    assert first.json()["rows"] == {"coordination_actors": stored}
    assert set(stored) == {rows[0]["uid"], rows[1]["uid"]}

    # The same request again (the answer was lost, the page retries): acknowledged.
    retry = save(researcher_client, data, save_id=save_id)
    assert retry.status_code == 200 and retry.json()["replay"] is True
    assert retry.json()["rows"] == {"coordination_actors": stored}
    # The next autosaves, still without the rows' ids (25 seconds of typing).
    for version in (1, 2, 3, 4):
        rows[1]["actor_name"] = f"ACNUR {version}"
        response = save(researcher_client, draft(centre, uid, rows), base_version=version)
        assert response.status_code == 200 and response.json()["version"] == version + 1
    assert names() == ["ACNUR 4", "DIF estatal"]
    assert {str(a.uid): a.pk for a in CoordinationActor.objects.all()} == stored


def test_draft_then_submit_with_the_same_new_rows_stores_them_once(researcher_client, centre):
    uid = str(uuid.uuid4())
    rows = [new_row("Procuraduría"), new_row("Red local", "networks")]
    assert save(researcher_client, draft(centre, uid, rows)).status_code == 200
    rows[0]["actor_name"] = "Procuraduría de Protección"
    submit = {**complete_payload(INTERVIEW, centre, actors=rows), "uid": uid}
    response = save(researcher_client, submit, base_version=1, sync=False)  # Submit, no script
    interview = Interview.objects.get()
    assert response.status_code == 302 and interview.status == Status.SUBMITTED
    assert names(interview) == ["Procuraduría de Protección", "Red local"]


def test_queue_replay_with_another_save_id_keeps_rows_once(researcher_client, centre):
    """The queue sends a copy taken before the autosave's ids came back, with its own save id."""
    uid = str(uuid.uuid4())
    rows = [new_row("DIF municipal", "municipal")]
    queued = {**complete_payload(INTERVIEW, centre, actors=rows), "uid": uid}
    autosaved = save(researcher_client, {**queued, "action": "save"})  # the autosave went
    assert autosaved.status_code == 200
    sent = save(researcher_client, queued, base_version=1)  # the queue, once online
    assert sent.status_code == 200 and sent.json()["status"] == Status.SUBMITTED
    again = save(researcher_client, queued, base_version=1)  # a second tab sent it too
    assert again.status_code == 409  # submitted: locked, nothing applied
    assert names() == ["DIF municipal"]


def test_a_deleted_row_stays_deleted_on_a_replay(researcher_client, centre):
    uid = str(uuid.uuid4())
    x, y = new_row("Borrado"), new_row("Queda", "academia")
    first_save_id = str(uuid.uuid4())
    first = save(researcher_client, draft(centre, uid, [x, y]), save_id=first_save_id)
    assert first.status_code == 200
    interview = Interview.objects.get()
    stored = {str(a.uid): a.pk for a in interview.coordination_actors.all()}

    # The researcher ticks "delete" on the first row.
    ticked = [{**x, "id": stored[x["uid"]], "DELETE": "on"}, {**y, "id": stored[y["uid"]]}]
    deleting = draft(centre, uid, ticked)
    deleting["coordination_actors-INITIAL_FORMS"] = "2"
    second_save_id = str(uuid.uuid4())
    response = save(researcher_client, deleting, save_id=second_save_id, base_version=1)
    assert response.status_code == 200
    assert response.json()["rows"] == {"coordination_actors": {y["uid"]: stored[y["uid"]]}}
    assert names() == ["Queda"]

    # A stale replay of the first save (the queue, a retry) does not bring the row back.
    stale = save(researcher_client, draft(centre, uid, [x, y]), save_id=first_save_id)
    assert stale.status_code == 409
    # The deleting save replayed, by its save id or with a new one and no ids: still deleted.
    replay = save(researcher_client, deleting, save_id=second_save_id, base_version=1)
    assert replay.json()["replay"] is True
    without_ids = draft(centre, uid, [{**x, "DELETE": "on"}, y])
    assert save(researcher_client, without_ids, base_version=2).status_code == 200
    assert save(researcher_client, deleting, base_version=3).status_code == 200
    assert names() == ["Queda"]
    assert interview.coordination_actors.get().pk == stored[y["uid"]]


def test_a_row_is_matched_by_id_or_uid_never_by_position(researcher_client, researcher, centre):
    interview = InterviewFactory(interviewer=researcher, centre=centre, version=1)
    a = CoordinationActorFactory(interview=interview, actor_name="A")
    b = CoordinationActorFactory(interview=interview, actor_name="B")
    # A new row first, then B by its uid only, then A by its id, INITIAL_FORMS saying 2.
    rows = [new_row("C"), actor("B2", uid=str(b.uid)), actor("A2", id=a.pk)]
    data = draft(centre, str(interview.uid), rows)
    data["coordination_actors-INITIAL_FORMS"] = "2"
    url = f"/interviews/{interview.pk}/edit/"
    assert save(researcher_client, data, url=url, base_version=1).status_code == 200
    assert names(interview) == ["A2", "B2", "C"]
    assert {a.pk, b.pk} < set(interview.coordination_actors.values_list("pk", flat=True))


def test_an_id_of_another_records_row_is_ignored(researcher_client, researcher, centre):
    theirs = CoordinationActorFactory(actor_name="De otra entrevista")
    uid = str(uuid.uuid4())
    rows = [actor("Mío", id=theirs.pk, uid=str(uuid.uuid4()))]
    data = draft(centre, uid, rows)
    data["coordination_actors-INITIAL_FORMS"] = "1"
    response = save(researcher_client, data)
    assert response.status_code == 200
    theirs.refresh_from_db()
    assert theirs.actor_name == "De otra entrevista"
    mine = Interview.objects.get(uid=uid).coordination_actors.get()
    assert mine.actor_name == "Mío" and mine.pk != theirs.pk  # nothing typed is lost


@pytest.mark.parametrize("bad", ["abc", "²", "-1", "1e3", "9" * 30, "{}"])
def test_a_malformed_id_or_uid_is_a_new_row(researcher_client, centre, bad):
    uid = str(uuid.uuid4())
    data = draft(centre, uid, [actor("Nuevo", id=bad, uid=bad)])
    data["coordination_actors-INITIAL_FORMS"] = "1"
    assert save(researcher_client, data).status_code == 200
    assert names() == ["Nuevo"]


def test_a_deleted_row_unticked_on_the_page_is_stored_again(researcher_client, researcher, centre):
    """A row whose id no longer exists (deleted, then "delete" unticked) is new, not an error."""
    interview = InterviewFactory(interviewer=researcher, centre=centre, version=1)
    gone = CoordinationActorFactory(interview=interview, actor_name="Vuelve")
    row = actor("Vuelve", id=gone.pk, uid=str(gone.uid))
    gone.delete()
    data = draft(centre, str(interview.uid), [row])
    data["coordination_actors-INITIAL_FORMS"] = "1"
    url = f"/interviews/{interview.pk}/edit/"
    response = save(researcher_client, data, url=url, base_version=1)
    assert response.status_code == 200
    assert names(interview) == ["Vuelve"]
    assert list(response.json()["rows"]["coordination_actors"]) == [row["uid"]]


def test_rows_without_a_uid_get_one_and_duplicate_uids_are_split(researcher, centre):
    interview = InterviewFactory(interviewer=researcher, centre=centre)
    same = str(uuid.uuid4())
    data = actor_management([actor("Sin uid"), actor("Uno", uid=same), actor("Dos", uid=same)])
    formset = CoordinationActorFormSet(data, instance=interview, prefix="coordination_actors")
    assert formset.is_valid(), formset.errors
    formset.save()
    uids = set(interview.coordination_actors.values_list("uid", flat=True))
    assert len(uids) == 3 and uuid.UUID(same) in uids


def test_blank_rows_are_not_stored_and_every_row_renders_its_uid(researcher_client, centre):
    uid = str(uuid.uuid4())
    data = draft(centre, uid, [actor("", "", uid=str(uuid.uuid4()))])
    assert save(researcher_client, data).status_code == 200
    assert not CoordinationActor.objects.exists()
    page = researcher_client.get(f"/interviews/new/?centre={centre.pk}").content.decode()
    assert 'name="coordination_actors-0-uid"' in page  # the blank row
    assert 'name="coordination_actors-__prefix__-uid"' in page  # the row template


def test_migration_gives_existing_rows_and_their_history_one_uid_each(transactional_db):
    before = [("interviews", "0003_record_version")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    user = old.get_model("auth", "User").objects.create(username="u")
    centre = old.get_model("centres", "Centre").objects.create(
        name="C", state="Tabasco", municipality="Centro", sector="public", operator="state_dif"
    )
    interview = old.get_model("interviews", "Interview").objects.create(
        centre=centre, interviewer=user
    )
    Actor = old.get_model("interviews", "CoordinationActor")
    History = old.get_model("interviews", "HistoricalCoordinationActor")
    for name in ("Uno", "Dos"):
        row = Actor.objects.create(interview=interview, actor_name=name, actor_sector="state")
        for kind in "+~":
            History.objects.create(
                id=row.pk, interview=interview, actor_name=name, actor_sector="state",
                history_date="2026-01-01T00:00Z", history_type=kind,
            )  # fmt: skip

    executor = MigrationExecutor(connection)
    executor.migrate([("interviews", "0004_coordinationactor_uid")])
    new = executor.loader.project_state([("interviews", "0004_coordinationactor_uid")]).apps
    rows = dict(new.get_model("interviews", "CoordinationActor").objects.values_list("pk", "uid"))
    assert len(set(rows.values())) == 2 and None not in rows.values()
    for entry in new.get_model("interviews", "HistoricalCoordinationActor").objects.all():
        assert entry.uid == rows[entry.id]
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
