import tempfile

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from accounts.language import supported
from accounts.roles import (
    can_count_unreviewed,
    can_read_researcher_names,
    can_read_results,
    is_coordinator,
)
from audit.services import record_access
from fieldwork.models import Status
from interviews.models import Interview

from . import background
from .charts import sector_bars
from .exporters import ROW_SHEETS, Values, workbook_exporters
from .extensions import result_sections
from .filters import DEFAULT_STATUSES, ReportFilterForm, refused
from .findings import base_sentence, group_label
from .freshness import data_version
from .observations import observation_matrix, observation_summary, space_items
from .renderers import csv_lines, write_xlsx
from .results import interview_results
from .selectors import recorded

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filters(request):
    if not can_read_results(request.user):
        raise PermissionDenied
    # Analysts count neither drafts nor returned records, whatever the address asks for.
    statuses = Status.values if can_count_unreviewed(request.user) else DEFAULT_STATUSES
    form = ReportFilterForm(request.GET or None, statuses=statuses)
    return form, form.filters()


def _names(request) -> bool:
    """Only coordinators may ask for respondent names in exports (`?names=1`)."""
    return request.GET.get("names") == "1" and is_coordinator(request.user)


@require_safe
def results_view(request):
    form, filters = _filters(request)
    is_refused = refused(form)
    filter_query = _filter_query(request)
    results = _Results(filters)
    return render(
        request,
        "reports/results.html",
        {
            "form": form,
            # The counts below the filters are cached, keyed by what they depend on: the
            # data's version, the filters (with the statuses this role may count), the
            # language and the filters' query (links). Computed only when not cached.
            "results_key": "|".join(
                [data_version(), translation.get_language(), repr(filters), filter_query]
            ),
            "sections": SimpleLazyObject(lambda: results.sections),
            "base": SimpleLazyObject(lambda: results.base),
            "base_line": SimpleLazyObject(lambda: results.base_line),
            "groups": SimpleLazyObject(lambda: results.groups),
            "observations": SimpleLazyObject(lambda: results.observations),
            # Sections other apps register (reports/extensions.py): the coded themes.
            "extra_sections": SimpleLazyObject(lambda: results.extra_sections),
            "counted_statuses": [Status(s).label for s in filters.statuses],
            "ignored_statuses": [Status(s).label for s in form.ignored_statuses],
            "value_choices": [
                (Values.LABELS.value, _("Labels (to read)")),
                (Values.CODES.value, _("Codes (for scripts)")),
            ],
            "csv_sheets": [
                ("centres", _("Centres")),
                ("interviews", _("Interviews")),
                ("actors", _("Actors")),
                ("observations", _("Observations")),
            ],
            "query_items": [
                (key, value)
                for key, values in request.GET.lists()
                if key not in ("names", "lang", "values")
                for value in values
            ],
            "filter_query": filter_query,
            "refused": is_refused,
        },
        status=400 if is_refused else 200,
    )


class _Results:
    """The counts of the results page, each computed when first asked for: not at all when
    the page's cached copy is used."""

    def __init__(self, filters):
        self.filters = filters

    @cached_property
    def sections(self):
        split = self.filters.split
        sections = interview_results(self.filters)
        for section in sections:
            for result in section.items:
                result.chart = sector_bars(
                    result.chart_rows, str(result.item.label), result.asked, split
                )
        return sections

    @cached_property
    def base(self):
        return self.sections[0].items[0].base

    @cached_property
    def base_line(self):
        count = recorded(self.filters, Interview).count()
        return base_sentence(self.base, count, self.filters.split)

    @cached_property
    def groups(self):
        split = self.filters.split
        return [(code, group_label(split, code)) for code in split.groups]

    @cached_property
    def observations(self):
        return observation_summary(self.filters)

    @cached_property
    def extra_sections(self):
        return result_sections(self.filters)


def _filter_query(request) -> str:
    """The page's filters as a query string, for the links between the results pages."""
    query = request.GET.copy()
    for key in ("page", "names", "lang"):
        query.pop(key, None)
    return query.urlencode()


@require_safe
def observation_matrix_view(request):
    """The centre × space matrix, a page at a time, with the results page's filters."""
    form, filters = _filters(request)
    if refused(form):
        return results_view(request)
    return render(
        request,
        "reports/observation_matrix.html",
        {
            "page": observation_matrix(filters, request.GET.get("page")),
            "spaces": space_items(),
            "query": _filter_query(request),
        },
    )


def _language(request) -> str:
    """Exports speak the request's language unless `?lang=` asks for another."""
    code = request.GET.get("lang", "")
    return code if supported(code) else translation.get_language()


def _in_language(language: str, lines):
    """Stream in `language`: the rows are rendered after the view has returned."""
    with translation.override(language):
        yield from lines


def _values(request) -> Values:
    """`?values=codes` for scripts; labels otherwise."""
    return Values.of(request.GET.get("values"))


def _stamp() -> str:
    return timezone.localtime().strftime("%Y%m%d-%H%M")


@require_safe
def workbook_view(request):
    form, filters = _filters(request)
    if refused(form):  # the results page, its filters' errors at their fields (400)
        return results_view(request)
    names = _names(request)
    language = _language(request)
    options = {
        "names": names,
        "researcher_names": can_read_researcher_names(request.user),
        "base_url": request.build_absolute_uri("/"),
        "values": _values(request),
    }
    # Counted first: a large workbook is built in the background and lands in My exports.
    rows = background.row_count(filters)
    if rows > settings.EXPORT_BACKGROUND_ROWS:
        background.start_workbook(
            request.user, filters, language=language, total_rows=rows, **options
        )
        messages.info(
            request,
            _(
                "The workbook has %(rows)s rows: it is being prepared. You may leave this page; "
                "it will be here when it is ready."
            )
            % {"rows": f"{rows:,}"},
        )
        return redirect("reports:exports")
    # XlsxWriter (constant memory) streams rows to temporary files; the finished zip is spooled
    # to disk past 8 MiB, so memory stays flat however many records there are.
    target = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    with translation.override(language):
        written = write_xlsx(workbook_exporters(filters, **options), target)
    record_access(
        request.user, "workbook", filters=_audited(filters, request), with_names=names,
        rows=written, fmt="xlsx",
    )  # fmt: skip
    target.seek(0)
    return FileResponse(
        target, as_attachment=True, filename=f"cas-assessment-{_stamp()}.xlsx", content_type=XLSX
    )


def _audited(filters, request) -> dict:
    """What the audit log keeps of a download: the filters and the download's options."""
    return {**filters.to_json(), "values": _values(request).value, "lang": _language(request)}


def _with_base(exporter, request):
    exporter.base_url = request.build_absolute_uri("/")
    return exporter


@require_safe
def csv_view(request, sheet: str):
    form, filters = _filters(request)
    exporter_class = ROW_SHEETS.get(sheet)
    if exporter_class is None:
        raise Http404
    if refused(form):
        return results_view(request)
    exporter = exporter_class(
        filters,
        names=_names(request),
        researcher_names=can_read_researcher_names(request.user),
        values=_values(request),
    )
    exporter = _with_base(exporter, request)
    record_access(
        request.user, f"csv:{sheet}", filters=_audited(filters, request),
        with_names=exporter.names, rows=exporter.queryset().count(), fmt="csv",
    )  # fmt: skip
    response = StreamingHttpResponse(
        _in_language(_language(request), csv_lines(exporter)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{sheet}-{_stamp()}.csv"'
    return response
