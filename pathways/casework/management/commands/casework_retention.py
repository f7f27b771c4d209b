"""`manage.py casework_retention`: pseudonymise what is past its country's retention."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pathways.audit.keys import AuditKeyError
from pathways.casework.services import retention_apply


class Command(BaseCommand):
    help = (
        "Clear the sealed values (identifiers, notes, care records, attachments, answers) of "
        "clients whose cases all closed longer ago than their country's retention, and of "
        "screenings without indicators past theirs, keeping tier 1 for statistics. Prints "
        "counts only. Safe to run twice: what was cleared is not counted again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be cleared; change nothing."
        )

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        try:
            done = retention_apply(dry_run=dry_run)
        except AuditKeyError as error:
            raise CommandError(str(error)) from None
        verb = "Would pseudonymise" if dry_run else "Pseudonymised"
        self.stdout.write(
            f"{verb}: {done.clients} clients, {done.cases} cases, {done.screenings} screenings, "
            f"{done.decisions} identification decisions, {done.care_records} care records; "
            f"{'would delete' if dry_run else 'deleted'} {done.notes} notes and "
            f"{done.attachments} attachments."
        )
