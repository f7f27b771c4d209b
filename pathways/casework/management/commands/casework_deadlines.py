"""`manage.py casework_deadlines`: remind and escalate the deadlines of open cases and of
referrals (an unanswered offer expires and goes to the NRM coordinator)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from pathways.audit.keys import AuditKeyError
from pathways.casework.services import deadline_notices_send


class Command(BaseCommand):
    help = (
        "Remind the case workers of what is due soon on their open cases (the country's "
        "`deadline_reminder_days` before) and tell the agency's case supervisors, with a copy "
        "to the workers, of what is overdue. Safe to run any number of times: each deadline "
        "gets one reminder and one escalation, ever. Referrals too: the receiving agency is "
        "reminded before an answer is due; an offer left unanswered expires and goes to the "
        "country's NRM coordinator, the sender told; a late first contact is escalated. "
        "Prints counts by country and kind only."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--country", default="", help="Only this country (code, e.g. KH).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be sent; send nothing."
        )

    def handle(self, *args, country: str = "", dry_run: bool = False, **options) -> None:
        try:
            run = deadline_notices_send(country_code=country, dry_run=dry_run)
        except (AuditKeyError, ValueError) as error:
            raise CommandError(str(error)) from None
        verb = "Would send" if dry_run else "Sent"
        self.stdout.write(f"{verb} {run.total} deadline notices.")
        for (code, kind, level), count in sorted(run.sent.items()):
            self.stdout.write(f"  {code} {kind} {level}: {count}")
        if run.nobody_to_tell:
            self.stdout.write(
                f"{run.nobody_to_tell} deadlines have nobody to tell (no case worker or "
                "supervisor at the owning agency); they are sent once someone is."
            )
