from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Results and exports")

    def ready(self) -> None:
        # The `Changes` sheet (two rounds compared) is added like other apps' sheets.
        from . import extensions
        from .change_exporter import changes_sheets

        extensions.add_workbook_sheets(changes_sheets)
