import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from accounts.roles import Role
from centres.models import Centre, Operator, Sector
from coding.models import Theme
from fieldwork.models import Status
from interviews.models import CoordinationActor, Interview
from observations.models import Observation


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    # Fixed names, not Faker's: a random "Justin Rosales" once made a test that looks for a
    # respondent's name ("Rosa") on the page fail. None of these occurs in any test's data.
    first_name = factory.Iterator(["Lupe", "Tomás", "Irene", "Hugo", "Olga", "Raúl"])
    last_name = factory.Iterator(["Soto", "Vega", "Ortiz", "Núñez", "Cruz", "Reyes"])
    password = factory.django.Password("pass-for-tests-1")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            # get_or_create: transactional (browser) tests flush the migration's groups.
            self.groups.add(Group.objects.get_or_create(name=Role(extracted).value)[0])


class CentreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Centre

    name = factory.Sequence(lambda n: f"Centro de Asistencia Social {n}")
    state = "Tabasco"
    municipality = "Centro"
    sector = Sector.PUBLIC
    operator = Operator.STATE_DIF


class InterviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interview

    centre = factory.SubFactory(CentreFactory)
    interviewer = factory.SubFactory(UserFactory, role=Role.RESEARCHER)
    status = Status.DRAFT
    consent_testimony = True


class CoordinationActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoordinationActor

    interview = factory.SubFactory(InterviewFactory)
    actor_name = factory.Sequence(lambda n: f"Actor {n}")
    actor_sector = "state"


class ObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Observation

    centre = factory.SubFactory(CentreFactory)
    interviewer = factory.SubFactory(UserFactory, role=Role.RESEARCHER)
    status = Status.DRAFT


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    code = factory.Sequence(lambda n: f"theme_{n}")
    label_es = factory.Sequence(lambda n: f"Tema {n}")
    label_en = factory.Sequence(lambda n: f"Theme {n}")
    items = ["main_challenges"]
