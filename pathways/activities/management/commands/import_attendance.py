"""`manage.py import_attendance FILE --event ID [--dry-run] [--json] [--user USERNAME]
[--encoding ENCODING] [--skip-invalid [--left-out FILE.xlsx]] [--background]`."""

from __future__ import annotations

import json
import os
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from pathways.accounts.models import User
from pathways.activities.importing import ImportFileError, ImportResult, import_file
from pathways.activities.importing.background import import_queue
from pathways.activities.importing.uploads import upload_create, upload_discard
from pathways.activities.importing.writing import problem_sheet
from pathways.activities.models import Event
from pathways.audit.models import AuditEvent
from pathways.lib.spreadsheets import ENCODINGS
from pathways.lib.tables import xlsx_bytes
from pathways.lib.text import printable, printable_lines


class Command(BaseCommand):
    help = (
        "Import an attendance sheet (XLSX, CSV or KoboToolbox CSV) into an event. Every row is "
        "imported or none (unless --skip-invalid); the exit status is 1 when errors stop the "
        "import."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The sheet to import.")
        parser.add_argument("--event", type=int, required=True, help="The event's id.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would happen; write nothing."
        )
        parser.add_argument(
            "--json", action="store_true", help="Print the report as JSON on standard output."
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Import the rows without problems and leave out the rows with problems "
            "(listed in the report, and downloadable from the import's page for "
            "PATHWAYS_UPLOAD_RETENTION_HOURS). A problem of the whole sheet, or in every "
            "row, still stops the import.",
        )
        parser.add_argument(
            "--left-out",
            metavar="FILE.xlsx",
            help="With --skip-invalid: write the rows left out to this workbook, the sheet's "
            "columns plus a 'problem' column, to fix and import again. It holds personal "
            "data: delete it when done.",
        )
        parser.add_argument(
            "--encoding",
            choices=list(ENCODINGS),
            help="Read a CSV file as this text encoding instead of recognising it.",
        )
        parser.add_argument(
            "--user",
            help="Import as this user (their access is checked and the audit names them); "
            "without it the import is recorded as done by the system at the command line.",
        )
        parser.add_argument(
            "--background",
            action="store_true",
            help="Queue the import for a worker (manage.py db_worker) and print its job; "
            "needs --user, whose job it is. The job's page and /api/v1/jobs/ID/ follow it.",
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        event = Event.objects.select_related("country").filter(pk=options["event"]).first()
        if event is None:
            raise CommandError(f"No event with id {options['event']}.")
        actor = self._actor(options.get("user"))
        if options.get("background"):
            return self._queue(path, event, actor, options)
        try:
            result = import_file(
                actor=actor,
                event=event,
                data=path.read_bytes(),
                file_name=path.name,
                encoding=options.get("encoding"),
                dry_run=options["dry_run"],
                skip_invalid=options.get("skip_invalid", False),
                source=AuditEvent.Source.COMMAND,
            )
        except ImportFileError as exc:
            self._fail(options, exc.message)
        except PermissionDenied as exc:
            raise CommandError(f"{actor} cannot change this event's attendance.") from exc
        self._print(result, options)
        if options.get("left_out") and result.left_out:
            self._write_left_out(Path(options["left_out"]), result)
        if result.errors:
            raise SystemExit(1)

    def _queue(self, path: Path, event: Event, actor: User | None, options) -> None:
        if actor is None:
            raise CommandError("--background needs --user: the job runs as that user.")
        if options.get("left_out"):
            raise CommandError("--left-out cannot be used with --background.")
        upload = upload_create(
            owner=actor,
            event=event,
            data=path.read_bytes(),
            file_name=path.name,
            encoding=options.get("encoding") or "",
        )
        try:
            job = import_queue(
                actor=actor,
                upload=upload,
                skip_invalid=options.get("skip_invalid", False),
                dry_run=options["dry_run"],
                source=AuditEvent.Source.COMMAND,
            )
        except PermissionDenied as exc:
            upload_discard(upload)
            raise CommandError(f"{actor} cannot change this event's attendance.") from exc
        if options["json"]:
            self._json({"job": job.pk, "status": job.status})
        else:
            self.stdout.write(f"Queued as job {job.pk}: a worker (manage.py db_worker) runs it.")

    def _write_left_out(self, path: Path, result: ImportResult) -> None:
        sheet = problem_sheet(result.columns, result.left_out)
        data = xlsx_bytes([("Rows left out", [*sheet["headers"], "problem"], sheet["rows"])])
        # Personal data: readable by the operator only, like the uploads the pages keep.
        with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as out:
            out.write(data)
        self.stderr.write(f"Rows left out written to {path}.")

    def _actor(self, username: str | None) -> User | None:
        if not username:
            return None
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user named {username}.")
        return user

    def _fail(self, options, message: str) -> None:
        if options["json"]:
            report = ImportResult().report()
            report["errors"] = [{"row": None, "column": "", "message": message}]
            self._json(report)
        else:
            self.stderr.write(printable(message))
        raise SystemExit(1)

    def _print(self, result: ImportResult, options) -> None:
        if options["json"]:
            self._json(result.report())
        else:
            self._print_text(result, options["dry_run"])
        if result.already_imported:
            self.stderr.write("This file was already imported into this event; nothing added.")
        elif options["dry_run"] and not result.errors:
            self.stderr.write("Dry run: nothing was written.")

    def _print_text(self, result: ImportResult, dry_run: bool) -> None:
        verb = "would be" if dry_run else "was"
        lines = [
            f"Rows read: {result.rows_read}",
            f"Attendances added: {result.attendances_added}" + (" (dry run)" if dry_run else ""),
            f"Persons created: {result.persons_created}",
            f"Persons matched: {result.persons_matched}",
            f"Rows skipped: {len(result.skipped)}",
        ]
        lines += [f"  row {s.row}: {s.reason}" for s in result.skipped]
        if result.left_out:
            lines.append(f"Rows left out for their problems: {len(result.left_out)}")
            lines += [f"  {p.message}" for r in result.left_out for p in r.problems]
        lines.append(f"Possible duplicates waiting for review: {len(result.possible_duplicates)}")
        lines += [
            f"  row {p.row}: {p.person_name} may be {p.possible_name} "
            + (f"(person {p.possible_id})" if p.possible_id else "(another row's person)")
            for p in result.possible_duplicates
        ]
        if result.errors:
            lines.append(f"Errors: {len(result.errors)} (nothing {verb} written)")
            lines += [f"  {e.message}" for e in result.errors]
        lines += [f"Note: {w}" for w in result.warnings]
        # Errors and notes quote cells: an ANSI sequence in a cell must show, not clear the
        # operator's screen or retitle the terminal, and a line break must not fake a line.
        self.stdout.write("\n".join(printable(line) for line in lines))

    def _json(self, report: dict) -> None:
        # JSON escapes C0 controls itself; C1 controls and bidirectional overrides too.
        self.stdout.write(printable_lines(json.dumps(report, ensure_ascii=False, indent=2)))
