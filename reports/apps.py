from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Results and exports")

    def ready(self) -> None:
        # Every write to what the results count changes the version their cache is keyed by.
        from centres.models import Centre
        from interviews.models import CoordinationActor, Interview
        from observations.models import Observation

        from .freshness import watch

        watch(Centre, Interview, CoordinationActor, Observation)
