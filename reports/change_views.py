"""The comparison of two rounds across centres (`/reports/compare/`), with the results page's
filters; and the form that picks the two rounds, shared with a centre's changes page."""

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from fieldwork.models import Round, default_round_of

from .changes import compare_rounds, sentence_line
from .filters import refused
from .findings import SECTOR_GROUPS, group_label
from .views import _filter_query, _filters

#: The results' filters the comparison shows and applies (it picks its own two rounds).
REGISTRY_FILTERS = ("state", "sector", "operator")
SAME_ROUND = _("Choose two different rounds.")
ROUNDS_REVERSED = _("The round after must start after the round before: swap them.")


class RoundPairForm(forms.Form):
    """`?from=<round>&to=<round>`; by default the current round (the open one, else the
    latest) and the round before it."""

    def __init__(self, data=None, *, rounds: list[Round] | None = None):
        self.rounds = list(Round.objects.order_by("starts_on", "id")) if rounds is None else rounds
        asked = data is not None and any(data.get(k) for k in ("from", "to"))
        super().__init__(data if asked else None)
        choices = [(str(r.pk), str(r)) for r in self.rounds]
        self.fields["from"] = forms.ChoiceField(label=_("Round before"), choices=choices)
        self.fields["to"] = forms.ChoiceField(label=_("Round after"), choices=choices)
        default = self._default()
        if default:
            self.initial = {"from": str(default[0].pk), "to": str(default[1].pk)}

    def _default(self) -> tuple[Round, Round] | None:
        # The current round (fieldwork.models.current_round) against the one before it.
        now = default_round_of(self.rounds) or (self.rounds[0] if self.rounds else None)
        if now is None or self.rounds.index(now) == 0:
            return None
        return self.rounds[self.rounds.index(now) - 1], now

    def clean(self):
        data = super().clean()
        before, after = data.get("from"), data.get("to")
        if before and before == after:
            self.add_error("to", SAME_ROUND)
        elif before and after:
            # Compared the other way round, every gain would read as a loss.
            order = {str(r.pk): i for i, r in enumerate(self.rounds)}
            if order.get(after, 0) < order.get(before, 0):
                self.add_error("to", ROUNDS_REVERSED)
        return data

    def pair(self) -> tuple[Round, Round] | None:
        """The two rounds compared; None when the form is wrong or there is one round only."""
        if not self.is_bound:
            return self._default()
        if not self.is_valid():
            return None
        by_pk = {str(r.pk): r for r in self.rounds}
        return by_pk[self.cleaned_data["from"]], by_pk[self.cleaned_data["to"]]


class CentreRoundPairForm(RoundPairForm):
    """A centre's rounds: by default its two latest rounds with a counted record (submitted or
    approved, of either instrument), so that the page compares two visits of the centre, not
    a round it was not visited in."""

    def __init__(self, data=None, *, counted: list[Round]):
        #: The rounds in which the centre has a counted record, in order.
        self.counted = counted
        super().__init__(data)

    def _default(self) -> tuple[Round, Round] | None:
        if len(self.counted) < 2:
            return None
        return self.counted[-2], self.counted[-1]


@require_safe
def compare_view(request):
    filter_form, filters = _filters(request)
    form = RoundPairForm(request.GET)
    pair = form.pair()
    comparison = compare_rounds(filters, *pair) if pair else None
    return render(
        request,
        "reports/compare.html",
        {
            "form": form,
            "filter_form": filter_form,
            "comparison": comparison,
            "summary": sentence_line(comparison) if comparison else "",
            "groups": [(code, group_label(filters.split, code)) for code in SECTOR_GROUPS],
            "filter_query": _filter_query(request),
        },
        status=400 if form.errors or refused(filter_form, REGISTRY_FILTERS) else 200,
    )
