"""Create, edit and read views shared by both instruments.

Each instrument app subclasses `InstrumentViews` with its model and form, and exposes
`urls()`: `new/`, `<id>/` and `<id>/edit/`. Workflow writes live in services.py.
"""

import uuid

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.forms import BaseFormSet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.roles import can_fill_forms, can_read_submissions, is_coordinator
from centres.models import Centre

from . import services
from .display import answer_sections
from .forms import RecordForm, ReviewForm
from .history import change_log, changes_since
from .listing import ready_rows
from .models import Record
from .offline import refuse_other_owner
from .permissions import (
    can_discard_record,
    can_edit_record,
    can_review_record,
    can_view_record,
)
from .repeat import RepeatRowFormSet
from .selectors import awaiting_review, centres_with_pending_work
from .sync import differences, is_replay, is_stale, sync_data


class InstrumentViews:
    model: type[Record]
    form_class: type[RecordForm]
    #: Related rows edited with the record, keyed by the spec's repeat item code.
    formset_classes: dict[str, type[RepeatRowFormSet]] = {}
    #: Related models whose history shows on the record's page, keyed by their foreign key.
    related_history: dict[str, type] = {}

    def urls(self) -> list:
        return [
            path("new/", self.create, name="new"),
            path("<int:pk>/", require_safe(self.detail), name="detail"),
            path("<int:pk>/edit/", self.edit, name="edit"),
            path("<int:pk>/review/", require_POST(self.review), name="review"),
            path("<int:pk>/discard/", self.discard, name="discard"),
        ]

    # Views

    def create(self, request: HttpRequest) -> HttpResponse:
        if not can_fill_forms(request.user):
            raise PermissionDenied
        if (refused := refuse_other_owner(request)) is not None:
            return refused
        if request.method == "POST":
            # A form instance posted again (double click, retry, a queue re-sent) is the
            # record its uid already created, never a second one.
            uid = sync_data(request.POST)["uid"]
            existing = self.model.objects.filter(uid=uid).first() if uid else None
            if existing is not None:
                return self.edit(request, existing.pk)
        # A visit is usually recorded on the day: the date starts as today (the page's script
        # sets the device's today on a blank form the service worker kept from another day).
        initial = {"visit_date": timezone.localdate()}
        notice = ""
        # A link from a centre's page opens the form on that centre. A link that names no
        # centre that can be chosen (mistyped, a centre gone or inactive since: a stale link on
        # a field researcher's phone) still opens the form, with the picker and why; a save
        # posted to such an address keeps what was typed (its centre is the posted one).
        linked = request.GET.get("centre", "").strip()
        if request.method in ("GET", "HEAD") and linked:
            centre, notice = _linked_centre(linked)
            if centre is not None:
                initial["centre"] = centre
        return self._form_page(request, self.model(), initial, centre_notice=notice)

    def edit(self, request: HttpRequest, pk: int) -> HttpResponse:
        if (refused := refuse_other_owner(request)) is not None:
            return refused
        record = self._get_visible(request, pk)
        if request.method == "POST" and is_replay(record, sync_data(request.POST)):
            return self._saved(request, record, replay=True)
        if not can_edit_record(request.user, record):
            if not can_fill_forms(request.user):
                raise PermissionDenied
            message = _("This record has been submitted and can no longer be edited.")
            if _wants_json(request):
                return _json(record, status=409, locked=True, message=message)
            messages.info(request, message)
            return redirect(record)
        return self._form_page(request, record, {})

    def discard(self, request: HttpRequest, pk: int) -> HttpResponse:
        """A draft its researcher no longer wants: asked once on a page of its own, then gone
        from the server (the page's script removes the device's copy too)."""
        if request.method not in ("GET", "HEAD", "POST"):
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        record = self._get_visible(request, pk)
        if not can_discard_record(request.user, record):
            raise PermissionDenied
        if request.method == "POST":
            try:
                services.discard_draft(record)
            except services.NotADraft:
                messages.error(request, _("This record is no longer a draft: it stays."))
                return redirect(record)
            messages.success(request, _("Draft discarded."))
            return redirect("my_work")
        photos = record.photos.count() if hasattr(record, "photos") else 0
        context = {"record": record, "photos": photos}
        return render(request, "fieldwork/record_discard.html", context)

    def detail(
        self, request: HttpRequest, pk: int, review_form=None, review_changed=None
    ) -> HttpResponse:
        record = self._get_visible(request, pk)
        user = request.user
        if review_form is None and can_review_record(user, record):
            review_form = ReviewForm(initial={"version": record.version})
        if review_changed is not None:
            status = 409
        else:
            status = 400 if review_form is not None and review_form.errors else 200
        return render(
            request,
            "fieldwork/record_detail.html",
            {
                "record": record,
                "spec": record.spec,
                "sections": answer_sections(record),
                "can_edit": can_edit_record(user, record),
                "can_discard": can_discard_record(user, record),
                # Arrived here from a submission (`?sent=1`, also when the device's queue sent
                # it): a confirmation, which the page's script focuses.
                "sent": request.GET.get("sent") == "1" and not record.is_editable,
                "review_form": review_form,
                "review_changed": review_changed,
                "photos": record.photos.all() if hasattr(record, "photos") else None,
                "history": change_log(record, self.related_history)
                if is_coordinator(user)
                else None,
            },
            status=status,
        )

    def review(self, request: HttpRequest, pk: int) -> HttpResponse:
        record = self._get_visible(request, pk)
        if not is_coordinator(request.user):
            raise PermissionDenied
        if not can_review_record(request.user, record):
            messages.info(request, _("This record is not waiting for review."))
            return redirect(record)
        form = ReviewForm(request.POST, current_version=record.version)
        if not form.is_valid():
            if form.reviewed_another_version:
                return self._reviewed_another_version(request, record, form)
            return self.detail(request, pk, review_form=form)
        comment = form.cleaned_data["comment"]
        version = form.cleaned_data["version"]
        try:
            if form.cleaned_data["decision"] == ReviewForm.APPROVE:
                services.approve(record, reviewer=request.user, comment=comment, version=version)
                messages.success(request, _("Approved."))
            else:
                services.return_for_changes(
                    record, reviewer=request.user, comment=comment, version=version
                )
                messages.success(request, _("Returned to the researcher for changes."))
        except services.StaleVersion:
            record.refresh_from_db()
            return self._reviewed_another_version(request, record, form)
        return redirect("fieldwork:queue")

    def _reviewed_another_version(
        self, request: HttpRequest, record: Record, form: ReviewForm
    ) -> HttpResponse:
        """Nothing applied: the page shows what changed, with a review of the current version."""
        if not can_review_record(request.user, record):
            messages.info(request, _("This record is not waiting for review."))
            return redirect(record)
        seen = form.seen_version
        changed = {"seen": seen, "changes": changes_since(record, seen, self.related_history)}
        fresh = ReviewForm(
            initial={"version": record.version, "comment": form.data.get("comment", "")}
        )
        return self.detail(request, record.pk, review_form=fresh, review_changed=changed)

    # Helpers

    def _get_visible(self, request: HttpRequest, pk: int) -> Record:
        """The record if the user may read it: 403 for a role without records, else 404."""
        if not can_read_submissions(request.user):
            raise PermissionDenied
        record = get_object_or_404(
            self.model.objects.select_related("centre", "interviewer", "round"), pk=pk
        )
        if not can_view_record(request.user, record):
            raise Http404
        return record

    def _formsets(self, data, record: Record) -> dict[str, BaseFormSet]:
        return {
            code: cls(data, instance=record, prefix=code)
            for code, cls in self.formset_classes.items()
        }

    def form_page_extra(self, record: Record) -> dict:
        """More for the form page's template: `after_form` names a template shown below it."""
        return {}

    def _save_draft_instead(self, request, record: Record, sync: dict) -> Record | None:
        """A refused submission still keeps what was typed as a draft on the server, when it
        would be a valid draft (only answers missing for submitting): the record saved, or
        None. The submission's `save_id` is not recorded, so that the submission, corrected
        and sent again, is applied rather than taken for a replay of this draft."""
        form = self.form_class(
            request.POST, instance=record, submitting=False, any_round=_wants_json(request)
        )
        formsets = self._formsets(request.POST, record)
        valid = form.is_valid()
        if not (all([fs.is_valid() for fs in formsets.values()]) and valid):
            return None
        try:
            return services.save_record(
                form, user=request.user, submit=False, formsets=formsets.values(),
                uid=sync["uid"], save_id=None,
            )  # fmt: skip
        except (services.StaleVersion, services.UidTaken):
            return None

    def _form_page(
        self, request: HttpRequest, record: Record, initial: dict, centre_notice: str = ""
    ) -> HttpResponse:
        conflict = None
        # A link naming a centre that cannot be chosen: the new form, and a 404 for the link.
        status = 404 if centre_notice else 200
        draft_saved = False
        sync = sync_data(request.POST)
        if request.method == "POST":
            submitting = request.POST.get("action") == "submit"
            form = self.form_class(
                request.POST,
                instance=record,
                submitting=submitting,
                any_round=_wants_json(request),
            )
            formsets = self._formsets(request.POST, record)
            valid = form.is_valid()
            valid = all([fs.is_valid() for fs in formsets.values()]) and valid
            if not is_stale(record, sync) and valid:
                try:
                    record = services.save_record(
                        form,
                        user=request.user,
                        submit=submitting,
                        formsets=formsets.values(),
                        uid=sync["uid"],
                        save_id=sync["save_id"],
                    )
                except services.StaleVersion:
                    record.refresh_from_db()
                except services.UidTaken as taken:
                    # A simultaneous create with this uid won: this save is an edit of (or a
                    # replay on) that record, as when it is posted again later.
                    return self.edit(request, taken.pk)
                else:
                    return self._saved(request, record)
            if submitting and not valid and not is_stale(record, sync):
                saved = self._save_draft_instead(request, record, sync)
                if saved is not None:
                    record, draft_saved = saved, True
            if record.pk and is_stale(record, sync) and not draft_saved:
                conflict = {"version": record.version, "differences": differences(form, formsets)}
                status = 409
                message = _(
                    "Nothing was saved: someone else saved this record after you opened it. "
                    "Your answers are still in the form; compare them below."
                )
            elif draft_saved:
                status = 400
                message = _(
                    "Your draft is saved. Only the submission is waiting: answer the questions "
                    "listed, then submit again."
                )
            elif record.pk:
                # The record is on the server already (an earlier save, an autosave): say
                # what is true, that it is kept and only this save (or submission) was not.
                status = 400
                saved_at = formats.date_format(
                    timezone.localtime(record.updated_at), "SHORT_DATETIME_FORMAT"
                )
                if submitting:
                    message = _(
                        "Not submitted: correct the marked answers below. The draft is saved "
                        "(last saved %(saved_at)s); what you changed since is still in the "
                        "form, not saved yet."
                    ) % {"saved_at": saved_at}
                else:
                    message = _(
                        "These changes were not saved: correct the marked answers below. The "
                        "draft saved before (%(saved_at)s) is kept, and everything you typed is "
                        "still in the form."
                    ) % {"saved_at": saved_at}
            else:
                status = 400
                message = _(
                    "Nothing was saved yet: correct the marked answers. Everything you typed "
                    "is still in the form."
                )
            if _wants_json(request):
                rows = (
                    {code: cls.stored_ids(record) for code, cls in self.formset_classes.items()}
                    if draft_saved
                    else {}
                )
                return _json(record, status=status, message=message, conflict=conflict,
                             errors=_errors(form, formsets), draft_saved=draft_saved,
                             rows=rows)  # fmt: skip
            if not draft_saved:  # else the summary above the form says it, with the list
                messages.error(request, message)
        else:
            form = self.form_class(instance=record, initial=initial)
            formsets = self._formsets(None, record)
            if centre_notice and "centre" in form.fields:
                form.fields["centre"].widget.notice = centre_notice
        return render(
            request,
            "fieldwork/record_form.html",
            {
                "form": form,
                "formsets": formsets,
                "record": record,
                "spec": self.form_class.spec,
                "conflict": conflict,
                "uid": record.uid if record.pk else (sync["uid"] or uuid.uuid4()),
                "draft_saved": draft_saved,
                "site_time_zone": settings.TIME_ZONE,
                **self.form_page_extra(record),
            },
            status=200 if status == 400 and not _wants_json(request) else status,
        )

    def _saved(self, request: HttpRequest, record: Record, replay: bool = False) -> HttpResponse:
        submitted = not record.is_editable
        if _wants_json(request):
            # The stored rows' ids by uid, for the page to write back into its rows.
            rows = {code: cls.stored_ids(record) for code, cls in self.formset_classes.items()}
            return _json(record, status=200, replay=replay, rows=rows)
        if submitted:
            messages.success(request, _("Submitted. Thank you."))
            return redirect(record)
        messages.success(request, _("Draft saved."))
        return redirect(record.get_edit_url())


