"""What the API answers: centres, interviews (with their coordination actors), observations
(with their photos as links to the API's permission-checked photo endpoints), results and
support plans.

Record serializers are built from the instrument specs, so a new question is in the API (and
its schema) with no change here. The serializer context carries the request's output options
(`api.views.Output`: codes or labels, names or pseudonyms).
"""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from centres.models import Operator, RegistryStatus, Sector
from fieldwork.models import Status
from fieldwork.spec import ItemType
from interviews.spec import ACTOR_ITEMS, INTERVIEW
from observations.models import Space
from observations.spec import OBSERVATION
from plans.models import ActionStatus, Area, Priority
from reports.exporters import researcher_pseudonym

from .fields import NULLABLE_STRING, TextField, answer_fields, output


@extend_schema_field(NULLABLE_STRING)
class ChoiceField(serializers.Field):
    """A model choice: its code, or its label in the response's language (labels)."""

    def __init__(self, choices, **kwargs):
        self.table = dict(choices)
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        if not value:
            return None
        if output(self).labels:
            return str(self.table.get(value, value))
        return value


@extend_schema_field({"type": "string"})
class ResearcherField(serializers.Field):
    """The researcher: their username for coordinators, a pseudonym (`R-…`) otherwise, as in
    the site's exports."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, source="interviewer.username", **kwargs)

    def to_representation(self, value):
        return value if output(self).researcher_names else researcher_pseudonym(value)


class CentreSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    state = serializers.CharField(read_only=True)
    municipality = serializers.CharField(read_only=True)
    address = serializers.CharField(read_only=True)
    sector = ChoiceField(Sector.choices)
    operator = ChoiceField(Operator.choices)
    specialises_in_migrant_children = serializers.BooleanField(read_only=True, allow_null=True)
    registry_status = ChoiceField(RegistryStatus.choices)
    capacity = serializers.IntegerField(read_only=True, allow_null=True)
    active = serializers.BooleanField(read_only=True)


class RecordSerializer(serializers.Serializer):
    """What every record shares; the instrument's answers are added by `record_serializer`."""

    id = serializers.IntegerField(read_only=True)
    uid = serializers.UUIDField(read_only=True)
    centre_id = serializers.IntegerField(read_only=True)
    centre = serializers.CharField(read_only=True, source="centre.name")
    sector = ChoiceField(Sector.choices, source="centre.sector")
    operator = ChoiceField(Operator.choices, source="centre.operator")
    state = serializers.CharField(read_only=True, source="centre.state")
    status = ChoiceField(Status.choices)
    interviewer = ResearcherField()
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)
    submitted_at = serializers.DateTimeField(read_only=True, allow_null=True)
    reviewed_at = serializers.DateTimeField(read_only=True, allow_null=True)

    #: The record's personal answers (the respondent's name), masked in its other texts when
    #: names are not shown; set for each record in turn.
    personal_values: list[str] = []

    def to_representation(self, instance):
        self.personal_values = [
            value
            for item in instance.spec.items
            if item.personal and (value := getattr(instance, item.code, ""))
        ]
        return super().to_representation(instance)


class ActorSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    actor_name = TextField(ACTOR_ITEMS[0])
    actor_sector = ChoiceField([(o.code, o.label) for o in ACTOR_ITEMS[1].options])

    @property
    def personal_values(self) -> list[str]:
        """The interview's: an actor's name may hold the respondent's."""
        return self.parent.parent.personal_values


class PhotoSerializer(serializers.Serializer):
    """A photo as links to the API's photo endpoints, which check who may see it as the site
    does and take the same token (the files are never at a public address)."""

    id = serializers.IntegerField(read_only=True)
    space = ChoiceField(Space.choices)
    caption = serializers.CharField(read_only=True)
    url = serializers.SerializerMethodField()
    thumbnail_url = serializers.SerializerMethodField()

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    def get_url(self, photo) -> str:
        return self._absolute(
            reverse("api:observation-photo", args=[photo.observation_id, photo.pk])
        )

    def get_thumbnail_url(self, photo) -> str:
        return self._absolute(
            reverse("api:observation-photo-thumb", args=[photo.observation_id, photo.pk])
        )


