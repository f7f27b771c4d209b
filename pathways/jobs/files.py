"""Files that jobs make (an IATI file, a donor workbook, a ZIP of factsheets), kept in the
`shared` storage: the worker writes them and a web process serves them, so they live where
every process reads (the database by default, a folder or S3; see docs/operations.md).

A job's report names its file (`file`: the stored name, the name it downloads as, its type
and size). Only the user who queued the job downloads it (`access.get_job_file_for_user`):
its content was counted with that user's access, which a country manager reading the job
need not have. Each download is audited. `job_files_purge` deletes the files of jobs older
than PATHWAYS_JOB_FILE_RETENTION_DAYS, and any file whose job is gone; `purge_uploads`
calls it.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.db import transaction
from django.utils import timezone

from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record
from pathways.jobs.models import Job

_FOLDER = "jobs"


def shared_storage() -> Storage:
    return storages["shared"]


def job_file_save(
    job: Job, *, content: bytes, download_name: str, content_type: str
) -> dict[str, Any]:
    """Store the job's file and return what its report keeps of it. The stored name is the
    job's folder and a random token, never the user's words."""
    suffix = PurePosixPath(download_name).suffix
    name = shared_storage().save(
        f"{_FOLDER}/{job.pk}/{secrets.token_hex(12)}{suffix}", ContentFile(content)
    )
    return {
        "name": name,
        "download_name": download_name,
        "content_type": content_type,
        "size": len(content),
    }


def job_file_downloaded(*, actor: Any, job: Job, source: str = AuditEvent.Source.WEB) -> None:
    """Record that `actor` took the job's file away: which job, which file, how large."""
    file = job.file or {}
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=AuditEvent.Action.DOWNLOAD,
            instance=job,
            changes={
                "kind": job.kind,
                "file": file.get("download_name", ""),
                "size": file.get("size", 0),
            },
            source=source,
        )


@dataclass(frozen=True)
class FilesPurged:
    files: int  # of jobs past the retention time
    # stored under jobs/ with no job (the job, or its owner, was deleted), or unnamed by an
    # old job's report
    orphans: int


def job_files_purge(*, now: dt.datetime | None = None) -> FilesPurged:
    """Delete the files of jobs created more than PATHWAYS_JOB_FILE_RETENTION_DAYS ago (their
    reports say so after), and files no job names. Safe to run at any time."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.JOB_FILE_RETENTION_DAYS)
    storage = shared_storage()
    purged = 0
    for job in Job.objects.filter(created_at__lt=cutoff, report__has_key="file"):
        if job.file is None:
            continue  # deleted already
        storage.delete(job.file["name"])
        report = {**job.report, "file": {**job.file, "deleted": True}}
        Job.objects.filter(pk=job.pk).update(report=report)
        purged += 1
    return FilesPurged(files=purged, orphans=_purge_orphans(storage, cutoff))


def _purge_orphans(storage: Storage, cutoff: dt.datetime) -> int:
    """Folders are named by job id: a file is being written only for a job that exists, so
    a folder whose job is gone may be emptied at once; so may one of a job past the
    retention (a file its report never named: the job stopped after storing it)."""
    try:
        folders, _files = storage.listdir(_FOLDER)
    except (FileNotFoundError, NotImplementedError):
        return 0  # nothing stored yet, or a storage that cannot list (its own expiry rules)
    ids = {int(f) for f in folders if f.isdigit()}
    recent = Job.objects.filter(pk__in=ids, created_at__gte=cutoff)
    known = set(recent.values_list("pk", flat=True))
    orphans = 0
    for job_id in sorted(ids - known):
        _dirs, files = storage.listdir(f"{_FOLDER}/{job_id}")
        for name in files:
            storage.delete(f"{_FOLDER}/{job_id}/{name}")
            orphans += 1
    return orphans
