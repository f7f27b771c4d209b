"""Sheets uploaded for an import, kept in the shared storage until the import is done with them.

An upload is an `ImportUpload` record owned by the user who uploaded it, and a file
`imports/<token>.upload` in `STORAGES["shared"]` (pathways/jobs/storage.py): the database,
a folder only the server's own user can read, or an S3 bucket, so a worker on another
machine reads the sheet the web process stored. The file is deleted when its import succeeds
or is cancelled; `purge_uploads` deletes those left unused for
PATHWAYS_UPLOAD_RETENTION_HOURS (a failed import, an abandoned preview), and any file no
record names (and those versions before the shared storage left under MEDIA_ROOT/imports/),
and empties the rows an import left out for their problems
(`ImportBatch.problem_rows`) once their batch is that old.

The record is written (and committed: call `upload_create` outside a transaction) before its
file, and deleted before it, so a file without a record is never one still being stored: the
purge may delete it at once.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from pathways.activities.models import Event, ImportBatch, ImportUpload
from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record

FOLDER = "imports"
_SUFFIX = ".upload"


def shared_storage() -> Storage:
    return storages["shared"]


def upload_file_name(upload: ImportUpload) -> str:
    """The upload's file in the shared storage."""
    return f"{FOLDER}/{upload.token}{_SUFFIX}"


def upload_create(
    *, owner: Any, event: Event, data: bytes, file_name: str, encoding: str = ""
) -> ImportUpload:
    upload = ImportUpload.objects.create(
        token=secrets.token_urlsafe(16),
        owner=owner,
        event=event,
        file_name=file_name[:255],
        encoding=encoding,
    )
    name = upload_file_name(upload)
    try:
        stored = shared_storage().save(name, ContentFile(data))
        if stored != name:  # never for a fresh token; the record could not find its file
            shared_storage().delete(stored)
            raise FileExistsError("An upload's file name was taken.")
    except Exception:
        upload.delete()  # not stored, whatever the storage's error: no record without a file
        raise
    return upload


def get_upload_for_user(user: Any, event: Event, token: str) -> ImportUpload:
    """The user's own upload for this event; anyone else's, or one gone, is not found."""
    upload = ImportUpload.objects.filter(token=token, owner_id=user.pk, event=event).first()
    if upload is None:
        raise Http404("No such upload.")
    return upload


def upload_data(upload: ImportUpload) -> bytes:
    try:
        with shared_storage().open(upload_file_name(upload), "rb") as stored:
            return stored.read()
    except FileNotFoundError:
        upload_discard(upload)  # its file was removed behind our back: the record is useless
        raise Http404("No such upload.") from None


def upload_update(upload: ImportUpload, **fields: Any) -> None:
    """Record the user's choices (mapping, encoding, status); the upload counts as used now."""
    for name, value in fields.items():
        setattr(upload, name, value)
    upload.save(update_fields=[*fields, "updated_at"])


def upload_discard(upload: ImportUpload) -> None:
    """Delete the upload and its file; safe to call twice, or on one deleted meanwhile."""
    ImportUpload.objects.filter(pk=upload.pk).delete()
    shared_storage().delete(upload_file_name(upload))


@dataclass(frozen=True)
class Purged:
    uploads: int  # unused past the retention time (failed or abandoned), with their files
    orphans: int  # files no upload names
    problem_rows: int = 0  # batches whose rows left out (personal data) were emptied


def uploads_purge(*, now: dt.datetime | None = None) -> Purged:
    """Delete uploads unused for PATHWAYS_UPLOAD_RETENTION_HOURS, and files without a record."""
    cutoff = (now or timezone.now()) - dt.timedelta(hours=settings.UPLOAD_RETENTION_HOURS)
    stale = list(ImportUpload.objects.filter(updated_at__lt=cutoff))
    for upload in stale:
        upload_discard(upload)
    # The rows an import left out are the uploaded sheet's rows: kept no longer than it.
    emptied = (
        ImportBatch.objects.filter(imported_at__lt=cutoff)
        .exclude(problem_rows={})
        .update(problem_rows={})
    )
    # Files are listed before records are read: a file listed has a record already, if any.
    names = _stored_names()
    known = set(ImportUpload.objects.values_list("token", flat=True))
    orphans = [name for name in names if name.removesuffix(_SUFFIX) not in known]
    for name in orphans:
        shared_storage().delete(f"{FOLDER}/{name}")
    return Purged(uploads=len(stale), orphans=len(orphans) + _legacy_purge(), problem_rows=emptied)


def _legacy_purge() -> int:
    """Delete the sheets versions before the shared storage left under MEDIA_ROOT/imports/:
    no longer read by anything, but personal data. One the shared storage itself holds (its
    folder set to MEDIA_ROOT) is left alone."""
    deleted = 0
    for path in (Path(settings.MEDIA_ROOT) / FOLDER).glob(f"*{_SUFFIX}"):
        if path.is_file() and not shared_storage().exists(f"{FOLDER}/{path.name}"):
            path.unlink(missing_ok=True)
            deleted += 1
    return deleted


def _stored_names() -> list[str]:
    """The names of the files in the uploads' folder (folders in it are not uploads)."""
    try:
        _folders, files = shared_storage().listdir(FOLDER)
    except FileNotFoundError:  # a folder on disk not made yet: nothing was ever stored
        return []
    return files


def problem_rows_downloaded(
    *, actor: Any, batch: ImportBatch, source: str = AuditEvent.Source.WEB
) -> AuditEvent:
    """Record that `actor` took away the rows `batch` left out (personal data, as the sheet
    had them): who, which import and how many rows; never what the rows hold."""
    with transaction.atomic():
        return audit_record(
            actor=actor,
            action=AuditEvent.Action.DOWNLOAD,
            instance=batch,
            changes={
                "event": batch.event_id,
                "rows_left_out": len((batch.problem_rows or {}).get("rows", [])),
            },
            source=source,
        )
