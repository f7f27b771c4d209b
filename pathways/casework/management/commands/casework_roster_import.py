"""`manage.py casework_roster_import FILE --agency ID --user NAME --group-name ...`: a
roster of a mass return becomes a group of draft screenings, as from the upload page
(`services.roster_import`, all or nothing)."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from pathways.audit.models import AuditEvent
from pathways.casework.models import Screening
from pathways.casework.services import RosterError, roster_check, roster_import
from pathways.programs.models import Organisation


class Command(BaseCommand):
    help = (
        "Import a roster (CSV or XLSX: name, other name, nationality, sex, age or age band, "
        "location type, date of birth, notes) as a group of draft screenings of an agency. "
        "Every row is checked first: if any has a problem, each is named by row and column "
        "and nothing is written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--agency", type=int, required=True, help="The agency's id.")
        parser.add_argument(
            "--user",
            required=True,
            help="The username importing: a screener, case worker or supervisor of the agency.",
        )
        parser.add_argument("--group-name", required=True)
        parser.add_argument(
            "--location-type",
            default="",
            choices=["", *Screening.LocationType.values],
            help="For the rows that give none.",
        )
        parser.add_argument(
            "--arrived-on", type=dt.date.fromisoformat, help="YYYY-MM-DD; today by default."
        )
        parser.add_argument("--description", default="")
        parser.add_argument(
            "--check", action="store_true", help="Check the file and count; write nothing."
        )

    def handle(self, *args, **options) -> None:
        try:
            data = options["file"].read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {options['file']}: {exc.strerror}.") from exc
        agency = Organisation.objects.filter(pk=options["agency"]).first()
        if agency is None:
            raise CommandError(f"No agency has the id {options['agency']}.")
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"No user is named {options['user']!r}.")
        started = time.perf_counter()
        try:
            summary = self._run(user, agency, data, options)
        except RosterError as error:
            lines = [str(p) for p in error.problems]
            if error.total > len(lines):
                lines.append(f"… and {error.total - len(lines)} more.")
            raise CommandError(
                f"The roster has {error.total} problem(s); nothing was written.\n"
                + "\n".join(lines)
            ) from error
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        except PermissionDenied as error:
            raise CommandError(f"{user.get_username()} does not screen for this agency.") from error
        seconds = time.perf_counter() - started
        if summary.group is None:
            self.stdout.write(f"{summary.people} people, no problem; nothing written.")
            return
        self.stdout.write(
            f"Group {summary.group.pk}: {summary.people} draft screenings in {seconds:.1f} s; "
            f"{summary.possibly_registered} possibly already registered, "
            f"{summary.duplicates_in_roster} listed twice."
        )

    def _run(self, user, agency, data, options):
        if options["check"]:
            return roster_check(
                actor=user, agency=agency, data=data, location_type=options["location_type"]
            )
        return roster_import(
            actor=user,
            agency=agency,
            name=options["group_name"],
            arrived_on=options["arrived_on"] or timezone.localdate(),
            data=data,
            location_type=options["location_type"],
            description=options["description"],
            source=AuditEvent.Source.COMMAND,
        )
