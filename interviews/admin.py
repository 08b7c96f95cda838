from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import CoordinationActor, Interview


class CoordinationActorInline(admin.TabularInline):
    model = CoordinationActor
    extra = 0


@admin.register(Interview)
class InterviewAdmin(SimpleHistoryAdmin):
    list_display = ["id", "centre", "visit_date", "interviewer", "status"]
    list_filter = ["status", "centre__state", "centre__sector"]
    inlines = [CoordinationActorInline]
    readonly_fields = ["uid", "created_at", "updated_at", "submitted_at"]
