from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = _("Technical-support plans")

    def ready(self) -> None:
        # The workbook iterates what is registered (reports/extensions.py); reports never
        # imports this app. Submitted, approved or returned records refresh their centre's
        # proposals once the save is committed.
        from reports import extensions

        from . import signals
        from .exporters import plan_sheets

        extensions.add_workbook_sheets(plan_sheets)
        signals.connect()
