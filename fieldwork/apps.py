from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FieldworkConfig(AppConfig):
    name = "fieldwork"
    verbose_name = _("Fieldwork")

    def ready(self) -> None:
        from . import workload

        workload.connect()  # every instrument's saves and deletes keep the centres' workload
