from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import ngettext

from fieldwork.forms import RecordForm

from .models import Observation
from .spec import OBSERVATION


class ObservationForm(RecordForm):
    spec = OBSERVATION

    class Meta:
        model = Observation
        fields = ["round", *OBSERVATION.form_field_codes]

    def clean_for_submit(self, data: dict) -> None:
        # Photos are kept only with the centre's authorisation: an observation whose
        # authorisation was withdrawn is submitted once its photos are deleted. A draft keeps
        # them meanwhile (only its researcher and the coordinators see a draft).
        photos = self.instance.photos.count() if self.instance.pk else 0
        if photos and data.get("consent_photos") is not True:
            self.add_error(
                "consent_photos",
                ngettext(
                    "This observation has %(n)s photo, but the photo authorisation is not Yes. "
                    "Answer Yes if the centre authorised it, or delete the photo.",
                    "This observation has %(n)s photos, but the photo authorisation is not Yes. "
                    "Answer Yes if the centre authorised them, or delete the photos.",
                    photos,
                )
                % {"n": photos},
            )
            # Beside the message, the way out: a page that deletes them after confirmation.
            bound = self["consent_photos"]  # its help text was read when it was validated
            bound.help_text = format_html(
                '{} <a href="{}" class="link-danger" id="delete-photos">{}</a>',
                bound.help_text,
                reverse("observations:photos_withdraw", args=[self.instance.pk]),
                ngettext("Delete the photo", "Delete the photos", photos),
            )
