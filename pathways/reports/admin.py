from __future__ import annotations

from django.contrib import admin

from pathways.audit.admin import AuditedModelAdmin
from pathways.reports.obligation_models import ConventionArticle


@admin.register(ConventionArticle)
class ConventionArticleAdmin(AuditedModelAdmin):
    """Where a regional administrator corrects an article's chapter or title against the
    Convention's text and marks it checked (most titles shipped unconfirmed,
    actip_articles.py); statuses are set on the obligations pages, not here."""

    list_display = ["number", "chapter", "title", "confirmed"]
    list_filter = ["confirmed", "chapter"]
    list_editable = ["confirmed"]
    ordering = ["number"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
