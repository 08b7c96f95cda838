from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Centre


@admin.register(Centre)
class CentreAdmin(SimpleHistoryAdmin):
    list_display = [
        "name", "state", "municipality", "sector", "operator", "registry_status", "active"
    ]  # fmt: skip
    list_filter = ["active", "state", "sector", "operator", "registry_status"]
    search_fields = ["name", "municipality", "address"]
