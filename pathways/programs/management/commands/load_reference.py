from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from pathways.programs.services import load_reference_data


class Command(BaseCommand):
    help = (
        "Load or refresh the program's reference data (idempotent: a second run changes nothing)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        changed = load_reference_data()
        self.stdout.write(f"Reference data loaded: {changed} rows created or updated.")
