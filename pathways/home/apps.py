from __future__ import annotations

from django.apps import AppConfig


class HomeConfig(AppConfig):
    """Pages that bring several domains together: the program's page and a country's page.

    It sits above the domain apps, so `programs` (the reference data every app stands on)
    imports none of them."""

    name = "pathways.home"
    label = "home"
