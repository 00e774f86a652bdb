from django.contrib import admin

from .models import Feedback, MonthlyReport, MonthlyReportRun, QualityCheck


@admin.register(MonthlyReport)
class MonthlyReportAdmin(admin.ModelAdmin):
    list_display = ["name", "is_active", "months", "team", "send_to_team_leads"]
    filter_horizontal = ["recipients"]


@admin.register(MonthlyReportRun)
class MonthlyReportRunAdmin(admin.ModelAdmin):
    list_display = ["report", "month", "sent_at"]
    readonly_fields = ["report", "month", "sent_to", "sent_at"]


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["ticket", "score", "effort", "punctuality", "tidiness", "created_at"]
    list_select_related = ["ticket"]
    raw_id_fields = ["ticket", "party", "follow_up"]
    readonly_fields = [
        "ticket",
        "party",
        "score",
        "effort",
        "punctuality",
        "tidiness",
        "comment",
        "follow_up",
    ]


@admin.register(QualityCheck)
class QualityCheckAdmin(admin.ModelAdmin):
    list_display = ["ticket", "result", "passed", "checked_by", "checked_at"]
    list_select_related = ["ticket", "checked_by"]
    raw_id_fields = ["ticket"]
