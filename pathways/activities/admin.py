from __future__ import annotations

from django.contrib import admin

from pathways.activities.models import Event, Topic
from pathways.audit.admin import AuditedModelAdmin
from pathways.programs.admin import TranslatedAdmin


@admin.register(Topic)
class TopicAdmin(TranslatedAdmin):
    search_fields = ["name"]


@admin.register(Event)
class EventAdmin(AuditedModelAdmin):
    list_display = ["title", "event_type", "start_date", "country", "lead_organisation"]
    list_filter = ["event_type", "country", "pathway"]
    search_fields = ["title"]
    date_hierarchy = "start_date"
    filter_horizontal = ["outcome_areas", "co_organisers", "topics"]
