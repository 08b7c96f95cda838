from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CodingConfig(AppConfig):
    name = "coding"
    verbose_name = _("Coding of open answers")

    def ready(self) -> None:
        # The results page and the workbook iterate what is registered here; reports never
        # imports this app.
        from reports import extensions

        from .exporters import coding_sheets
        from .models import CodedNote, NoteTheme, Theme
        from .results import THEMES_SECTION

        extensions.add_result_section(THEMES_SECTION)
        extensions.add_workbook_sheets(coding_sheets)
        extensions.add_result_models(CodedNote, NoteTheme, Theme)
