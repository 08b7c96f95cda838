import pytest
from django.core.cache import cache
from django.core.management import call_command

from accounts.roles import Role

from .factories import CentreFactory, UserFactory


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with nothing cached (the results page's cached counts, say): a test
    database rolled back to the same state must not meet another test's copy."""
    cache.clear()


@pytest.fixture
def centre(db):
    return CentreFactory()


@pytest.fixture
def researcher(db):
    return UserFactory(username="researcher1", role=Role.RESEARCHER)


@pytest.fixture
def other_researcher(db):
    return UserFactory(username="researcher2", role=Role.RESEARCHER)


@pytest.fixture
def coordinator(db):
    return UserFactory(username="coordinator1", role=Role.COORDINATOR)


@pytest.fixture
def analyst(db):
    return UserFactory(username="analyst1", role=Role.ANALYST)


@pytest.fixture
def researcher_client(client, researcher):
    client.force_login(researcher)
    return client


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def five_centres(db):
    call_command("loaddata", "centres", verbosity=0)
