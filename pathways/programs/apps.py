from __future__ import annotations

from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "pathways.programs"
    label = "programs"

    def ready(self) -> None:
        from pathways.audit.services import on_audited_write
        from pathways.programs import freshness
        from pathways.programs.models import Country

        # A country's own row counts in its figures (its name, its flag on the factsheet).
        freshness.register(Country, lambda countries: [country.pk for country in countries])
        # The audit's own key markers count in nothing.
        freshness.register_unread("audit")
        on_audited_write(freshness.record_write)
