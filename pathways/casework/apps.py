from __future__ import annotations

from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "pathways.casework"
    label = "casework"

    def ready(self) -> None:
        from pathways.programs import freshness

        # No programme figure reads casework: a case written leaves dashboards cached.
        freshness.register_unread("casework")
        from pathways.casework import checks  # noqa: F401 - registers the system checks
