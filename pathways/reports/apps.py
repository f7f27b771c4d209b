from __future__ import annotations

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "pathways.reports"
    label = "reports"
