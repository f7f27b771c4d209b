from __future__ import annotations

from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "pathways.casework"
    label = "casework"

    def ready(self) -> None:
        from pathways.casework import checks  # noqa: F401 - registers the system checks
