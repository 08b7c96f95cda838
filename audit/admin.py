from django.contrib import admin

from .models import AccessEntry


@admin.register(AccessEntry)
class AccessEntryAdmin(admin.ModelAdmin):
    """Read only: the log is written by the app, never edited."""

    list_display = ("at", "username", "what", "format", "rows", "with_names")
    list_filter = ("what", "with_names")
    search_fields = ("username", "what")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
