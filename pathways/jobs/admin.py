from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse

from pathways.jobs.models import PeriodicRun
from pathways.jobs.periodic import periodic_status


@admin.register(PeriodicRun)
class PeriodicRunAdmin(admin.ModelAdmin):
    """Read-only: the scheduler and the workers write these rows. The list opens with each
    scheduled command's last run and when it is next due."""

    list_display = ["name", "slot_start", "status", "started_at", "finished_at", "error"]
    list_filter = ["status", "name"]
    date_hierarchy = "slot_start"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        try:
            statuses = periodic_status()
        except ImproperlyConfigured as exc:  # the scheduler refuses to start on it too
            statuses = []
            messages.error(request, str(exc))
        extra = {"periodic_status": statuses, **(extra_context or {})}
        return super().changelist_view(request, extra_context=extra)
