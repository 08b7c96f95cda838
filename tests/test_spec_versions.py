"""The instrument changes between two rounds: a test-only version 2 of the interview adds a
question (`special_situation_guidelines`) and an option (`technical_support`: links with
actors). Records of version 1 were not asked them: shown as such, counted apart, never as a No,
and not comparable with the follow-up's answers."""

import dataclasses
import datetime
import re
from contextlib import contextmanager

import pytest
from django.urls import reverse

from fieldwork.models import Round, Status, default_round
from fieldwork.spec import Item
from interviews.models import Interview
from interviews.spec import INTERVIEW
from reports.changes import compare_rounds
from reports.filters import ReportFilters
from reports.results import interview_results

from .factories import CentreFactory, InterviewFactory
from .payloads import complete_payload

pytestmark = pytest.mark.django_db

ADDED_ITEM = "special_situation_guidelines"
ADDED_OPTION = ("technical_support", "links_with_actors")


def _in_version_2(item: Item) -> Item:
    if item.code == ADDED_ITEM:
        return dataclasses.replace(item, since=2)
    if item.code == ADDED_OPTION[0]:
        options = tuple(
            dataclasses.replace(o, since=2) if o.code == ADDED_OPTION[1] else o
            for o in item.options
        )
        return dataclasses.replace(item, options=options)
    return item


@contextmanager
def interview_version_2():
    """The interview spec as version 2, in place (everything reads the one spec object)."""
    saved = (INTERVIEW.version, INTERVIEW.sections, INTERVIEW._by_code)
    sections = tuple(
        dataclasses.replace(s, items=tuple(_in_version_2(i) for i in s.items))
        for s in INTERVIEW.sections
    )
    object.__setattr__(INTERVIEW, "version", 2)
    object.__setattr__(INTERVIEW, "sections", sections)
    object.__setattr__(INTERVIEW, "_by_code", {i.code: i for i in INTERVIEW.items})
    try:
        yield INTERVIEW
    finally:
        for name, value in zip(("version", "sections", "_by_code"), saved, strict=True):
            object.__setattr__(INTERVIEW, name, value)


@pytest.fixture
def two_rounds(researcher_client, researcher):
    """A centre interviewed with version 1 in the baseline, then with version 2."""
    baseline = default_round()
    centre = CentreFactory()
    first = InterviewFactory(
        centre=centre, round=baseline, status=Status.SUBMITTED, spec_version=1,
        visit_date=datetime.date(2022, 4, 1), special_situation_guidelines=None,
        technical_support=["information"],
    )  # fmt: skip
    Round.objects.filter(pk=baseline.pk).update(is_open=False)
    follow_up = Round.objects.create(name="2026 follow-up", starts_on=datetime.date(2026, 9, 1))
    with interview_version_2():
        data = complete_payload(INTERVIEW, centre)
        data.update(
            round=follow_up.pk,
            special_situation_guidelines="True",
            technical_support=["information", "links_with_actors"],
        )
        response = researcher_client.post(reverse("interviews:new"), data)
        assert response.status_code == 302, response.content.decode()[:2000]
        second = Interview.objects.get(round=follow_up)
        yield centre, baseline, follow_up, first, second


def test_a_record_stores_the_version_it_was_filled_with(two_rounds):
    _centre, _baseline, _follow_up, first, second = two_rounds
    first.refresh_from_db()
    assert (first.spec_version, second.spec_version) == (1, 2)


def _removed_in_version_3(item: Item) -> Item:
    if item.code == ADDED_ITEM:
        return dataclasses.replace(item, since=2, until=3)
    if item.code == ADDED_OPTION[0]:
        options = tuple(
            dataclasses.replace(o, since=2, until=3) if o.code == ADDED_OPTION[1] else o
            for o in item.options
        )
        return dataclasses.replace(item, options=options)
    return item


def test_the_form_asks_only_what_its_version_has(researcher_client, centre):
    with interview_version_2():
        page = researcher_client.get(reverse("interviews:new")).content.decode()
        assert 'name="special_situation_guidelines"' in page
        assert 'value="links_with_actors"' in page
        # A version 3 that removes them again: its form does not ask them.
        saved = INTERVIEW.sections
        sections = tuple(
            dataclasses.replace(s, items=tuple(_removed_in_version_3(i) for i in s.items))
            for s in saved
        )
        object.__setattr__(INTERVIEW, "version", 3)
        object.__setattr__(INTERVIEW, "sections", sections)
        object.__setattr__(INTERVIEW, "_by_code", {i.code: i for i in INTERVIEW.items})
        page = researcher_client.get(reverse("interviews:new")).content.decode()
    assert 'name="special_situation_guidelines"' not in page
    assert 'value="links_with_actors"' not in page


def test_the_record_page_says_not_asked_in_this_version(researcher_client, two_rounds):
    _centre, _baseline, _follow_up, first, second = two_rounds
    with interview_version_2():
        old = researcher_client.get(first.get_absolute_url()).content.decode()
        new = researcher_client.get(second.get_absolute_url()).content.decode()
    block = re.search(r'data-item="special_situation_guidelines">(.*?)</div>\s*</div>', old, re.S)
    assert 'data-answer="not_asked"' in block.group(1)
    assert "Not asked in this version" in block.group(1)
    assert "instrument version 1" in old
    assert "instrument version 2" in new
    assert "Not asked in this version" not in new


def test_results_count_not_asked_apart_never_as_no(two_rounds):
    _centre, baseline, follow_up, _first, _second = two_rounds
    with interview_version_2():
        for filters, expected in (
            (ReportFilters(round=baseline.pk), {"yes": 0, "no": 0, "not_in_version": 1}),
            (ReportFilters(round=follow_up.pk), {"yes": 1, "no": 0, "not_in_version": 0}),
        ):
            result = next(r for s in interview_results(filters) for r in s.items
                          if r.item.code == ADDED_ITEM)  # fmt: skip
            counts = {a.code: a.tally.total for a in result.answers}
            assert {k: counts[k] for k in expected} == expected
            assert result.asked.total == 1 - expected["not_in_version"]


def test_changes_between_the_versions_are_not_comparable(client, coordinator, two_rounds):
    centre, baseline, follow_up, _first, _second = two_rounds
    client.force_login(coordinator)
    with interview_version_2():
        comparison = compare_rounds(ReportFilters(), baseline, follow_up)
        html = client.get(reverse("plans:changes", args=[centre.pk])).content.decode()
    guidelines = next(m for m in comparison.moves if m.code == ADDED_ITEM)
    links = next(m for m in comparison.moves if m.code == "technical_support.links_with_actors")
    assert (guidelines.gained.total, guidelines.lost.total) == (0, 0)
    assert (links.gained.total, links.now.total) == (0, 1)  # ticked now, but never a new need
    assert re.search(r'data-item="special_situation_guidelines" data-outcome="not_comparable"',
                     html)  # fmt: skip
    assert 'data-option="links_with_actors" data-outcome="not_comparable"' in html
    assert "Not asked in this version" in html
