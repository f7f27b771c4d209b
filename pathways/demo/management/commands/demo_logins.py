from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from pathways.demo.personas import DEMO_PERSONAS


class Command(BaseCommand):
    help = "Print the demo personas and how to sign in as them."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write("")
        self.stdout.write("Pathways demo: http://127.0.0.1:8000/")
        self.stdout.write(f"Every demo login uses the password: {settings.DEMO_PASSWORD}")
        for username, first, last, role, country, org, language in DEMO_PERSONAS:
            scope = country or org or (f"reviews {language}" if language else "region")
            self.stdout.write(f"  {username:<14} {first} {last} ({role.label}, {scope})")
        self.stdout.write("")
