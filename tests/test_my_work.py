"""My work and the landing pages (issue 15, item 1): each role lands on its own work; a
researcher's records returned for changes (the comment first, a count in the menu), drafts,
submitted and approved ones on one page, at a cost that does not grow with their number."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from fieldwork.models import Status

from .factories import CentreFactory, InterviewFactory, ObservationFactory

pytestmark = pytest.mark.django_db


def logged_in(user, language="en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def test_each_role_lands_on_its_own_work(researcher, coordinator, analyst):
    assert logged_in(researcher).get("/").url == "/my-work/"
    assert logged_in(coordinator).get("/").url == "/review/"
    assert logged_in(analyst).get("/").url == "/reports/"


def test_my_work_lists_returned_first_then_drafts_then_sent(
    researcher, other_researcher, coordinator
):
    centre = CentreFactory(name="Casa Hogar Tenosique")
    returned = InterviewFactory(
        centre=centre, interviewer=researcher, status=Status.RETURNED, reviewed_by=coordinator,
        reviewed_at=timezone.now(), review_comment="Falta la fecha de la visita.",
    )  # fmt: skip
    draft = ObservationFactory(centre=centre, interviewer=researcher)
    submitted = InterviewFactory(
        centre=centre, interviewer=researcher, status=Status.SUBMITTED, submitted_at=timezone.now()
    )
    approved = ObservationFactory(
        centre=centre, interviewer=researcher, status=Status.APPROVED,
        submitted_at=timezone.now() - timedelta(days=1),
    )  # fmt: skip
    others = InterviewFactory(centre=CentreFactory(name="Ajeno"), interviewer=other_researcher)
    page = logged_in(researcher).get("/my-work/").content.decode()
    assert "Ajeno" not in page and f'data-record="interview:{others.pk}"' not in page
    # Returned for changes, with the coordinator's comment before anything else of the record.
    returned_at = page.index(f'data-record="interview:{returned.pk}"')
    assert returned_at < page.index('id="drafts"') < page.index('id="sent"')
    block = page[returned_at : page.index('id="drafts"')]
    assert block.index("Falta la fecha de la visita.") < block.index("Casa Hogar Tenosique")
    assert coordinator.get_full_name() in block
    assert returned.get_edit_url() in block
    drafts = page[page.index('id="drafts"') : page.index('id="sent"')]
    assert f'data-record="observation:{draft.pk}"' in drafts and draft.get_edit_url() in drafts
    sent = page[page.index('id="sent"') :]
    first = sent.index(f'data-kind="interviews" data-pk="{submitted.pk}"')
    assert first < sent.index(f'data-kind="observations" data-pk="{approved.pk}"')
    assert "Approved" in sent and submitted.get_absolute_url() in sent


def test_the_menu_counts_the_records_returned_for_changes(researcher, coordinator):
    client = logged_in(researcher)
    assert "data-returned-count" not in client.get("/device/").content.decode()
    for model in (InterviewFactory, ObservationFactory):
        model(interviewer=researcher, status=Status.RETURNED, review_comment="Revisar")
    InterviewFactory(status=Status.RETURNED)  # someone else's
    page = client.get("/centres/").content.decode()
    assert 'data-returned-count>2<span class="visually-hidden"> returned for changes' in page
    assert "Mi trabajo" in logged_in(researcher, "es").get("/device/").content.decode()


def _fill(researcher, n):
    centre = CentreFactory()
    for status in (Status.DRAFT, Status.RETURNED, Status.SUBMITTED, Status.APPROVED):
        for _ in range(n):
            InterviewFactory(centre=centre, interviewer=researcher, status=status,
                             submitted_at=timezone.now())  # fmt: skip
            ObservationFactory(centre=centre, interviewer=researcher, status=status,
                               submitted_at=timezone.now())  # fmt: skip


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


@override_settings(PAGINATE_BY=5)
def test_my_work_and_the_queue_cost_the_same_queries_at_any_size(researcher, coordinator):
    _fill(researcher, 2)
    small = {url: _queries(logged_in(u), url) for u, url in
             ((researcher, "/my-work/"), (coordinator, "/review/"))}  # fmt: skip
    _fill(researcher, 12)
    large = {url: _queries(logged_in(u), url) for u, url in
             ((researcher, "/my-work/"), (coordinator, "/review/"))}  # fmt: skip
    assert small == large
    page = logged_in(researcher).get("/my-work/?page=2").content.decode()
    assert "Page 2 of 12" in page  # 56 submitted and approved, 5 a page


def test_the_queue_shows_the_centres_with_work_pending(coordinator, researcher):
    busy, quiet, idle = (CentreFactory(name=n) for n in ("Busy", "Quiet", "Idle"))
    for _ in range(2):
        InterviewFactory(centre=busy, status=Status.SUBMITTED, submitted_at=timezone.now())
    ObservationFactory(centre=busy, status=Status.RETURNED)
    InterviewFactory(centre=quiet, status=Status.DRAFT)
    InterviewFactory(centre=idle, status=Status.APPROVED)
    page = logged_in(coordinator).get("/review/").content.decode()
    section = page[page.index('id="pending-centres"') :]
    assert section.index("Busy") < section.index("Quiet") and "Idle" not in section
    row = section[section.index(f'data-centre="{busy.pk}"') :]
    row = row[: row.index("</tr>")]
    assert [cell.split("<")[0] for cell in row.split('class="text-end">')[1:]] == ["2", "1", "0"]
