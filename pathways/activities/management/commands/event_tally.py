"""Check the participant tally against the records, or rebuild it from them."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from pathways.activities import tally


class Command(BaseCommand):
    help = (
        "Compare the participant tally the figures read with a recount from the attendance "
        "records (exit status 1 when they differ); --rebuild rewrites it from the records."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--rebuild", action="store_true", help="Rewrite the tally from the records."
        )

    def handle(self, *args, rebuild: bool = False, **options):
        if not tally.is_kept():
            self.stdout.write("This database does not keep the tally; figures count the records.")
            return
        if rebuild:
            rows = tally.rebuild()
            self.stdout.write(f"Tally rebuilt from the records: {rows} rows.")
            return
        if wrong := tally.differences():
            raise CommandError("The tally differs from the records: " + "; ".join(wrong))
        self.stdout.write("The tally agrees with the records.")
