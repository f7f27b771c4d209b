"""The regional MEL admin defines indicators and targets here; every change is audited."""

from __future__ import annotations

from django.contrib import admin

from pathways.audit.admin import AuditedModelAdmin
from pathways.programs.admin import TranslatedAdmin
from pathways.results.models import (
    Achievement,
    EvidenceFile,
    Indicator,
    IndicatorTarget,
    ReportedValue,
)


@admin.register(Indicator)
class IndicatorAdmin(TranslatedAdmin):
    list_display = ["code", "name", "outcome_area", "kind", "rule", "unit", "is_active"]
    list_filter = ["outcome_area", "kind", "rule", "is_active"]
    search_fields = ["code", "name"]


@admin.register(IndicatorTarget)
class IndicatorTargetAdmin(AuditedModelAdmin):
    list_display = [
        "indicator",
        "country",
        "organisation",
        "period_start",
        "period_end",
        "baseline",
        "target",
    ]
    list_filter = ["indicator", "country", "organisation"]
    date_hierarchy = "period_start"
    autocomplete_fields = ["organisation"]


@admin.register(ReportedValue)
class ReportedValueAdmin(AuditedModelAdmin):
    list_display = ["indicator", "country", "period_start", "period_end", "value", "reported_by"]
    list_filter = ["indicator", "country"]
    readonly_fields = ["reported_by"]


@admin.register(Achievement)
class AchievementAdmin(AuditedModelAdmin):
    list_display = ["title", "country", "outcome_area", "date", "status", "is_good_practice"]
    list_filter = ["country", "outcome_area", "status", "is_good_practice"]
    search_fields = ["title", "text"]
    date_hierarchy = "date"
    filter_horizontal = ["partners"]
    raw_id_fields = ["related_events"]
    readonly_fields = ["created_by", "submitted_by", "submitted_at", "verified_by", "verified_at"]


@admin.register(EvidenceFile)
class EvidenceFileAdmin(AuditedModelAdmin):
    list_display = [
        "original_name",
        "achievement",
        "reported_value",
        "public",
        "content_type",
        "size",
    ]
    list_filter = ["public"]
    readonly_fields = ["file", "content_type", "extension", "size", "sha256", "uploaded_by"]
