"""Rounds, kept by coordinators (`/rounds/`): add a round, edit its name and period, open it,
close it (after a confirmation). New records go to an open round; a closed round keeps its
records and is still counted and compared, but no new record may be started in it."""

from datetime import date

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts.roles import is_coordinator
from centres.selectors import normalised_name

from .forms import CONTROL_CHARACTERS, date_input
from .models import Round, current_round


class RoundForm(forms.ModelForm):
    class Meta:
        model = Round
        fields = ["name", "starts_on", "ends_on"]
        widgets = {"starts_on": date_input(), "ends_on": date_input()}
        help_texts = {"name": gettext_lazy("For example “2026 follow-up”.")}
        error_messages = {
            "name": {"unique": gettext_lazy("There is already a round with this name.")}
        }

    def clean_name(self) -> str:
        # Pasted control characters dropped and spaces collapsed: the name is read in every
        # round select, the exports and the audit log.
        name = " ".join(CONTROL_CHARACTERS.sub("", self.cleaned_data["name"]).split())
        if not name:
            raise forms.ValidationError(self.fields["name"].error_messages["required"])
        # A name that differs from another round's only in case, accents or punctuation
        # ("línea de base 2022") would be two rounds no one can tell apart in a select.
        same = normalised_name(name)
        for other in Round.objects.exclude(pk=self.instance.pk).values_list("name", flat=True):
            if normalised_name(other) == same:
                raise forms.ValidationError(
                    gettext_lazy("There is already a round with this name: “%(name)s”."),
                    code="unique",
                    params={"name": other},
                )
        return name

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", gettext_lazy("The round ends before it starts."))
        return data


@transaction.atomic
def set_open(round: Round, is_open: bool) -> Round:
    round.is_open = is_open
    round.save(update_fields=["is_open"])
    return round


def _coordinator(request) -> None:
    if not is_coordinator(request.user):
        raise PermissionDenied


@require_http_methods(["GET", "HEAD", "POST"])
def round_list(request):
    _coordinator(request)
    form = RoundForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        created = form.save()
        messages.success(request, _("Round “%(name)s” opened.") % {"name": created.name})
        return redirect("rounds:list")
    rounds = list(
        Round.objects.latest_first().annotate(
            n_interviews=Count("interviews", distinct=True),
            n_observations=Count("observations", distinct=True),
        )
    )
    today = timezone.localdate()
    for round in rounds:
        round.not_started = not round.has_started(today)
    return render(
        request,
        "fieldwork/rounds.html",
        {"rounds": rounds, "form": form, "current": current_round(rounds, today)},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def round_close(request, pk: int):
    """A confirmation page first: closing stops new records in the round."""
    _coordinator(request)
    round = get_object_or_404(Round, pk=pk)
    if request.method == "POST":
        set_open(round, False)
        messages.success(request, _("Round “%(name)s” closed.") % {"name": round.name})
        return redirect("rounds:list")
    return render(request, "fieldwork/round_close.html", {"round": round})


def _shown(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("open") if value else _("closed"))
    if isinstance(value, date):
        return date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


def round_history(round: Round) -> list[dict]:
    """The round's changes, newest first: when, who, and each field's value before → after
    (its opening is the first entry, with no before)."""
    labels = {f.name: f.verbose_name for f in Round._meta.fields} | {"is_open": _("Status")}
    records = list(round.history.select_related("history_user").order_by("history_date"))
    entries = []
    for previous, record in zip([None, *records], records, strict=False):
        if previous is None:
            changes = []
        else:
            changes = [
                {"field": labels.get(c.field, c.field), "old": _shown(c.old), "new": _shown(c.new)}
                for c in record.diff_against(previous, excluded_fields=["created_at"]).changes
            ]
            if not changes:
                continue
        entries.append(
            {"when": record.history_date, "who": record.history_user, "changes": changes,
             "created": previous is None}
        )  # fmt: skip
    return entries[::-1]


@require_http_methods(["GET", "HEAD", "POST"])
def round_edit(request, pk: int):
    """A round's name and period, checked as when it was added (`RoundForm`). Its records,
    the exports and the audit log name it by its new name from then on (they name it by its
    id underneath)."""
    _coordinator(request)
    round = get_object_or_404(Round, pk=pk)
    before = round.name
    form = RoundForm(request.POST if request.method == "POST" else None, instance=round)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        if saved.name != before:
            message = _("Round “%(before)s” saved: it is now called “%(name)s”.")
        else:
            message = _("Round “%(name)s” saved.")
        messages.success(request, message % {"before": before, "name": saved.name})
        return redirect("rounds:list")
    return render(
        request,
        "fieldwork/round_edit.html",
        {"round": round, "name": before, "form": form, "history": round_history(round)},
        status=400 if form.errors else 200,
    )


@require_POST
def round_open(request, pk: int):
    _coordinator(request)
    round = get_object_or_404(Round, pk=pk)
    set_open(round, True)
    messages.success(request, _("Round “%(name)s” opened.") % {"name": round.name})
    return redirect("rounds:list")


app_name = "rounds"
urlpatterns = [
    path("", round_list, name="list"),
    path("<int:pk>/edit/", round_edit, name="edit"),
    path("<int:pk>/close/", round_close, name="close"),
    path("<int:pk>/open/", round_open, name="open"),
]
