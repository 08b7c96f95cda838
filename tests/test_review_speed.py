"""The review queue and My work at a cost that does not grow with the records (issue 18):
their lists read a page's rows from an index and merge them (the same rows, in the same order,
as the union they replaced), and the centres with work pending come from counts kept per
centre (fieldwork/workload.py), right after every kind of write."""

import random
from datetime import timedelta

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import CharField, Count, Value
from django.db.models.functions import Concat, Trim
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from fieldwork.models import CentreWorkload, Status, WorkloadTotals
from fieldwork.registry import instrument_models
from fieldwork.selectors import awaiting_review, centres_with_pending_work, my_sent_records
from fieldwork.services import approve, discard_draft, return_for_changes
from fieldwork.workload import COLUMNS, rebuild_workload
from interviews.models import Interview
from observations.models import Observation

from .factories import CentreFactory, InterviewFactory, ObservationFactory

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# ---- the lists: the same rows in the same order as the union they replaced --------------------


def union_awaiting_review():
    """The review queue's list as it was: a union of both instruments, ordered."""
    columns = ("pk", "centre__name", "interviewer__username", "visit_date", "submitted_at")
    parts = [
        model.objects.filter(status=Status.SUBMITTED)
        .annotate(
            kind=Value(model._meta.app_label, output_field=CharField()),
            interviewer_name=Trim(
                Concat("interviewer__first_name", Value(" "), "interviewer__last_name")
            ),
        )
        .values(*columns, "kind", "interviewer_name")
        .order_by()
        for model in instrument_models()
    ]
    return parts[0].union(parts[1], all=True).order_by("submitted_at", "kind", "pk")


def union_sent(user):
    """My work's submitted and approved records as they were."""
    columns = ("pk", "centre_id", "centre__name", "visit_date", "submitted_at", "status")
    parts = [
        model.objects.filter(interviewer=user, status__in=(Status.SUBMITTED, Status.APPROVED))
        .annotate(kind=Value(model._meta.app_label, output_field=CharField()))
        .values(*columns, "kind")
        .order_by()
        for model in instrument_models()
    ]
    return parts[0].union(parts[1], all=True).order_by("-submitted_at", "kind", "-pk")


def _mixed_records(researcher, n=23):
    """Records of both instruments and every status, with equal submission times (ties) and
    submitted ones without a time (NULLs, which the databases order differently)."""
    rng = random.Random(18)  # noqa: S311 - test data, not secrets
    moment = timezone.now().replace(microsecond=0)
    centres = [CentreFactory() for _ in range(4)]
    for i in range(n):
        factory = InterviewFactory if rng.random() < 0.5 else ObservationFactory
        status = rng.choice([Status.SUBMITTED] * 3 + [Status.APPROVED, Status.DRAFT])
        submitted = None if i % 7 == 0 else moment - timedelta(hours=rng.randint(0, 4))
        factory(centre=rng.choice(centres), interviewer=researcher, status=status,
                submitted_at=submitted)  # fmt: skip


@pytest.mark.parametrize("per_page", [1, 4, 5, 25])
def test_the_lists_give_the_union_s_rows_in_its_order_on_every_page(researcher, per_page):
    _mixed_records(researcher)
    for merged, union in ((awaiting_review(), union_awaiting_review()),
                          (my_sent_records(researcher), union_sent(researcher))):  # fmt: skip
        expected = list(union)
        assert merged.count() == len(expected)
        ours, theirs = Paginator(merged, per_page), Paginator(union, per_page)
        assert ours.num_pages == theirs.num_pages
        for number in ours.page_range:
            assert list(ours.page(number).object_list) == list(theirs.page(number).object_list)
        assert [*merged[0 : len(expected)]] == expected
        assert merged[len(expected) : len(expected) + 5] == []


