"""`manage.py import_undo BATCH_ID [--json] [--user USERNAME]`."""

from __future__ import annotations

import json

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from pathways.accounts.models import User
from pathways.activities.importing.undo import import_undo
from pathways.activities.models import ImportBatch
from pathways.audit.models import AuditEvent
from pathways.lib.text import printable, printable_lines


class Command(BaseCommand):
    help = (
        "Undo an import: remove its attendances, the persons it created that nothing else "
        "refers to, and the batch, so the file can be imported again. Refused, changing "
        "nothing, when a later merge or edit touched them."
    )

    def add_arguments(self, parser):
        parser.add_argument("batch", type=int, help="The import batch's id.")
        parser.add_argument(
            "--json", action="store_true", help="Print the report as JSON on standard output."
        )
        parser.add_argument(
            "--user",
            help="Undo as this user (their access is checked and the audit names them); "
            "without it the undo is recorded as done by the system at the command line.",
        )

    def handle(self, *args, **options):
        batch = ImportBatch.objects.filter(pk=options["batch"]).first()
        if batch is None:
            raise CommandError(f"No import with id {options['batch']}.")
        actor = self._actor(options.get("user"))
        try:
            result = import_undo(actor=actor, batch=batch, source=AuditEvent.Source.COMMAND)
        except ValidationError as exc:
            raise CommandError(printable(" ".join(exc.messages))) from exc
        except PermissionDenied as exc:
            raise CommandError(f"{actor} cannot change this event's attendance.") from exc
        report = result.report()
        if options["json"]:
            self.stdout.write(printable_lines(json.dumps(report, ensure_ascii=False, indent=2)))
        else:
            lines = [
                f"{key.replace('_', ' ').capitalize()}: {value}" for key, value in report.items()
            ]
            self.stdout.write("\n".join(printable(line) for line in lines))

    def _actor(self, username: str | None) -> User | None:
        if not username:
            return None
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user named {username}.")
        return user
