from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Results and exports")

    def ready(self) -> None:
        # Every write to what the results count changes the version their cache is keyed by.
        from centres.models import Centre
        from fieldwork.models import Round
        from interviews.models import CoordinationActor, Interview
        from observations.models import Observation

        from .freshness import watch

        watch(Centre, Round, Interview, CoordinationActor, Observation)

        # The `Changes` sheet (two rounds compared) is added like other apps' sheets.
        from . import extensions
        from .change_exporter import changes_sheets

        extensions.add_workbook_sheets(changes_sheets)
