from __future__ import annotations

from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running Pathways safely: security headers, log hygiene, backup and restore."""

    name = "pathways.ops"
    label = "ops"
