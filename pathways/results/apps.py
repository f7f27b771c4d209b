from __future__ import annotations

from django.apps import AppConfig


class ResultsConfig(AppConfig):
    name = "pathways.results"
    label = "results"

    def ready(self) -> None:
        from pathways.programs import freshness
        from pathways.results.models import Achievement, EvidenceFile, ReportedValue

        def evidence_countries(files):
            """An evidence file counts in the country of what it is evidence for."""
            achievements = {f.achievement_id for f in files if f.achievement_id}
            values = {f.reported_value_id for f in files if f.reported_value_id}
            return {
                *Achievement.objects.filter(pk__in=achievements).values_list(
                    "country_id", flat=True
                ),
                *ReportedValue.objects.filter(pk__in=values).values_list("country_id", flat=True),
            }

        freshness.register(EvidenceFile, evidence_countries)
