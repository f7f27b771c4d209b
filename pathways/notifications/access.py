"""Whose notices: a user reads and marks their own, and no one else's (404 otherwise)."""

from __future__ import annotations

from typing import Any

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.shortcuts import get_object_or_404

from pathways.notifications.models import Notification


def notifications_for(user: Any) -> QuerySet[Notification]:
    """The user's inbox, unread first, newest first within each."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    unread = ExpressionWrapper(Q(read_at__isnull=True), output_field=BooleanField())
    return (
        Notification.objects.filter(recipient_id=user.pk)
        .annotate(unread=unread)
        .order_by("-unread", "-created_at", "-id")
    )


def notification_for(user: Any, pk: int) -> Notification:
    return get_object_or_404(notifications_for(user), pk=pk)


def unread_count(user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()
