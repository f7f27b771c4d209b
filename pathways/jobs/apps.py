from __future__ import annotations

from django.apps import AppConfig


class JobsConfig(AppConfig):
    """Long work in the background: what was queued, by whom, and how far it has come."""

    name = "pathways.jobs"
    label = "jobs"

    def ready(self) -> None:
        from pathways.programs import freshness

        # No figure reads background jobs or their files.
        freshness.register_unread("jobs")

        from pathways.jobs import checks  # noqa: F401 - registers the several-hosts check
