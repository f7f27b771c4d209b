from __future__ import annotations

from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The synthetic demo: its records, personas, results, commands and banner.

    It sits above every other app and may use them all; none of them imports it when it runs.
    """

    name = "pathways.demo"
    label = "demo"
