from django.utils.translation import gettext_lazy as _

from fieldwork.views import InstrumentViews

from .forms import ObservationForm
from .models import Observation, Photo

#: The form the photo picker's fields belong to on the observation form's page.
PICKER_FORM = "photo-picker-fields"


class ObservationViews(InstrumentViews):
    model = Observation
    form_class = ObservationForm
    related_history = {"observation": Photo}  # photos added, blurred further, deleted

    def form_page_extra(self, record) -> dict:
        from .photo_views import PhotoForm

        # Photos taken while filling the form stay on the device with it until the server has
        # the form. The picker is the form's last step, before the save bar; its fields belong
        # to another (empty) form, so the file is not one of the record's fields.
        return {
            "extra_step": {
                "code": "photos",
                "title": _("Photos of the premises"),
                "template": "observations/_photo_picker.html",
                "form_id": PICKER_FORM,
            },
            "photo_form": PhotoForm(form_id=PICKER_FORM),
            "in_form": True,
        }
