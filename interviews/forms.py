from django.utils.translation import gettext_lazy as _

from fieldwork.forms import RecordForm
from fieldwork.repeat import repeat_formset_factory

from .models import CoordinationActor, Interview
from .spec import INTERVIEW


class InterviewForm(RecordForm):
    spec = INTERVIEW

    class Meta:
        model = Interview
        fields = ["round", *INTERVIEW.form_field_codes]

    def clean_for_submit(self, data: dict) -> None:
        if data.get("consent_testimony") is not True and "consent_testimony" not in self.errors:
            self.add_error(
                "consent_testimony",
                _(
                    "An interview can only be submitted when authorisation for the testimony "
                    "was given."
                ),
            )


CoordinationActorFormSet = repeat_formset_factory(
    Interview, CoordinationActor, fields=["actor_name", "actor_sector"]
)
CoordinationActorFormSet.add_label = _("Add another actor")
