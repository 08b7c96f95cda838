from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Observation


@admin.register(Observation)
class ObservationAdmin(SimpleHistoryAdmin):
    list_display = ["id", "centre", "visit_date", "interviewer", "status"]
    list_filter = ["status", "centre__state", "centre__sector"]
    readonly_fields = ["uid", "created_at", "updated_at", "submitted_at"]
