from fieldwork.views import InstrumentViews

from .forms import ObservationForm
from .models import Observation


class ObservationViews(InstrumentViews):
    model = Observation
    form_class = ObservationForm
