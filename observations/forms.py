from fieldwork.forms import RecordForm

from .models import Observation
from .spec import OBSERVATION


class ObservationForm(RecordForm):
    spec = OBSERVATION

    class Meta:
        model = Observation
        fields = OBSERVATION.form_field_codes
