"""`manage.py audit_rotate_key`: put a new audit signing key in force."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from pathways.audit.keys import AuditKeyError, add_key, key_file
from pathways.audit.services import audit_key_marker


class Command(BaseCommand):
    help = (
        "Append a new key to the audit key file (creating the file if there is none) and "
        "record in the audit chain that it signs every entry from now on. Retired keys stay "
        "in the file: they are needed to verify the entries they signed."
    )
    # Production refuses to start without the key file, and this command is how it is made.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--id",
            dest="key_id",
            help="The new key's id (default: today's date and a random part).",
        )

    def handle(self, *args, key_id: str | None = None, **options) -> None:
        try:
            key_id = add_key(key_id)
            audit_key_marker()
        except AuditKeyError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Audit key {key_id} is in force from now on. Copy {key_file()} to where you keep "
            "the installation's secrets: backups do not hold it, and without it the audit "
            "chain cannot be verified."
        )
