from __future__ import annotations

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "pathways.api"
    label = "api"

    def ready(self) -> None:
        from pathways.programs import freshness

        # No figure reads API tokens.
        freshness.register_unread("api")
