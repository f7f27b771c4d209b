from __future__ import annotations

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """Notices to users: an inbox in the application and an email beside it."""

    name = "pathways.notifications"
    label = "notifications"

    def ready(self) -> None:
        from pathways.programs import freshness

        # No figure reads notifications.
        freshness.register_unread("notifications")
