from fieldwork.views import InstrumentViews

from .forms import ObservationForm
from .models import Observation, Photo


class ObservationViews(InstrumentViews):
    model = Observation
    form_class = ObservationForm
    related_history = {"observation": Photo}  # photos added, blurred further, deleted

    def form_page_extra(self, record) -> dict:
        from .photo_views import PhotoForm

        # Photos taken while filling the form stay on the device with it until the server has
        # the form; the picker sits outside the form so the file is not one of its fields.
        return {
            "after_form": "observations/_photo_picker.html",
            "photo_form": PhotoForm(),
            "in_form": True,
        }
