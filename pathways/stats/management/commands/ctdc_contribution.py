"""`manage.py ctdc_contribution --country KH --year 2026 --output FILE --user USERNAME`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from pathways.audit.models import AuditEvent
from pathways.casework.models import AccessEvent
from pathways.programs.models import Country
from pathways.stats.ctdc import CtdcDisabled
from pathways.stats.ctdc_export import ctdc_contribution


class Command(BaseCommand):
    help = (
        "Write a country's CTDC contribution file for a year (de-identified rows of the "
        "victims identified whose case holds a consent to non-identifiable reporting) to a "
        "new CSV file. The country must have switched the file on in its casework settings; "
        "the file is recorded in the casework access log under --user, a regional "
        "administrator."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--country", required=True, help="The country's code, e.g. KH.")
        parser.add_argument("--year", required=True, type=int, help="The year, e.g. 2026.")
        parser.add_argument("--output", required=True, type=Path, help="A new CSV file.")
        parser.add_argument(
            "--user",
            required=True,
            help="The regional administrator taking the file (the access log names them).",
        )

    def handle(self, *args: Any, country: str, year: int, output: Path, user: str, **_: Any):
        if output.exists():
            raise CommandError(f"{output} exists: name a new file.")
        found = Country.objects.filter(code__iexact=country).first()
        if found is None:
            raise CommandError(f"No country with the code {country!r}.")
        actor = get_user_model().objects.filter(username=user, is_active=True).first()
        if actor is None:
            raise CommandError(f"No active user {user!r}.")
        try:
            file = ctdc_contribution(
                actor=actor,
                country=found,
                year=year,
                via=AccessEvent.Via.COMMAND,
                source=AuditEvent.Source.COMMAND,
            )
        except (PermissionError, ValueError, CtdcDisabled) as error:
            raise CommandError(str(error)) from error
        output.touch(mode=0o600)
        output.write_bytes(file.content)
        self.stdout.write(f"Wrote {output}: {file.rows} rows.")
