from __future__ import annotations

from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "pathways.activities"
    label = "activities"

    def ready(self) -> None:
        from pathways.activities import freshness

        freshness.register_all()
