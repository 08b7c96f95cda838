"""Create, edit and read views shared by both instruments.

Each instrument app subclasses `InstrumentViews` with its model and form, and exposes
`urls()`: `new/`, `<id>/` and `<id>/edit/`. Workflow writes live in services.py.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.forms import BaseFormSet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.roles import can_fill_forms, can_read_submissions, is_coordinator
from centres.models import Centre

from . import services
from .display import answer_sections
from .forms import RecordForm, ReviewForm
from .history import change_log
from .models import Record
from .permissions import can_edit_record, can_review_record, can_view_record
from .selectors import awaiting_review


class InstrumentViews:
    model: type[Record]
    form_class: type[RecordForm]
    #: Related rows edited with the record, keyed by the spec's repeat item code.
    formset_classes: dict[str, type[BaseFormSet]] = {}
    #: Related models whose history shows on the record's page, keyed by their foreign key.
    related_history: dict[str, type] = {}

    def urls(self) -> list:
        return [
            path("new/", self.create, name="new"),
            path("<int:pk>/", require_safe(self.detail), name="detail"),
            path("<int:pk>/edit/", self.edit, name="edit"),
            path("<int:pk>/review/", require_POST(self.review), name="review"),
        ]

    # Views

    def create(self, request: HttpRequest) -> HttpResponse:
        if not can_fill_forms(request.user):
            raise PermissionDenied
        initial = {}
        centre_id = request.GET.get("centre")
        if centre_id:
            if not centre_id.isdigit():
                raise Http404
            initial["centre"] = get_object_or_404(Centre, pk=centre_id)
        return self._form_page(request, self.model(), initial)

    def edit(self, request: HttpRequest, pk: int) -> HttpResponse:
        record = self._get_visible(request, pk)
        if not can_edit_record(request.user, record):
            if not can_fill_forms(request.user):
                raise PermissionDenied
            messages.info(request, _("This record has been submitted and can no longer be edited."))
            return redirect(record)
        return self._form_page(request, record, {})

    def detail(self, request: HttpRequest, pk: int, review_form=None) -> HttpResponse:
        record = self._get_visible(request, pk)
        user = request.user
        if review_form is None and can_review_record(user, record):
            review_form = ReviewForm()
        return render(
            request,
            "fieldwork/record_detail.html",
            {
                "record": record,
                "spec": record.spec,
                "sections": answer_sections(record),
                "can_edit": can_edit_record(user, record),
                "review_form": review_form,
                "history": change_log(record, self.related_history)
                if is_coordinator(user)
                else None,
            },
            status=400 if review_form is not None and review_form.errors else 200,
        )

    def review(self, request: HttpRequest, pk: int) -> HttpResponse:
        record = self._get_visible(request, pk)
        if not is_coordinator(request.user):
            raise PermissionDenied
        if not can_review_record(request.user, record):
            messages.info(request, _("This record is not waiting for review."))
            return redirect(record)
        form = ReviewForm(request.POST)
        if not form.is_valid():
            return self.detail(request, pk, review_form=form)
        comment = form.cleaned_data["comment"]
        if form.cleaned_data["decision"] == ReviewForm.APPROVE:
            services.approve(record, reviewer=request.user, comment=comment)
            messages.success(request, _("Approved."))
        else:
            services.return_for_changes(record, reviewer=request.user, comment=comment)
            messages.success(request, _("Returned to the researcher for changes."))
        return redirect("fieldwork:queue")

    # Helpers

    def _get_visible(self, request: HttpRequest, pk: int) -> Record:
        """The record if the user may read it: 403 for a role without records, else 404."""
        if not can_read_submissions(request.user):
            raise PermissionDenied
        record = get_object_or_404(
            self.model.objects.select_related("centre", "interviewer"), pk=pk
        )
        if not can_view_record(request.user, record):
            raise Http404
        return record

    def _formsets(self, data, record: Record) -> dict[str, BaseFormSet]:
        return {
            code: cls(data, instance=record, prefix=code)
            for code, cls in self.formset_classes.items()
        }

    def _form_page(self, request: HttpRequest, record: Record, initial: dict) -> HttpResponse:
        if request.method == "POST":
            submitting = request.POST.get("action") == "submit"
            form = self.form_class(request.POST, instance=record, submitting=submitting)
            formsets = self._formsets(request.POST, record)
            valid = form.is_valid()
            valid = all([fs.is_valid() for fs in formsets.values()]) and valid
            if valid:
                record = services.save_record(
                    form, user=request.user, submit=submitting, formsets=formsets.values()
                )
                if submitting:
                    messages.success(request, _("Submitted. Thank you."))
                    return redirect(record)
                messages.success(request, _("Draft saved."))
                return redirect(record.get_edit_url())
            messages.error(
                request,
                _(
                    "Nothing was saved yet: correct the marked answers. Everything you typed is "
                    "still in the form."
                ),
            )
        else:
            form = self.form_class(instance=record, initial=initial)
            formsets = self._formsets(None, record)
        return render(
            request,
            "fieldwork/record_form.html",
            {"form": form, "formsets": formsets, "record": record, "spec": self.form_class.spec},
        )


@require_safe
def review_queue(request: HttpRequest) -> HttpResponse:
    if not is_coordinator(request.user):
        raise PermissionDenied
    page = Paginator(awaiting_review(), settings.PAGINATE_BY).get_page(request.GET.get("page"))
    return render(request, "fieldwork/review_queue.html", {"page": page})
