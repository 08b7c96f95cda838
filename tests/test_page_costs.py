"""What the field pages cost as the registry and the records grow (issue 18, item 3)."""

import pytest
from django.test import Client, override_settings

from fieldwork.models import Status
from fieldwork.selectors import centres_with_pending_work

from .factories import CentreFactory, InterviewFactory, ObservationFactory

pytestmark = pytest.mark.django_db


def test_the_pending_centres_are_counted_ordered_and_cut_by_the_database(coordinator):
    busy, quiet, idle, drafting = (CentreFactory(name=n) for n in ("Busy", "Quiet", "Idle", "D"))
    for _ in range(3):
        InterviewFactory(centre=busy, status=Status.SUBMITTED)
    ObservationFactory(centre=busy, status=Status.SUBMITTED)
    ObservationFactory(centre=quiet, status=Status.SUBMITTED)
    InterviewFactory(centre=quiet, status=Status.RETURNED)
    InterviewFactory(centre=idle, status=Status.APPROVED)
    InterviewFactory(centre=drafting, status=Status.DRAFT)
    ObservationFactory(centre=drafting, status=Status.DRAFT)
    listed, total = centres_with_pending_work(2)
    assert total == 3  # the idle centre has nothing pending
    assert [(c.name, c.awaiting, c.returned, c.drafts) for c in listed] == [
        ("Busy", 4, 0, 0),
        ("Quiet", 1, 1, 0),
    ]
    assert centres_with_pending_work(5)[0][-1].drafts == 2
    assert centres_with_pending_work(5)[1] == 3
    # The page says how many it leaves out.
    client = Client()
    client.force_login(coordinator)
    with override_settings(PAGINATE_BY=2):
        page = client.get("/review/").content.decode()
    assert "The 2 with most awaiting review, of 3 centres with work pending." in page
    assert not centres_with_pending_work(0)[0]
