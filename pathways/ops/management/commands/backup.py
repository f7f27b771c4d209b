"""`manage.py backup`: one archive with the database and the uploaded files."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from pathways.ops.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Write a consistent snapshot of the database (SQLite or PostgreSQL) and the uploaded "
        "files into one .tar.gz archive with a manifest of checksums. Safe while the app runs."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "-o",
            "--output",
            help="Directory (the archive gets a dated name inside) or archive file name. "
            "Default: var/backups/.",
        )

    def handle(self, *args, output: str | None = None, **options) -> None:
        try:
            path, manifest = backup_create(output=output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        counts = ", ".join(f"{n} {name}" for name, n in manifest["counts"].items())
        self.stdout.write(f"Backup written to {path}")
        self.stdout.write(f"{manifest['database']['engine']} database: {counts}")
        uploads = sum(1 for name in manifest["files"] if name.startswith("media/"))
        self.stdout.write(f"{uploads} uploaded files")
