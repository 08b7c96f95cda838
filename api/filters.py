"""The API's query parameters: one table, read by the validation and by the OpenAPI schema.

Records and results take the results page's filters (`reports.filters.ReportFilterForm`, so
the same words mean the same thing) and a few of their own (`updated_since`, `centre`). A new
filter of the results page (a round, say) is one line in `RECORD_PARAMS`: the form inherits
the field and `ReportFilters.apply` applies it.
"""

from dataclasses import dataclass, replace

from django import forms
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError

from centres.models import MEXICAN_STATES, Operator, Sector
from fieldwork.models import Status
from reports.exporters import Values
from reports.filters import ReportFilterForm, ReportFilters
from reports.findings import Split


@dataclass(frozen=True)
class Param:
    name: str
    description: str
    type: OpenApiTypes = OpenApiTypes.STR
    enum: tuple = ()
    many: bool = False

    def openapi(self) -> OpenApiParameter:
        return OpenApiParameter(
            self.name,
            self.type,
            OpenApiParameter.QUERY,
            description=self.description,
            enum=list(self.enum) or None,
            many=self.many or None,
        )


STATE = Param(
    "state", "Centres of this state (its name, as in the registry).", enum=tuple(MEXICAN_STATES)
)
SECTOR = Param("sector", "Centres of this sector.", enum=tuple(Sector.values))
OPERATOR = Param("operator", "Centres run by this operator.", enum=tuple(Operator.values))

#: Filters of interviews, observations and results. One line per filter.
RECORD_PARAMS = (
    STATE,
    SECTOR,
    OPERATOR,
    Param("status", "Record status; repeat for several (`?status=submitted&status=approved`). "
          "Analysts count submitted and approved records only.",
          enum=tuple(Status.values), many=True),
    Param("round", "Round id (`/rounds/`), or `all`: each centre's latest record of any round. "
          "By default the current round (an open round whose period includes today, else the "
          "open round that started last; never one not started yet), as on the results page."),
    Param("date_from", "Visited on or after this date.", OpenApiTypes.DATE),
    Param("date_to", "Visited on or before this date.", OpenApiTypes.DATE),
    Param("updated_since", "Records saved at or after this time (ISO 8601).",
          OpenApiTypes.DATETIME),
    Param("centre", "Records of this centre (its id).", OpenApiTypes.INT),
)  # fmt: skip
CENTRE_PARAMS = (
    STATE,
    SECTOR,
    OPERATOR,
    Param("active", "Active (`true`) or inactive (`false`) centres; both if left out.",
          OpenApiTypes.BOOL),
)  # fmt: skip
RESULT_PARAMS = (
    *(p for p in RECORD_PARAMS if p.name not in ("updated_since", "centre")),
    Param("split", "Counts by sector (default) or by operator.",
          enum=tuple(s.value for s in Split)),
    Param("section", "Only this section: K (knowledge), R (resources) or N (needs).",
          enum=("K", "R", "N")),
)  # fmt: skip
OUTPUT_PARAMS = (
    Param("values", "Answers as codes (default, for scripts) or as labels in the response's "
          "language.", enum=tuple(v.value for v in Values)),
    Param("lang", "Language of labels and messages; otherwise the user's own language (chosen "
          "on the site), else `Accept-Language`, else Spanish.",
          enum=("es", "en")),
)  # fmt: skip
NAMES_PARAM = Param(
    "names",
    "Coordinators only: `1` gives respondents' names as typed; pseudonyms otherwise.",
    enum=("1",),
)


def parameters(*groups) -> list[OpenApiParameter]:
    return [param.openapi() for group in groups for param in group]


class RecordFilterForm(ReportFilterForm):
    """The results page's filters, and those of the record lists."""

    updated_since = forms.DateTimeField(required=False)
    centre = forms.IntegerField(required=False, min_value=1)
    active = forms.NullBooleanField(required=False)
    section = forms.ChoiceField(required=False, choices=[("", ""), *[(c, c) for c in "KRN"]])


def read_filters(query, *, statuses: tuple[str, ...], default: tuple[str, ...] | None = None):
    """The filters of a request's query: `(ReportFilters, cleaned_data)`.

    `statuses`: those the user may see; asking for another is a 400, like any bad value.
    `default`: the statuses when none is asked for (the results: submitted and approved).
    """
    form = RecordFilterForm(query, statuses=statuses)
    if form.ignored_statuses:
        raise ValidationError(
            {"status": [_("You may not read records of this status: %(statuses)s.")
                        % {"statuses": ", ".join(form.ignored_statuses)}]}
        )  # fmt: skip
    if not form.is_valid():
        raise ValidationError(form.errors)
    filters = form.filters()
    if not form.cleaned_data["status"]:
        filters = _with_statuses(filters, default or statuses)
    return filters, form.cleaned_data


def _with_statuses(filters: ReportFilters, statuses) -> ReportFilters:
    return replace(filters, statuses=tuple(statuses))


def read_values(query) -> Values:
    raw = query.get("values", "")
    if raw and raw not in {v.value for v in Values}:
        raise ValidationError({"values": [_("Choose labels or codes.")]})
    return Values(raw) if raw else Values.CODES
