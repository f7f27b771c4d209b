from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from pathways.accounts.models import Membership, User
from pathways.accounts.services import user_deactivate
from pathways.audit.admin import AuditedModelAdmin
from pathways.audit.models import AuditEvent


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(User)
class UserAdmin(AuditedModelAdmin, BaseUserAdmin):
    """Users who acted are named in the audit trail: they are deactivated, never deleted."""

    inlines = [MembershipInline]
    list_display = ["username", "email", "first_name", "last_name", "is_active", "is_staff"]
    actions = ["deactivate"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and AuditEvent.objects.filter(actor=obj).exists():
            return False
        return super().has_delete_permission(request, obj)

    @admin.action(description=_("Deactivate selected users (they can no longer sign in)"))
    def deactivate(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        users = [user_deactivate(actor=request.user, user=user) for user in queryset]
        self.message_user(
            request,
            ngettext("%(n)d user deactivated.", "%(n)d users deactivated.", len(users))
            % {"n": len(users)},
            messages.SUCCESS,
        )


@admin.register(Membership)
class MembershipAdmin(AuditedModelAdmin):
    list_display = ["user", "role", "country", "organisation", "language"]
    list_filter = ["role", "country"]
    search_fields = ["user__username"]
