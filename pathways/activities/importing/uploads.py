"""Sheets uploaded for an import, kept on disk until the import is done with them.

An upload is an `ImportUpload` record owned by the user who uploaded it, and a file under
MEDIA_ROOT/imports/ that only the server's own user can read (folder 0700, file 0600). The
file is deleted when its import succeeds or is cancelled; `purge_uploads` deletes those
left unused for PATHWAYS_UPLOAD_RETENTION_HOURS (a failed import, an abandoned preview),
and any file no record names, and empties the rows an import left out for their problems
(`ImportBatch.problem_rows`) once their batch is that old.

The record is written (and committed: call `upload_create` outside a transaction) before its
file, and deleted before it, so a file without a record is never one still being stored: the
purge may delete it at once.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from pathways.activities.models import Event, ImportBatch, ImportUpload
from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record

_SUFFIX = ".upload"


def upload_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if path.stat().st_mode & 0o077:
        path.chmod(0o700)  # made readable by all by an earlier version
    return path


def _path(upload: ImportUpload) -> Path:
    return upload_dir() / f"{upload.token}{_SUFFIX}"


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
    try:
        _write_private(_path(upload), data)
    except OSError:
        upload.delete()
        raise
    return upload


def _write_private(path: Path, data: bytes) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    with os.fdopen(os.open(path, flags, 0o600), "wb") as out:
        out.write(data)


def get_upload_for_user(user: Any, event: Event, token: str) -> ImportUpload:
    """The user's own upload for this event; anyone else's, or one gone, is not found."""
    upload = ImportUpload.objects.filter(token=token, owner_id=user.pk, event=event).first()
    if upload is None:
        raise Http404("No such upload.")
    return upload


def upload_data(upload: ImportUpload) -> bytes:
    try:
        return _path(upload).read_bytes()
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
    _path(upload).unlink(missing_ok=True)


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
    paths = list(upload_dir().iterdir())
    known = set(ImportUpload.objects.values_list("token", flat=True))
    orphans = 0
    for path in paths:
        if path.name.removesuffix(_SUFFIX) in known or path.is_dir():
            continue
        path.unlink(missing_ok=True)
        orphans += 1
    return Purged(uploads=len(stale), orphans=orphans, problem_rows=emptied)


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