def _linked_centre(value: str) -> tuple[Centre | None, str]:
    """The centre a form's link names (`?centre=<id>`) if it can be chosen, else why not."""
    centre = None
    if value.isdigit() and len(value) < 19:
        centre = Centre.objects.filter(pk=int(value)).first()
    if centre is None:
        return None, _(
            "The centre in the link you followed was not found in the registry (the link may "
            "be old or mistyped): choose the centre below."
        )
    if not centre.active:
        return None, _(
            "The centre in the link you followed, “%(name)s”, is inactive in the registry "
            "(closed, merged or a duplicate). Choose another centre below, or ask a "
            "coordinator."
        ) % {"name": centre.name}
    return centre, ""


def _wants_json(request: HttpRequest) -> bool:
    """Saves sent by the page's script (autosave, the device queue) ask for JSON."""
    return request.headers.get("X-CAS-Sync") == "1"


def _errors(form, formsets) -> dict:
    errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
    for prefix, formset in formsets.items():
        for index, row_errors in enumerate(formset.errors):
            for name, errs in row_errors.items():
                errors[f"{prefix}-{index}-{name}"] = [str(e) for e in errs]
        if formset.non_form_errors():
            errors[prefix] = [str(e) for e in formset.non_form_errors()]
    return errors


def _json(record: Record, *, status: int, conflict=None, **extra) -> JsonResponse:
    body = {
        "ok": status == 200,
        "id": record.pk,
        "uid": str(record.uid) if record.pk else None,
        "version": record.version,
        "status": record.status,
        "detail_url": record.get_absolute_url() if record.pk else None,
        "edit_url": record.get_edit_url() if record.pk else None,
        **{k: str(v) if k == "message" else v for k, v in extra.items()},
    }
    if conflict is not None:
        body["conflict"] = {
            "version": conflict["version"],
            "differences": [vars(d) for d in conflict["differences"]],
        }
    return JsonResponse(body, status=status)


@require_safe
def review_queue(request: HttpRequest) -> HttpResponse:
    if not is_coordinator(request.user):
        raise PermissionDenied
    page = Paginator(awaiting_review(), settings.PAGINATE_BY).get_page(request.GET.get("page"))
    pending, pending_total = centres_with_pending_work(settings.PAGINATE_BY)
    return render(
        request,
        "fieldwork/review_queue.html",
        {
            "page": page,
            "rows": ready_rows(page.object_list),
            "pending_centres": pending,
            "pending_total": pending_total,
        },
    )
