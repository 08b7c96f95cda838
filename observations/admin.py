from django.contrib import admin

from .models import Observation


@admin.register(Observation)
class ObservationAdmin(admin.ModelAdmin):
    list_display = ["id", "centre", "visit_date", "interviewer", "status"]
    list_filter = ["status", "centre__state", "centre__sector"]
    readonly_fields = ["uid", "created_at", "updated_at", "submitted_at"]
