"""Issue 17, item 5: large workbooks are built in the background and kept in My exports."""

import datetime
import io
import signal
import tracemalloc
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from accounts.roles import Role
from audit.models import AccessEntry
from centres.models import Centre
from fieldwork.models import Status
from interviews.models import CoordinationActor, Interview
from observations.models import Observation
from reports import background
from reports.exporters import Values
from reports.filters import ReportFilters
from reports.models import Export, ExportStatus, export_storage

from .factories import CoordinationActorFactory, InterviewFactory, ObservationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _records(n: int, user) -> None:
    """n centres, each with a submitted interview (one actor) and observation: 4n rows."""
    for _ in range(n):
        interview = InterviewFactory(status=Status.SUBMITTED, interviewer=user)
        CoordinationActorFactory(interview=interview)
        ObservationFactory(status=Status.SUBMITTED, centre=interview.centre, interviewer=user)


def _start(user, **options) -> Export:
    return background.start_workbook(
        user,
        ReportFilters(),
        names=options.get("names", False),
        researcher_names=False,
        values=Values.LABELS,
        language=options.get("language", "en"),
        base_url="http://testserver/",
        total_rows=options.get("total_rows", 0),
    )


# --- The switch: counted first ------------------------------------------------------------


def test_below_the_threshold_the_workbook_comes_at_once(coordinator_client, coordinator, settings):
    settings.EXPORT_BACKGROUND_ROWS = 8
    _records(2, coordinator)  # 8 rows: not above the threshold
    response = coordinator_client.get("/reports/export.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert not Export.objects.exists()


def test_above_the_threshold_it_goes_to_the_background_and_to_my_exports(
    coordinator_client, coordinator, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_BACKGROUND_ROWS = 7
    _records(2, coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.get("/reports/export.xlsx?state=Tabasco&lang=es")
    assert response.status_code == 302 and response["Location"] == "/reports/exports/"
    export = Export.objects.get()
    assert (export.user, export.total_rows, export.language) == (coordinator, 8, "es")
    assert export.filters["state"] == "Tabasco"
    # The tests' backend runs the task at once: it is done, every row written.
    assert export.status == ExportStatus.DONE and export.progress_rows == 8
    page = coordinator_client.get("/reports/exports/")
    html = page.content.decode()
    assert "is being prepared" in html
    assert export.get_absolute_url() in html
    assert "no-store" in page["Cache-Control"]


def test_the_task_is_enqueued_only_once_the_row_is_committed(
    coordinator, monkeypatch, django_capture_on_commit_callbacks
):
    enqueued = []
    monkeypatch.setattr(background, "enqueue", enqueued.append)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        export = _start(coordinator)
        assert enqueued == []  # not while the row is uncommitted
    assert len(callbacks) == 1
    callbacks[0]()
    assert enqueued == [export.pk]


# --- The task: the same writer, a file on disk, progress ------------------------------------


def test_the_file_is_the_workbook_with_progress_written_every_n_rows(
    coordinator, settings, django_capture_on_commit_callbacks, monkeypatch
):
    settings.EXPORT_PROGRESS_EVERY = 3
    _records(3, coordinator)  # 12 rows
    seen = []
    original = background.write_xlsx

    def spying(exporters, target, *, progress, every):
        def tracked(rows):
            progress(rows)
            seen.append(Export.objects.get().progress_rows)

        return original(exporters, target, progress=tracked, every=every)

    monkeypatch.setattr(background, "write_xlsx", spying)
    with django_capture_on_commit_callbacks(execute=True):
        export = _start(coordinator, total_rows=12)
    assert seen == [3, 6, 9, 12]
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE and export.attempts == 1
    with export.file.open("rb") as handle:
        book = load_workbook(io.BytesIO(handle.read()), read_only=True)
    assert book.sheetnames[:4] == ["Centres", "Interviews", "Actors", "Observations"]
    assert book["Interviews"].max_row == 2 + 3  # two header rows (labels, codes), three rows


def test_the_file_is_served_to_its_owner_privately_and_audited(
    coordinator_client, coordinator, django_capture_on_commit_callbacks
):
    _records(1, coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        export = _start(coordinator, names=True)
    response = coordinator_client.get(export.get_absolute_url())
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith('attachment; filename="cas-assessment-')
    load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    entry = AccessEntry.objects.get()
    assert (entry.what, entry.user, entry.with_names, entry.rows) == (
        "workbook", coordinator, True, 4
    )  # fmt: skip
    assert entry.filters["background_export"] == export.pk


def test_the_status_endpoint_reports_progress(coordinator_client, coordinator):
    export = Export.objects.create(
        user=coordinator, status=ExportStatus.RUNNING, total_rows=200, progress_rows=50
    )
    response = coordinator_client.get(f"/reports/exports/{export.pk}/status.json")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    state = response.json()
    assert (state["status"], state["percent"], state["url"]) == ("running", 25, None)
    assert state["text"] == "50 of 200 rows written"
    page = coordinator_client.get("/reports/exports/").content.decode()
    assert 'max="100" value="25"' in page and "data-poll" in page
    assert 'href="/reports/exports/" id="exports-refresh"' in page  # works without JavaScript


# --- Failures: retried once, then failed ----------------------------------------------------


def test_a_failing_export_is_tried_once_more_then_marked_failed(
    coordinator, monkeypatch, django_capture_on_commit_callbacks
):
    calls = []

    def broken(*args, **kwargs):
        calls.append(1)
        raise OSError("disk full")

    monkeypatch.setattr(background, "write_xlsx", broken)
    with django_capture_on_commit_callbacks(execute=True):
        export = _start(coordinator)
    export.refresh_from_db()
    assert len(calls) == 2
    assert (export.status, export.attempts, export.error) == ("failed", 2, "OSError")
    assert export.finished_at is not None and not export.file


def test_a_failure_on_the_first_try_only_ends_done(
    coordinator, monkeypatch, django_capture_on_commit_callbacks
):
    original = background.write_xlsx
    calls = []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OSError("disk full")
        return original(*args, **kwargs)

    monkeypatch.setattr(background, "write_xlsx", flaky)
    with django_capture_on_commit_callbacks(execute=True):
        export = _start(coordinator)
    export.refresh_from_db()
    assert (export.status, export.attempts) == ("done", 2)


@pytest.mark.parametrize(("attempts", "status"), [(1, "done"), (2, "failed")])
def test_a_stuck_export_is_marked_failed_and_retried_once(
    coordinator, attempts, status, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_STUCK_MINUTES = 30
    long_ago = timezone.now() - timedelta(minutes=31)
    stuck = Export.objects.create(
        user=coordinator, status=ExportStatus.RUNNING, attempts=attempts, heartbeat_at=long_ago
    )
    alive = Export.objects.create(
        user=coordinator, status=ExportStatus.RUNNING, attempts=1,
        heartbeat_at=timezone.now() - timedelta(minutes=29),
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        call_command("cleanup_exports", verbosity=0)
    stuck.refresh_from_db()
    alive.refresh_from_db()
    assert stuck.status == status
    assert stuck.error == ("" if status == "done" else "stuck")
    assert alive.status == ExportStatus.RUNNING


def test_an_export_queued_too_long_is_taken_as_lost_tried_once_more_then_failed(
    coordinator, settings, django_capture_on_commit_callbacks
):
    """Its task was lost (never taken by a worker): queued exports are swept too."""
    settings.EXPORT_QUEUED_MINUTES = 120
    now = timezone.now()

    def queued(minutes: int, attempts: int = 0, requeued: int | None = None) -> Export:
        export = Export.objects.create(
            user=coordinator, attempts=attempts,
            heartbeat_at=None if requeued is None else now - timedelta(minutes=requeued),
        )  # fmt: skip
        Export.objects.filter(pk=export.pk).update(created_at=now - timedelta(minutes=minutes))
        return export

    lost = queued(121)
    waiting = queued(119)
    lost_again = queued(300, attempts=1, requeued=121)  # its first try failed, then lost
    requeued = queued(300, attempts=1, requeued=5)  # waiting since its retry, not since asked
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert background.sweep_lost(now) == 2
    for export in (lost, waiting, lost_again, requeued):
        export.refresh_from_db()
    assert (lost.status, lost.attempts, lost.error) == (ExportStatus.QUEUED, 1, "lost")
    assert lost.heartbeat_at == now  # waiting again from now
    assert (lost_again.status, lost_again.attempts) == (ExportStatus.FAILED, 2)
    assert (lost_again.error, lost_again.finished_at) == ("lost", now)
    assert (waiting.status, waiting.attempts, waiting.error) == (ExportStatus.QUEUED, 0, "")
    assert (requeued.status, requeued.attempts) == (ExportStatus.QUEUED, 1)
    # Enqueued once more (once committed): the tests' backend builds it at once.
    assert len(callbacks) == 1
    callbacks[0]()
    lost.refresh_from_db()
    assert (lost.status, lost.attempts) == (ExportStatus.DONE, 2)
    # The daily clean-up sweeps them as well; a second sweep changes nothing new.
    Export.objects.filter(pk=waiting.pk).update(created_at=now - timedelta(minutes=121))
    with django_capture_on_commit_callbacks(execute=False):
        call_command("cleanup_exports", verbosity=0)
    waiting.refresh_from_db()
    assert (waiting.status, waiting.error) == (ExportStatus.QUEUED, "lost")
    assert background.sweep_lost(now) == 0


def test_a_try_taken_for_stuck_does_not_overwrite_the_retry(coordinator):
    export = Export.objects.create(user=coordinator)
    claimed = background._claim(export.pk)
    background.fail(export.pk, "stuck")  # the sweep, while the first try still runs
    name = export_storage.save("workbooks/late.xlsx", ContentFile(b"late"))
    background._finish(claimed, name, 4)
    export.refresh_from_db()
    assert export.status == ExportStatus.QUEUED and not export.file


# --- Kept 7 days ----------------------------------------------------------------------------


def test_exports_are_deleted_with_their_files_after_seven_days(coordinator, settings):
    assert settings.EXPORT_KEEP_DAYS == 7
    now = timezone.now()

    def done(days: float) -> Export:
        export = Export.objects.create(
            user=coordinator, status=ExportStatus.DONE,
            finished_at=now - timedelta(days=days),
        )  # fmt: skip
        export.file.save("w.xlsx", ContentFile(b"xlsx"))
        return export

    old, recent = done(7.1), done(6.9)
    forgotten = Export.objects.create(user=coordinator)  # queued, never built
    Export.objects.filter(pk=forgotten.pk).update(created_at=now - timedelta(days=8))
    old_name = old.file.name
    assert export_storage.exists(old_name)
    call_command("cleanup_exports", verbosity=0)
    assert list(Export.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not export_storage.exists(old_name)
    assert export_storage.exists(recent.file.name)


def test_an_expired_export_is_neither_listed_nor_served(coordinator_client, coordinator):
    export = Export.objects.create(
        user=coordinator, status=ExportStatus.DONE,
        finished_at=timezone.now() - timedelta(days=8),
    )  # fmt: skip
    export.file.save("w.xlsx", ContentFile(b"xlsx"))
    assert coordinator_client.get(export.get_absolute_url()).status_code == 404
    assert f"export-{export.pk}" not in coordinator_client.get("/reports/exports/").content.decode()


# --- Who sees what ----------------------------------------------------------------------------


def test_a_user_sees_and_downloads_only_their_own_exports(client, coordinator, analyst):
    mine = Export.objects.create(user=analyst, status=ExportStatus.DONE, finished_at=timezone.now())
    mine.file.save("mine.xlsx", ContentFile(b"mine"))
    theirs = Export.objects.create(
        user=coordinator, status=ExportStatus.DONE, finished_at=timezone.now()
    )
    theirs.file.save("theirs.xlsx", ContentFile(b"theirs"))
    client.force_login(analyst)
    page = client.get("/reports/exports/").content.decode()
    assert f'id="export-{mine.pk}"' in page and f'id="export-{theirs.pk}"' not in page
    assert client.get(mine.get_absolute_url()).status_code == 200
    for url in (theirs.get_absolute_url(), f"/reports/exports/{theirs.pk}/status.json"):
        assert client.get(url).status_code == 404
    researcher = UserFactory(username="r-exports", role=Role.RESEARCHER)
    client.force_login(researcher)
    assert client.get("/reports/exports/").status_code == 403
    assert client.get(mine.get_absolute_url()).status_code == 403


def test_my_exports_is_in_the_menu_of_the_roles_that_export(client, coordinator, analyst):
    for user, shown in ((coordinator, True), (analyst, True)):
        client.force_login(user)
        assert ('id="nav-my-exports"' in client.get("/reports/").content.decode()) is shown
    client.force_login(UserFactory(username="r-menu", role=Role.RESEARCHER))
    assert 'id="nav-my-exports"' not in client.get("/my-work/").content.decode()


# --- The real worker --------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_builds_an_enqueued_export(settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    user = UserFactory(username="worker-owner", role=Role.COORDINATOR)
    _records(1, user)
    export = _start(user, total_rows=4)  # autocommit: enqueued as soon as it is written
    queued = DBTaskResult.objects.get()
    assert queued.status == "READY"
    assert Export.objects.get(pk=export.pk).status == ExportStatus.QUEUED
    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command(
            "db_worker", batch=True, reload=False, startup_delay=False, interval=0, verbosity=0
        )
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
    queued.refresh_from_db()
    export.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    assert (export.status, export.progress_rows, export.attempts) == ("done", 4, 1)
    assert export_storage.exists(export.file.name)


# --- Flat memory --------------------------------------------------------------------------------


#: Long notes, so that rows held at once would show in the peak (some 6 KB a row).
NOTES = {
    f"{code}_notes": f"{code}: " + "falta personal capacitado y recursos " * 15
    for code in ("knows_laws", "knows_detention_prohibition", "knows_protection_protocol",
                 "knows_cas_role", "has_care_model", "resources_available", "main_needs",
                 "main_challenges", "successes", "technical_support")
}  # fmt: skip


def _bulk(n: int, user, first: int = 0) -> None:
    day = datetime.date(2022, 4, 1)
    centres = Centre.objects.bulk_create(
        [Centre(name=f"CAS {i}", state="Tabasco", municipality="Centro", sector="public",
                operator="state_dif") for i in range(first, first + n)]
    )  # fmt: skip
    interviews = Interview.objects.bulk_create(
        [Interview(centre=c, interviewer=user, status=Status.SUBMITTED, visit_date=day,
                   place="Campo", respondent_name=f"Persona {c.pk}", knows_cas_role=True,
                   main_needs=["human"], **NOTES)
         for c in centres]
    )  # fmt: skip
    CoordinationActor.objects.bulk_create(
        [CoordinationActor(interview=i, actor_name="DIF", actor_sector="state") for i in interviews]
    )
    Observation.objects.bulk_create(
        [Observation(centre=c, interviewer=user, status=Status.SUBMITTED, visit_date=day,
                     place="Campo", expected_capacity=20, people_present=12) for c in centres]
    )  # fmt: skip


def _peak(user, django_capture_on_commit_callbacks) -> tuple[int, int]:
    with django_capture_on_commit_callbacks(execute=False):
        export = _start(user, names=True)
    tracemalloc.start()
    try:
        background.run_export(export.pk)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE
    return peak, export.progress_rows


def test_a_background_export_keeps_memory_flat(
    coordinator, monkeypatch, django_capture_on_commit_callbacks
):
    """Rows are read and written a chunk at a time (a chunk of 25 here, 1,000 in use): four
    times the rows cost about the same memory."""
    monkeypatch.setattr("reports.exporters.CHUNK", 25)
    _bulk(50, coordinator)
    _peak(coordinator, django_capture_on_commit_callbacks)  # one-time caches (translations)
    small, small_rows = _peak(coordinator, django_capture_on_commit_callbacks)
    _bulk(150, coordinator, first=50)
    large, large_rows = _peak(coordinator, django_capture_on_commit_callbacks)
    assert (small_rows, large_rows) == (200, 800)
    assert large < small * 1.3, (small, large)


def test_a_background_export_keeps_the_round_chosen():
    """Built later from its row, the workbook counts the round the page showed, not all."""
    chosen = ReportFilters(round=7, state="Tabasco")
    assert ReportFilters.from_json(chosen.to_json()) == chosen
    assert ReportFilters.from_json(ReportFilters().to_json()).round is None