def test_the_queue_pages_as_before(coordinator, researcher):
    _mixed_records(researcher, 30)
    total = awaiting_review().count()
    client = logged_in(coordinator)
    with override_settings(PAGINATE_BY=4):
        pages = -(-total // 4)
        last = client.get(f"/review/?page={pages}").content.decode()
        assert f"Page {pages} of {pages}" in last
        # Out of range: the last page, as before; not a number: the first.
        assert f"Page {pages} of {pages}" in client.get("/review/?page=9999").content.decode()
        assert f"Page 1 of {pages}" in client.get("/review/?page=x").content.decode()
        assert f"Page 2 of {pages}" in client.get("/review/?page=2").content.decode()


# ---- what the pages cost --------------------------------------------------------------------


def _fill(researcher, n):
    for _ in range(n):
        centre = CentreFactory()
        for factory in (InterviewFactory, ObservationFactory):
            factory(centre=centre, interviewer=researcher, status=Status.SUBMITTED,
                    submitted_at=timezone.now())  # fmt: skip
        InterviewFactory(centre=centre, interviewer=researcher, status=Status.APPROVED,
                         submitted_at=timezone.now())  # fmt: skip


def _costs(coordinator, researcher) -> dict:
    urls = ["/review/", "/review/?page=2", "/review/?page=9999", "/my-work/", "/my-work/?page=2",
            "/my-work/?page=9999"]  # fmt: skip
    costs = {}
    for url in urls:
        client = logged_in(researcher if url.startswith("/my-work/") else coordinator)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        costs[url] = [q["sql"] for q in queries.captured_queries]
    return costs


@override_settings(PAGINATE_BY=3)
def test_the_queue_and_my_work_make_the_same_queries_at_any_size(coordinator, researcher):
    _fill(researcher, 4)
    small = _costs(coordinator, researcher)
    _fill(researcher, 16)
    large = _costs(coordinator, researcher)
    assert {url: len(sql) for url, sql in small.items()} == {
        url: len(sql) for url, sql in large.items()
    }
    # The queue reads the records by COUNTs, and pages that stop after their rows; it never
    # groups them (the centres with work pending come from their kept counts).
    tables = tuple(model._meta.db_table for model in instrument_models())
    for url, queries in large.items():
        for sql in queries:
            if url.startswith("/review/") and any(table in sql for table in tables):
                assert "GROUP BY" not in sql, sql
                assert "LIMIT" in sql or "COUNT(" in sql, sql


# ---- the centres' workload, kept right by every kind of write ----------------------------------


def _recounted() -> dict:
    counts = {}
    for model in instrument_models():
        rows = (
            model.objects.filter(status__in=COLUMNS)
            .values_list("centre_id", "status")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for centre_id, status, n in rows:
            row = counts.setdefault(centre_id, dict.fromkeys(COLUMNS.values(), 0))
            row[COLUMNS[status]] += n
    return counts


def _kept() -> dict:
    kept = {
        row.centre_id: {"awaiting": row.awaiting, "returned": row.returned, "drafts": row.drafts}
        for row in CentreWorkload.objects.all()
    }
    # The totals' row follows too: what the queue says is awaiting, and how many centres.
    totals = WorkloadTotals.objects.get(pk=1)
    submitted = sum(
        m.objects.filter(status=Status.SUBMITTED).count() for m in (Interview, Observation)
    )
    assert (totals.awaiting, totals.centres) == (submitted, len(kept))
    assert totals.awaiting == sum(row["awaiting"] for row in kept.values())
    return kept


def test_the_workload_follows_every_write(coordinator, researcher):
    one, two = CentreFactory(name="Uno"), CentreFactory(name="Dos")
    draft = InterviewFactory(centre=one, interviewer=researcher)
    sent = ObservationFactory(centre=one, interviewer=researcher, status=Status.SUBMITTED,
                              submitted_at=timezone.now())  # fmt: skip
    assert _kept() == {one.pk: {"awaiting": 1, "returned": 0, "drafts": 1}}
    # A save that changes neither the status nor the centre keeps the counts (and costs none).
    draft.place = "Otro lugar"
    with CaptureQueriesContext(connection) as queries:
        draft.save()
    assert not any("fieldwork_centreworkload" in q["sql"] for q in queries.captured_queries)
    return_for_changes(sent, reviewer=coordinator, comment="Falta la fecha")
    assert _kept() == _recounted()
    loaded = Interview.objects.get(pk=draft.pk)
    loaded.centre = two
    loaded.save()
    assert _kept() == _recounted()
    discard_draft(loaded)
    assert _kept() == _recounted() == {one.pk: {"awaiting": 0, "returned": 1, "drafts": 0}}
    Observation.objects.filter(pk=sent.pk).update(status=Status.SUBMITTED)
    assert _kept() == _recounted()
    approve(Observation.objects.get(pk=sent.pk), reviewer=coordinator)
    assert _kept() == _recounted() == {}
    Interview.objects.bulk_create(
        [Interview(centre=c, interviewer=researcher, status=Status.SUBMITTED) for c in (one, two)]
    )
    Interview.objects.filter(centre=two).update(centre=one)
    assert _kept() == _recounted() == {one.pk: {"awaiting": 2, "returned": 0, "drafts": 0}}
    Interview.objects.all().delete()
    assert _kept() == _recounted() == {}


def test_the_pending_centres_are_those_the_records_give(researcher):
    _mixed_records(researcher, 40)
    expected = sorted(
        _recounted().items(),
        key=lambda item: (-item[1]["awaiting"], -item[1]["returned"], -item[1]["drafts"], item[0]),
    )
    listed, total = centres_with_pending_work(3)
    assert total == len(expected)
    assert [(c.pk, c.awaiting, c.returned, c.drafts) for c in listed] == [
        (pk, c["awaiting"], c["returned"], c["drafts"]) for pk, c in expected[:3]
    ]
    CentreWorkload.objects.all().delete()
    rebuild_workload(batch=2)
    assert _kept() == _recounted()
