"""Imports in the background: a sheet of more rows than PATHWAYS_BACKGROUND_IMPORT_ROWS is
imported by a worker, as a job (`pathways.jobs`), after the page's confirm or an API call.

The sheet is stored as an upload (`uploads.py`) before the job is queued, so the worker
reads it from there, not from the web process's memory; the job records who queued it and
the worker imports as that user, through the same `import_file` and the same access checks.
The same file queued twice for one event writes once: `import_file` finds the batch with
the file's checksum and reports it already imported.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from pathways.accounts.access import require, scope_for
from pathways.activities.importing.preview import ImportFileError, ImportResult
from pathways.activities.importing.reading import file_sha256
from pathways.activities.importing.service import import_file
from pathways.activities.importing.uploads import upload_data, upload_discard, upload_update
from pathways.activities.models import Event, ImportBatch, ImportUpload
from pathways.audit.models import AuditEvent
from pathways.jobs.models import Job
from pathways.jobs.progress import Reporter
from pathways.jobs.services import JobError, Outcome, job_queue, job_run


def runs_in_background(rows: int) -> bool:
    return rows > settings.BACKGROUND_IMPORT_ROWS


def import_report(result: ImportResult, *, dry_run: bool = False) -> dict[str, Any]:
    """The report as the API and a finished job give it."""
    return {
        **result.report(),
        "warnings": result.warnings,
        "already_imported": result.already_imported,
        "written": result.written,
        "dry_run": dry_run,
        "batch_id": result.batch_id,
        "encoding": result.encoding,
    }


def import_queue(
    *,
    actor: Any,
    upload: ImportUpload,
    mapping: dict[int, str] | None = None,
    skip_invalid: bool = False,
    dry_run: bool = False,
    source: str = AuditEvent.Source.WEB,
) -> Job:
    """Queue the import of a stored upload, to run as `actor` (who must be allowed to change
    the event's attendance now, and still when the worker runs it)."""
    event = upload.event
    require(scope_for(actor).can_edit_event(event), _("You cannot change this event's attendance."))
    return job_queue(
        task=import_job_run,
        owner=actor,
        kind=Job.Kind.IMPORT,
        title=_("Import of %(file)s into “%(event)s”")
        % {"file": upload.file_name, "event": event.title},
        country_id=event.country_id,
        params={
            "event": event.pk,
            "upload": upload.token,
            "mapping": {str(k): v for k, v in mapping.items()} if mapping else None,
            "skip_invalid": skip_invalid,
            "dry_run": dry_run,
            "source": source,
        },
    )


@task()
def import_job_run(job_id: int) -> None:
    job_run(job_id, _import)


def _import(job: Job, report: Reporter) -> Outcome:
    params = job.params
    upload = ImportUpload.objects.filter(token=params["upload"]).select_related("event").first()
    if upload is None:
        raise JobError(_("The uploaded file is no longer kept; upload the sheet again."))
    try:
        data = upload_data(upload)
    except Http404:
        raise JobError(_("The uploaded file is no longer kept; upload the sheet again.")) from None
    mapping = params.get("mapping")
    try:
        result = import_file(
            actor=job.owner,
            event=_event(upload),
            data=data,
            file_name=upload.file_name,
            mapping={int(k): v for k, v in mapping.items()} if mapping else None,
            encoding=upload.encoding or None,
            dry_run=params.get("dry_run", False),
            skip_invalid=params.get("skip_invalid", False),
            source=params.get("source", AuditEvent.Source.WEB),
            progress=report,
        )
    except ImportFileError as exc:
        upload_update(upload, status=ImportUpload.Status.FAILED)
        raise JobError(exc.message) from None
    return _outcome(upload, result, dry_run=params.get("dry_run", False), sha=file_sha256(data))


def _event(upload: ImportUpload) -> Event:
    return Event.objects.select_related("country").get(pk=upload.event_id)


def _outcome(upload: ImportUpload, result: ImportResult, *, dry_run: bool, sha: str) -> Outcome:
    report = import_report(result, dry_run=dry_run)
    if result.errors:
        upload_update(upload, status=ImportUpload.Status.FAILED)
        raise JobError(_("The sheet has problems; nothing was imported."), report=report)
    if dry_run:
        return Outcome(report=report, rows_done=result.rows_read)
    upload_discard(upload)
    batch_id = result.batch_id
    if result.already_imported:  # the report is that of the import that wrote this file
        batches = ImportBatch.objects.filter(event_id=upload.event_id, file_sha256=sha)
        batch_id = batches.values_list("pk", flat=True).first()
    url = reverse("activities:import_report", args=[upload.event_id, batch_id]) if batch_id else ""
    return Outcome(report=report, result_url=url, rows_done=result.rows_read)
