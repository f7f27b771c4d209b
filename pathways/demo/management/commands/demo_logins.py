from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from pathways.demo.personas import DEMO_PERSONAS


class Command(BaseCommand):
    help = "Print the demo personas and how to sign in as them."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--address",
            default="127.0.0.1:8000",
            help="Where the server listens, as runserver is given it (make run passes its own).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write("")
        self.stdout.write(f"Pathways demo: http://{options['address']}/")
        self.stdout.write(f"Every demo login uses the password: {settings.DEMO_PASSWORD}")
        for username, first, last, role, country, org, language in DEMO_PERSONAS:
            scope = country or org or (f"reviews {language}" if language else "region")
            self.stdout.write(f"  {username:<14} {first} {last} ({role.label}, {scope})")
        self.stdout.write("")
