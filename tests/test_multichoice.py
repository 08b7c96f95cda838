"""Multi items round-trip and can be counted per option in the database."""

import pytest
from django.db.models import Count, Q

from interviews.models import Interview

from .factories import InterviewFactory

pytestmark = pytest.mark.django_db


def test_round_trip_keeps_codebook_order():
    interview = InterviewFactory(resources_available=["other", "human", "material"])
    interview.refresh_from_db()
    assert interview.resources_available == ["material", "human", "other"]


def test_empty_is_an_empty_list():
    interview = InterviewFactory()
    interview.refresh_from_db()
    assert interview.resources_available == []
    assert Interview.objects.filter(resources_available=[]).count() == 1


def test_count_per_option_in_the_database():
    InterviewFactory(main_challenges=["care", "coordination"])
    InterviewFactory(main_challenges=["coordination"])
    InterviewFactory(main_challenges=["other"])
    InterviewFactory(technical_support=["case_management"])  # "care" inside another code
    counts = Interview.objects.aggregate(
        care=Count("id", filter=Q(main_challenges__has="care")),
        coordination=Count("id", filter=Q(main_challenges__has="coordination")),
        other=Count("id", filter=Q(main_challenges__has="other")),
        resources=Count("id", filter=Q(main_challenges__has="resources")),
    )
    assert counts == {"care": 1, "coordination": 2, "other": 1, "resources": 0}


def test_option_with_underscore_is_not_a_wildcard():
    InterviewFactory(knows_laws=["migration_law"])
    InterviewFactory(knows_laws=["lgdnna"])
    assert Interview.objects.filter(knows_laws__has="migration_law").count() == 1
    assert Interview.objects.filter(knows_laws__has="migration").count() == 0


def test_unknown_option_is_refused_by_validation():
    from django.core.exceptions import ValidationError

    interview = InterviewFactory()
    interview.knows_laws = ["lgdnna", "made_up"]
    with pytest.raises(ValidationError) as excinfo:
        interview.full_clean()
    assert "knows_laws" in excinfo.value.message_dict
