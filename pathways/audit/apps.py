from __future__ import annotations

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "pathways.audit"
    label = "audit"

    def ready(self) -> None:
        from pathways.audit import checks  # noqa: F401 - registers the key file check
