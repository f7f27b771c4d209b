from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from pathways.casework.residency import holds_country
from pathways.demo import casework
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
        if holds_country(casework.COUNTRY):
            self._casework()
        self.stdout.write("")

    def _casework(self) -> None:
        self.stdout.write("")
        self.stdout.write(
            "Casework personas (synthetic Cambodian agencies and clients; same password, "
            "then a two-factor code):"
        )
        agencies = {key: name for key, name, _acronym, _type in casework.NEW_AGENCIES}
        for member in casework.CASEWORK_PERSONAS:
            agency = agencies.get(member.agency, member.agency)
            extra = ", may break the glass" if member.can_break_glass else ""
            self.stdout.write(
                f"  {member.username:<16} {member.first_name} {member.last_name} "
                f"({member.role.label}, {agency}{extra})"
            )
        self.stdout.write(
            f"Two-factor code: add the demo secret {casework.secret_for_typing()} to an "
            "authenticator app (time-based, 6 digits), or type the code of this moment, "
            f"{casework.current_code()} (it changes every 30 seconds: run `manage.py "
            "demo_logins` again for a new one)."
        )
