from fieldwork.views import InstrumentViews

from .forms import CoordinationActorFormSet, InterviewForm
from .models import CoordinationActor, Interview


class InterviewViews(InstrumentViews):
    model = Interview
    form_class = InterviewForm
    formset_classes = {"coordination_actors": CoordinationActorFormSet}
    related_history = {"interview": CoordinationActor}
