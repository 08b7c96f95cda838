"""The read API, `/api/v1/`. Thin views: the reads are the site's own selectors
(`fieldwork.selectors`, `reports.results`, `plans.selectors`), the role rules its own
predicates (`accounts.roles`, `fieldwork.permissions`, `plans.permissions`)."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotAcceptable, PermissionDenied, ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.roles import (
    can_count_unreviewed,
    can_read_programme,
    can_read_registry,
    can_read_results,
    can_read_submissions,
)
from centres.models import Centre
from fieldwork.models import Status
from fieldwork.selectors import visible_records
from interviews.models import CoordinationActor, Interview
from observations.models import Observation, Photo
from observations.photo_access import photo_response, readable_photo, trace_photo
from plans.permissions import can_read_plan
from plans.selectors import plan
from reports.filters import DEFAULT_STATUSES
from reports.findings import Split, base_sentence, group_label
from reports.observations import observation_summary
from reports.results import interview_results
from reports.selectors import recorded

from .base import ApiMixin, Pages, PersonalReadMixin
from .filters import (
    CENTRE_PARAMS,
    NAMES_PARAM,
    OUTPUT_PARAMS,
    RECORD_PARAMS,
    RESULT_PARAMS,
    RecordFilterForm,
    parameters,
    read_filters,
)
from .serializers import (
    CentreSerializer,
    InterviewSerializer,
    ObservationSerializer,
    PlanSerializer,
    ResultsSerializer,
)
from .throttling import ResultsThrottle, UserThrottle


class CanReadCentres(permissions.BasePermission):
    """The registry: the fieldwork team (centre pages) and analysts (the exports' sheet)."""

    def has_permission(self, request, view) -> bool:
        return can_read_registry(request.user) or can_read_results(request.user)


class CanReadRecords(permissions.BasePermission):
    """The fieldwork team (what they may see on the site) and analysts (submitted and
    approved records, pseudonymous, like the exports' row sheets)."""

    def has_permission(self, request, view) -> bool:
        return can_read_submissions(request.user) or can_read_results(request.user)


class CanReadResults(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return can_read_results(request.user)


#: The endpoints the root lists, by their URL names.
ROOT_LINKS = {
    "centres": "api:centre-list",
    "interviews": "api:interview-list",
    "observations": "api:observation-list",
    "results": "api:results",
    "schema": "api:schema",
    "docs": "api:docs",
}


class ApiRoot(ApiMixin, APIView):
    @extend_schema(
        responses=inline_serializer(
            "ApiRoot", {name: serializers.URLField() for name in ROOT_LINKS}
        ),
        parameters=parameters(OUTPUT_PARAMS[1:]),
    )
    def get(self, request):
        """The addresses of the API's endpoints."""
        return Response(
            {name: request.build_absolute_uri(reverse(url)) for name, url in ROOT_LINKS.items()}
        )


def _query(request, names) -> dict:
    return {
        name: request.query_params.getlist(name) for name in names if name in request.query_params
    }


@extend_schema_view(
    list=extend_schema(parameters=parameters(CENTRE_PARAMS, OUTPUT_PARAMS)),
    retrieve=extend_schema(parameters=parameters(OUTPUT_PARAMS)),
)
class CentreViewSet(ApiMixin, viewsets.ReadOnlyModelViewSet):
    """The registry of centres."""

    permission_classes = [*ApiMixin.permission_classes, CanReadCentres]
    serializer_class = CentreSerializer
    pagination_class = Pages
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        centres = Centre.objects.order_by("id")
        if self.action != "list":
            return centres
        form = RecordFilterForm(self.request.query_params, statuses=Status.values)
        if not form.is_valid():
            raise ValidationError(form.errors)
        centres = form.filters().apply_to_centres(centres)
        if form.cleaned_data["active"] is not None:
            centres = centres.filter(active=form.cleaned_data["active"])
        return centres

    @extend_schema(responses=PlanSerializer, parameters=parameters(OUTPUT_PARAMS))
    @action(detail=True, methods=["get"], permission_classes=ApiMixin.permission_classes)
    def plan(self, request, pk=None):
        """The centre's support plan: every action (dropped and obsolete ones flagged), by
        area and priority. Coordinators and analysts read any centre's; researchers those of
        the centres they visited."""
        user = request.user
        centre = get_object_or_404(Centre, pk=pk)
        if not (can_read_programme(user) or can_read_plan(user, centre)):
            raise PermissionDenied
        shown = plan(centre, with_why=False)
        data = {
            "centre_id": centre.pk,
            "centre": centre.name,
            "actions": [item.action for item in shown.items],
        }
        return Response(PlanSerializer(data, context=self.get_serializer_context()).data)


class RecordViewSet(PersonalReadMixin, ApiMixin, viewsets.ReadOnlyModelViewSet):
    """Interviews or observations: what the user may see on the site, analysts the submitted
    and approved ones. Respondents and researchers as in the site's exports."""

    permission_classes = [*ApiMixin.permission_classes, CanReadRecords]
    pagination_class = Pages
    lookup_value_regex = "[0-9]+"
    model = Interview
    related: tuple = ()

    def allowed_statuses(self) -> tuple[str, ...]:
        user = self.request.user
        return tuple(Status.values) if can_read_submissions(user) else DEFAULT_STATUSES

    def get_queryset(self):
        user = self.request.user
        if can_read_submissions(user):
            records = visible_records(self.model, user)
        else:
            records = self.model.objects.select_related("centre", "interviewer").filter(
                status__in=DEFAULT_STATUSES
            )
        records = records.prefetch_related(*self.related).order_by("id")
        if self.action != "list":
            return records
        filters, data = read_filters(self.request.query_params, statuses=self.allowed_statuses())
        #: The round applied (asked for, or the current one by default): in the audit entry.
        self.round_applied = filters.round if filters.round is not None else "all"
        records = filters.apply(records)
        if data["updated_since"]:
            records = records.filter(updated_at__gte=data["updated_since"])
        if data["centre"]:
            records = records.filter(centre_id=data["centre"])
        return records

    @extend_schema(parameters=parameters(RECORD_PARAMS, OUTPUT_PARAMS, [NAMES_PARAM]))
    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        self.audit_read(
            request,
            count=len(response.data["results"]),
            filters=_query(request, [p.name for p in RECORD_PARAMS] + ["page", "page_size"]),
            applied={"round": self.round_applied},
        )
        return response

    @extend_schema(parameters=parameters(OUTPUT_PARAMS, [NAMES_PARAM]))
    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        self.audit_read(request, count=1, filters={}, record_id=response.data["id"])
        return response


@extend_schema(tags=["interviews"])
class InterviewViewSet(RecordViewSet):
    """Interview questionnaires, each with its coordination actors."""

    model = Interview
    serializer_class = InterviewSerializer
    audit_what = "interviews"
    related = (Prefetch("coordination_actors", CoordinationActor.objects.order_by("id")),)


@extend_schema(tags=["observations"])
class ObservationViewSet(RecordViewSet):
    """Observation formats, each with its photos as links to the API's photo endpoints (a
    token opens them; the site's photo rules apply)."""

    model = Observation
    serializer_class = ObservationSerializer
    audit_what = "observations"
    related = (Prefetch("photos", Photo.objects.order_by("created_at", "id")),)


class ResultsView(ApiMixin, APIView):
    """The results page's numbers by section (K, R, N), with its filters: each centre counted
    once (its latest interview within the filters)."""

    permission_classes = [*ApiMixin.permission_classes, CanReadResults]
    throttle_classes = [UserThrottle, ResultsThrottle]

    @extend_schema(
        responses=ResultsSerializer, parameters=parameters(RESULT_PARAMS, OUTPUT_PARAMS[1:])
    )
    def get(self, request):
        user = request.user
        statuses = tuple(Status.values) if can_count_unreviewed(user) else DEFAULT_STATUSES
        filters, data = read_filters(request.query_params, statuses=statuses,
                                     default=DEFAULT_STATUSES)  # fmt: skip
        split = filters.split
        sections = interview_results(filters)
        base = sections[0].items[0].base
        counted = recorded(filters, Interview).count()
        wanted = data["section"]
        body = {
            "split": split.value,
            "groups": {code: str(group_label(split, code)) for code in split.groups},
            "statuses": list(filters.statuses),
            "centres": _counts(base, split),
            "interviews": counted,
            "summary": str(base_sentence(base, counted, split)),
            "sections": [
                {
                    "code": section.section.code,
                    "title": str(section.section.title),
                    "items": [_item(result, split) for result in section.items],
                }
                for section in sections
                if not wanted or section.section.code == wanted
            ],
            "observations": _observations(observation_summary(filters)),
        }
        return Response(ResultsSerializer(body).data)


def _counts(tally, split) -> dict[str, int]:
    return {**dict(tally.by(split)), "total": tally.total}


def _observations(summary) -> dict:
    """The observation summary, by sector as on the results page."""
    sector = Split.SECTOR

    def answers(rows):
        return [{"code": a.code, "label": str(a.label), "counts": _counts(a.tally, sector)}
                for a in rows]  # fmt: skip

    return {
        "centres": _counts(summary.base, sector),
        "over_capacity": _counts(summary.over_capacity, sector),
        "spaces": [
            {
                "code": total.item.code,
                "question": str(total.item.label),
                "present": _counts(total.present, sector),
                "missing": _counts(total.missing, sector),
            }
            for total in summary.space_totals
        ],
        "population_received": answers(summary.population),
        "duration_of_stay": answers(summary.duration),
    }


def _item(result, split) -> dict:
    return {
        "code": result.item.code,
        "question": str(result.item.label),
        "type": result.item.type.value,
        "centres": _counts(result.base, split),
        "asked": _counts(result.asked, split),
        "answers": [
            {"code": a.code, "label": str(a.label), "counts": _counts(a.tally, split)}
            for a in result.answers
        ],
        "findings": [str(f) for f in result.findings],
    }


class AnyAccept(DefaultContentNegotiation):
    """A photo is JPEG whatever the client accepts (`Accept: image/jpeg` included); only an
    error is rendered, as JSON."""

    def select_renderer(self, request, renderers, format_suffix=None):
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except NotAcceptable:
            return renderers[0], renderers[0].media_type


class PhotoFileView(ApiMixin, APIView):
    """A photo of an observation, as JPEG, with a token or a session: the site's photo rules
    (the fieldwork team, each the records they may see; analysts none), and reading the photo
    itself is in the audit log (`api:photo`), as on the site."""

    content_negotiation_class = AnyAccept
    thumbnail = False

    @extend_schema(
        tags=["observations"],
        responses={
            (200, "image/jpeg"): OpenApiTypes.BINARY,
            (403, "application/json"): OpenApiTypes.OBJECT,
            (404, "application/json"): OpenApiTypes.OBJECT,
        },
    )
    def get(self, request, pk: int, photo_id: int):
        photo = readable_photo(request.user, pk, photo_id)
        if not self.thumbnail:
            trace_photo(request.user, photo, what="api:photo")
        return photo_response(photo, thumbnail=self.thumbnail)


class PhotoThumbnailView(PhotoFileView):
    """A photo's thumbnail, as JPEG (the galleries', not traced), under the photo's rules."""

    thumbnail = True
