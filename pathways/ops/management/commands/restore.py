"""`manage.py restore ARCHIVE`: bring back a backup written by `manage.py backup`."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pathways.lib.text import printable
from pathways.ops.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore the database and the uploaded files from a backup archive, after checking "
        "its manifest and checksums. Stop the app first. Replacing a database that holds "
        "data needs --yes."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("archive", type=Path, help="A .tar.gz written by manage.py backup.")
        parser.add_argument(
            "--yes",
            action="store_true",
            help="Replace the current database and uploads even though they hold data.",
        )

    def handle(self, *args, archive: Path, yes: bool = False, **options) -> None:
        try:
            result = backup_restore(archive=archive, replace=yes)
        except BackupError as error:
            raise CommandError(str(error)) from error
        counts = ", ".join(f"{n} {name}" for name, n in result.counts.items())
        created = printable(str(result.manifest["created_at"]))
        self.stdout.write(f"Restored the backup of {created}: {counts}")
        if result.unapplied_migrations:
            self.stdout.write(
                "The backup is from an older version: run `manage.py migrate` now "
                f"({len(result.unapplied_migrations)} migrations to apply)."
            )
        if result.audit_problem:
            self.stderr.write(f"Warning: {printable(result.audit_problem)}")
        else:
            self.stdout.write("Audit chain: ok")
