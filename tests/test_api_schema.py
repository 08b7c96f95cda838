"""Every endpoint's response, for each role that may read it, in codes and labels and both
languages, validates against the OpenAPI schema that `/api/v1/schema/` serves
(drf-spectacular), checked by openapi-core."""

import json

import pytest
from django.core.cache import cache
from django.test import Client
from openapi_core import OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse
from openapi_core.validation.response.exceptions import InvalidData

from accounts.roles import Role
from plans.models import PlanAction

from .factories import CoordinationActorFactory, InterviewFactory, UserFactory
from .images import make_photo
from .seed_assessment import build

pytestmark = pytest.mark.django_db

#: Every endpoint, with the query strings that change the shape of what it answers.
URLS = [
    "/api/v1/",
    "/api/v1/centres/",
    "/api/v1/centres/?active=true&state=Tabasco&values=labels",
    "/api/v1/centres/{centre}/",
    "/api/v1/centres/{centre}/?values=labels&lang=es",
    "/api/v1/centres/{centre}/plan/",
    "/api/v1/centres/{centre}/plan/?values=labels&lang=en",
    "/api/v1/interviews/",
    "/api/v1/interviews/?values=labels&lang=es&page_size=2",
    "/api/v1/interviews/{interview}/",
    "/api/v1/interviews/{interview}/?values=labels",
    "/api/v1/observations/",
    "/api/v1/observations/?values=labels&lang=en",
    "/api/v1/observations/{observation}/",
    "/api/v1/observations/{observation}/?values=labels&lang=es",
    "/api/v1/results/",
    "/api/v1/results/?split=operator&section=N&lang=es",
    "/api/v1/observations/{observation}/photos/{photo}/",
    "/api/v1/observations/{observation}/photos/{photo}/thumb/",
]
ROLES = (Role.RESEARCHER, Role.COORDINATOR, Role.ANALYST)


@pytest.fixture
def world():
    researcher = UserFactory(username="maria", role=Role.RESEARCHER)
    interviews = build(researcher)
    interview = interviews[0]
    CoordinationActorFactory(interview=InterviewFactory(centre=interview.centre,
                                                        interviewer=researcher))  # fmt: skip
    observation = interview.centre.observations.get()
    observation.consent_photos = True
    observation.save()
    photo = make_photo(observation, researcher)
    PlanAction.objects.create(centre=interview.centre, area="knowledge", priority="high",
                              title="Training", due="2027-01-31")  # fmt: skip
    ids = {"centre": interview.centre_id, "interview": interview.pk,
           "observation": observation.pk, "photo": photo.pk}  # fmt: skip
    users = {role: researcher if role == Role.RESEARCHER else UserFactory(role=role)
             for role in ROLES}  # fmt: skip
    return users, ids


@pytest.fixture
def schema(world):
    users, _ids = world
    client = Client()
    client.force_login(users[Role.COORDINATOR])
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    return response.json()


@pytest.fixture
def openapi(schema):
    return OpenAPI.from_dict(schema)


def test_the_schema_describes_every_endpoint(schema):
    paths = set(schema["paths"])
    assert paths == {
        "/api/v1/", "/api/v1/centres/", "/api/v1/centres/{id}/", "/api/v1/centres/{id}/plan/",
        "/api/v1/interviews/", "/api/v1/interviews/{id}/", "/api/v1/observations/",
        "/api/v1/observations/{id}/", "/api/v1/results/",
        "/api/v1/observations/{id}/photos/{photo_id}/",
        "/api/v1/observations/{id}/photos/{photo_id}/thumb/",
    }  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url", URLS)
def test_every_response_validates_against_the_schema(url, role, world, openapi):
    cache.clear()
    users, ids = world
    client = Client()
    client.force_login(users[role])
    response = client.get(url.format(**ids))
    if response.status_code == 403:
        # Outside the role (researchers: results; analysts: photos, as on the site).
        assert (role == Role.RESEARCHER and "results" in url) or (
            role == Role.ANALYST and "/photos/" in url
        )
        return
    assert response.status_code == 200, response.content[:300]
    openapi.validate_response(
        DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response)
    )


def test_a_response_that_breaks_the_schema_fails_validation(world, openapi):
    """The check can fail: a record whose respondent is a number does not pass."""
    users, ids = world
    client = Client()
    client.force_login(users[Role.COORDINATOR])
    response = client.get(f"/api/v1/interviews/{ids['interview']}/")
    broken = response.json()
    broken["respondent_name"] = 7
    response.content = json.dumps(broken).encode()
    with pytest.raises(InvalidData):
        openapi.validate_response(
            DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response)
        )
