"""`manage.py casework_directory load [FILE...]` and `list`: the service directory, loaded
from its JSON files (Cambodia's by default) through the directory's services."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pathways.casework.directory import CAMBODIA, DirectoryFileError, load_file
from pathways.casework.models import ServiceDirectoryEntry


class Command(BaseCommand):
    help = (
        "Load a service directory file (agencies' referral profiles and their services), or "
        "list the directory. Loading adds what is missing and keeps what is there, so it can "
        "run any number of times; a file with a problem loads nothing and each problem is "
        "named. Agencies the database does not hold are skipped and named."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help=f"Load these files (default: {CAMBODIA.name}).")
        load.add_argument("files", nargs="*", type=Path)
        sub.add_parser("list", help="List the directory's entries.")

    def handle(self, *args, action: str, **options) -> None:
        if action == "list":
            self._list()
            return
        for path in options["files"] or [CAMBODIA]:
            try:
                result = load_file(path)
            except DirectoryFileError as error:
                raise CommandError(
                    f"{path}: nothing was loaded:\n" + "\n".join(error.problems)
                ) from None
            self.stdout.write(
                f"{path}: {result.profiles_created} profile(s) and {result.entries_created} "
                f"entry(ies) added, {result.kept} kept as they were"
            )
            if result.skipped:
                self.stdout.write("Not in this database, skipped: " + ", ".join(result.skipped))

    def _list(self) -> None:
        rows = ServiceDirectoryEntry.objects.select_related("agency", "province", "country")
        for e in rows.order_by("country__code", "agency__name", "service_type", "pk"):
            where = e.province.name if e.province else "nationwide"
            state = "accepting" if e.accepting else "not accepting"
            self.stdout.write(
                f"{e.country.code}\t{e.agency.name}\t{e.service_type}\t{where}\t{state}"
            )
        if not rows.exists():
            self.stdout.write("The service directory is empty.")
