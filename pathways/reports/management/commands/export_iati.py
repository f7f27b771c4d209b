"""manage.py export_iati: the program as an IATI 2.03 activity file."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pathways.programs.models import Country
from pathways.reports.iati import build_iati_xml


class Command(BaseCommand):
    help = (
        "Write the IATI 2.03 activity file: one activity per country programme and one "
        "regional activity, or only one country's programme with --country."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--country", help="ISO code of one country programme, e.g. KH.")
        parser.add_argument("-o", "--output", required=True, help="XML file to write.")

    def handle(self, *args, **options) -> None:
        country = None
        if options["country"]:
            code = options["country"].strip()
            country = Country.objects.filter(code__iexact=code).first()
            if country is None:
                raise CommandError(f"Unknown country {code!r}.")
            if country.program_status == Country.Status.REGIONAL:
                raise CommandError(
                    f"{country.name} takes part regionally and has no country programme; "
                    "its work is in the regional activity (omit --country)."
                )
        body = build_iati_xml(country=country)
        Path(options["output"]).write_bytes(body)
        self.stderr.write(f"Wrote {options['output']} ({len(body):,} bytes).")
