"""The attendance import service: one path for the web page, the command and benchmarks.

`prepare_import` reads, maps and normalises a sheet and works out what an import would do,
writing nothing. `import_file` does the same and then, unless there are errors, the file
was already imported, or it is a dry run, writes every row in one transaction.

The pipeline, in order: `reading.py` (the sheet, its header row and mapping, the rows read
into an `ImportPreview`), then `writing.py` (each row matched to a person on record or
planned as new, and the plan written); `preview.py` holds what they pass along.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction

from pathways.accounts.access import require, scope_for
from pathways.activities.importing.preview import ImportPreview, ImportResult
from pathways.activities.importing.reading import parse_file
from pathways.activities.importing.writing import no_progress, plan_rows, write_import
from pathways.activities.models import Event, ImportBatch
from pathways.audit.models import AuditEvent
from pathways.lib.collector import paused_collector
from pathways.programs.models import Country


def _check_actor(actor: Any, event: Event, source: str) -> None:
    if actor is None and source == AuditEvent.Source.COMMAND:
        return  # an operator at the server's command line
    require(scope_for(actor).can_edit_event(event), "You cannot change this event's attendance.")


def prepare_import(
    *,
    actor: Any,
    event: Event,
    data: bytes,
    file_name: str,
    mapping: dict[int, str] | None = None,
    encoding: str | None = None,
    source: str = AuditEvent.Source.WEB,
) -> ImportPreview:
    """Read, map, normalise and match; report what an import would do. Writes nothing.
    `encoding` (a key of ENCODINGS) reads a CSV file as that instead of detecting it."""
    with paused_collector():  # see import_file
        _check_actor(actor, event, source)
        preview = parse_file(
            event=event, data=data, file_name=file_name, mapping=mapping, encoding=encoding
        )
        if not preview.already_imported:
            preview.plan = plan_rows(
                actor, event, preview.read.rows, organisations=preview.organisations.matched
            )
        return preview


def import_file(
    *,
    actor: Any,
    event: Event,
    data: bytes,
    file_name: str,
    mapping: dict[int, str] | None = None,
    encoding: str | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    source: str = AuditEvent.Source.WEB,
    progress: Callable[..., None] | None = None,
) -> ImportResult:
    """Import a sheet into an event: every row or none. Raises ImportFileError for a file that
    cannot be read at all; row problems come back in `errors` with nothing written.

    With `skip_invalid` the rows without problems are imported (in one transaction) and the
    rows with problems are left out, listed in `left_out` and kept with the batch to be
    downloaded, fixed and imported again; a problem of the sheet as a whole (the mapping),
    or problems in every row, still stop it.

    `progress(stage, rows_done, rows_total)`, when given, hears each stage (reading,
    matching, writing) as it begins; a background job records it outside this transaction."""
    # A big sheet's rows, persons, records and blocks are many small objects, none in a
    # reference cycle: Python's cycle collector would walk them again and again and find
    # nothing to free (docs/performance.md).
    with paused_collector():
        return _import_file(
            actor=actor,
            event=event,
            data=data,
            file_name=file_name,
            mapping=mapping,
            encoding=encoding,
            dry_run=dry_run,
            skip_invalid=skip_invalid,
            source=source,
            progress=progress or no_progress,
        )


def _import_file(
    *, actor, event, data, file_name, mapping, encoding, dry_run, skip_invalid, source, progress
) -> ImportResult:
    _check_actor(actor, event, source)
    progress("reading")
    preview = parse_file(
        event=event, data=data, file_name=file_name, mapping=mapping, encoding=encoding
    )
    if preview.blocking_errors(skip_invalid) or preview.already_imported or dry_run:
        if not preview.already_imported:
            preview.plan = plan_rows(
                actor, event, preview.read.rows, organisations=preview.organisations.matched
            )
        return preview.result(skip_invalid)
    with transaction.atomic():
        # FOR NO KEY UPDATE: imports (and merges) in one country still wait for each other,
        # but rows that merely refer to the country or the event do not wait for the import.
        # PostgreSQL checks those references at commit, after the writer has taken the audit
        # chain's head, which the import also needs: a plain FOR UPDATE here deadlocks with
        # any event or person saved in the country meanwhile.
        locked = Event.objects.select_for_update(no_key=True).get(pk=event.pk)
        # Imports in one country wait for each other: each matches against the persons the
        # one before it created, so people on two sheets imported at once are one person.
        Country.objects.select_for_update(no_key=True).get(pk=locked.country_id)
        if ImportBatch.objects.filter(event=locked, file_sha256=preview.sha256).exists():
            preview.already_imported = True
            return preview.result(skip_invalid)
        total = len(preview.read.rows)
        progress("matching", 0, total)
        preview.plan = plan_rows(actor, locked, preview.read.rows, possible=False)
        return write_import(
            actor=actor,
            event=locked,
            preview=preview,
            source=source,
            skip_invalid=skip_invalid,
            progress=progress,
        )