def record_serializer(spec, **extra) -> type[serializers.Serializer]:
    """A serializer of the instrument's records: the shared fields, then every item of `spec`
    by its code (notes after their item), then the fields `extra` builds (after the items:
    fields are ordered by when they were made)."""
    name = f"{spec.code.title()}Serializer"
    answers = answer_fields(spec)
    attrs = {"__module__": __name__, **answers, **{k: make() for k, make in extra.items()}}
    return serializers.SerializerMetaclass(name, (RecordSerializer,), attrs)


InterviewSerializer = record_serializer(
    INTERVIEW, coordination_actors=lambda: ActorSerializer(many=True, read_only=True)
)
ObservationSerializer = record_serializer(
    OBSERVATION, photos=lambda: PhotoSerializer(many=True, read_only=True)
)

# Results, by section: the numbers of the results page.


class CountsField(serializers.DictField):
    """Centres per group of the split (`public`, `private`; or the operators) and `total`."""

    child = serializers.IntegerField()


class AnswerCountSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="The answer's code; `blank` is not answered, "
                                 "`not_applicable` not asked (skip logic).")  # fmt: skip
    label = serializers.CharField()
    counts = CountsField()


class ItemResultSerializer(serializers.Serializer):
    code = serializers.CharField()
    question = serializers.CharField()
    type = serializers.ChoiceField(choices=[t.value for t in ItemType])
    centres = CountsField(help_text="Centres counted (their latest record within the filters).")
    asked = CountsField(help_text="Centres asked the question (skip logic): the `of N`.")
    answers = AnswerCountSerializer(many=True)
    findings = serializers.ListField(child=serializers.CharField())


class SectionResultSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    items = ItemResultSerializer(many=True)


class SpaceCountSerializer(serializers.Serializer):
    code = serializers.CharField()
    question = serializers.CharField()
    present = CountsField()
    missing = CountsField()


class ObservationSummarySerializer(serializers.Serializer):
    """The results page's observation summary, by sector (as on the page): each centre's
    latest observation within the filters."""

    centres = CountsField()
    over_capacity = CountsField(help_text="Centres with more people present than expected.")
    spaces = SpaceCountSerializer(many=True)
    population_received = AnswerCountSerializer(many=True)
    duration_of_stay = AnswerCountSerializer(many=True)


class ResultsSerializer(serializers.Serializer):
    split = serializers.CharField()
    groups = serializers.DictField(child=serializers.CharField(),
                                   help_text="Each group's code and label.")  # fmt: skip
    statuses = serializers.ListField(child=serializers.CharField(),
                                     help_text="The record statuses counted.")  # fmt: skip
    centres = CountsField(help_text="Centres counted, each once (its latest interview).")
    interviews = serializers.IntegerField(help_text="Interviews within the filters.")
    summary = serializers.CharField(help_text="The results page's line above the results.")
    sections = SectionResultSerializer(many=True)
    observations = ObservationSummarySerializer()


# The support plan of a centre.


class ActionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    area = ChoiceField(Area.choices)
    priority = ChoiceField(Priority.choices)
    rule = serializers.CharField(read_only=True, allow_null=True)
    title = serializers.CharField(read_only=True, source="display_title")
    text = serializers.CharField(read_only=True, source="display_text")
    owner = serializers.CharField(read_only=True)
    due = serializers.DateField(read_only=True, allow_null=True)
    status = ChoiceField(ActionStatus.choices)
    obsolete = serializers.BooleanField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)


class PlanSerializer(serializers.Serializer):
    centre_id = serializers.IntegerField()
    centre = serializers.CharField()
    actions = ActionSerializer(many=True)
