"""Create, edit and read views shared by both instruments.

Each instrument app subclasses `InstrumentViews` with its model and form, and exposes
`urls()`: `new/`, `<id>/` and `<id>/edit/`. Workflow writes live in services.py.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.forms import BaseFormSet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _

from accounts.roles import can_fill_forms
from centres.models import Centre

from . import services
from .display import answer_sections
from .forms import RecordForm
from .models import Record
from .permissions import can_edit_record, can_view_record


class InstrumentViews:
    model: type[Record]
    form_class: type[RecordForm]
    #: Related rows edited with the record, keyed by the spec's repeat item code.
    formset_classes: dict[str, type[BaseFormSet]] = {}

    def urls(self) -> list:
        return [
            path("new/", self.create, name="new"),
            path("<int:pk>/", self.detail, name="detail"),
            path("<int:pk>/edit/", self.edit, name="edit"),
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

    def detail(self, request: HttpRequest, pk: int) -> HttpResponse:
        record = self._get_visible(request, pk)
        return render(
            request,
            "fieldwork/record_detail.html",
            {
                "record": record,
                "spec": record.spec,
                "sections": answer_sections(record),
                "can_edit": can_edit_record(request.user, record),
            },
        )

    # Helpers

    def _get_visible(self, request: HttpRequest, pk: int) -> Record:
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
