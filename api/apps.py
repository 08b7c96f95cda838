from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("Read API")

    def ready(self) -> None:
        # The account page lists what is registered (accounts/extensions.py); accounts never
        # imports this app.
        from accounts import extensions

        from .account import TOKENS_SECTION

        extensions.add_account_section(TOKENS_SECTION)
