"""Attendance import: the same importer, checks and report as the import pages."""
# No `from __future__ import annotations`: django-ninja reads the parameter types of the
# views at import time, and postponed (string) annotations break its query models.

import json
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja import File, Form, Router, Schema, Status
from ninja.errors import ValidationError
from ninja.files import UploadedFile

from pathways.activities.importing import ImportFileError, import_file
from pathways.activities.importing.background import (
    import_queue,
    import_report,
    runs_in_background,
)
from pathways.activities.importing.forms import UploadForm
from pathways.activities.importing.reading import parse_file
from pathways.activities.importing.uploads import upload_create, upload_discard
from pathways.activities.importing.vocabulary import FIELDS
from pathways.api.routers.events import get_event
from pathways.api.routers.jobs import JobOut, job_out
from pathways.audit.models import AuditEvent
from pathways.lib.spreadsheets import ENCODINGS

router = Router(tags=["attendance import"])


class PairPerson(Schema):
    id: int | None  # None: a person a dry run would create
    name: str


class PossiblePair(Schema):
    row: int
    person: PairPerson
    possible: PairPerson


class PossibleDuplicates(Schema):
    """Pairs of a row's person and a person on record that wait for review, only of pairs
    whose two persons the caller may see (and counted only so)."""

    count: int
    pairs: list[PossiblePair]


class ImportReport(Schema):
    rows_read: int
    attendances_added: int
    persons_created: int
    persons_matched: int
    skipped: list[dict[str, Any]]
    errors: list[dict[str, Any]]
    possible_duplicates: PossibleDuplicates
    warnings: list[str]
    already_imported: bool
    written: bool
    dry_run: bool
    batch_id: int | None
    encoding: str
    # With skip_invalid: each row left out, its problems and its cells under the sheet's
    # headers.
    left_out: list[dict[str, Any]] = []


class ImportRefused(Schema):
    detail: str
    report: ImportReport


def invalid_form(field: str, message: str) -> ValidationError:
    return ValidationError([{"loc": ["form", field], "msg": message}])


def _mapping(raw: str | None) -> dict[int, str] | None:
    """`{"0": "full_name", "3": "sex"}`: column index (from 0) → field; None to detect."""
    if not raw:
        return None
    try:
        mapping = {int(k): str(v) for k, v in json.loads(raw).items()}
    except (ValueError, AttributeError):
        raise invalid_form("mapping", 'expected JSON like {"0": "full_name", "1": "sex"}') from None
    unknown = sorted(set(mapping.values()) - set(FIELDS))
    if unknown:
        raise invalid_form(
            "mapping", f"unknown fields {unknown}; expected some of {sorted(FIELDS)}"
        )
    return mapping


def _encoding(raw: str | None) -> str | None:
    if raw and raw not in ENCODINGS:
        raise invalid_form("encoding", f"unknown encoding; expected one of {list(ENCODINGS)}")
    return raw or None


def _read_upload(file: UploadedFile) -> bytes:
    form = UploadForm(files=MultiValueDict({"file": [file]}))
    if not form.is_valid():
        raise invalid_form("file", " ".join(form.errors["file"]))
    return form.cleaned_data["file"]


@router.post(
    "/events/{event_id}/attendance/import/",
    response={200: ImportReport, 201: ImportReport, 202: JobOut, 422: ImportRefused},
    url_name="attendance_import",
)
def attendance_import(
    request: HttpRequest,
    event_id: int,
    file: File[UploadedFile],
    dry_run: Form[bool] = False,
    mapping: Form[str | None] = None,
    encoding: Form[str | None] = None,
    skip_invalid: Form[bool] = False,
):
    """Import a sign-in sheet (XLSX, CSV, KoboToolbox CSV) into an event: every row or none.
    201 when written; 200 for a dry run or a file already imported; 422 with the report
    (row, column, what was expected) when rows have problems, and nothing is written.
    With `skip_invalid` the rows without problems are imported and the rows with problems
    are left out and listed in `left_out` (row, problems, the row's cells); a problem of the
    whole sheet (the mapping), or in every row, is still 422.
    `encoding` reads a CSV file as that text encoding (utf-8, utf-16, cp1252, cp874,
    cp1258, mac_roman, utf-32) instead of recognising it; the report's `encoding` says
    which one was used (empty for a workbook).
    A sheet of more rows than the server's background threshold (5,000 unless set) is
    imported by a worker: 202 with the job (`url` to poll at `/api/v1/jobs/{id}/`), whose
    `report` is this same report once it is done."""
    event = get_event(request, event_id)
    data = _read_upload(file)
    file_name = file.name or "upload"
    mapping_read, encoding_read = _mapping(mapping), _encoding(encoding)
    try:
        if runs_in_background(_rows(event, data, file_name, mapping_read, encoding_read)):
            return Status(
                202,
                _queue(
                    request,
                    event,
                    data,
                    file_name,
                    mapping_read,
                    encoding_read,
                    dry_run,
                    skip_invalid,
                ),
            )
        result = import_file(
            actor=request.user,
            event=event,
            data=data,
            file_name=file_name,
            mapping=mapping_read,
            encoding=encoding_read,
            dry_run=dry_run,
            skip_invalid=skip_invalid,
            source=AuditEvent.Source.API,
        )
    except ImportFileError as exc:
        raise invalid_form("file", exc.message) from exc
    report = import_report(result, dry_run=dry_run)
    if result.errors:
        return Status(
            422, {"detail": "The sheet has problems; nothing was imported.", "report": report}
        )
    return Status(201 if result.written else 200, report)


def _rows(event, data: bytes, file_name: str, mapping, encoding) -> int:
    """How many rows the sheet has (read, not matched: quick beside the import)."""
    preview = parse_file(
        event=event, data=data, file_name=file_name, mapping=mapping, encoding=encoding
    )
    return preview.read.rows_read


def _queue(request, event, data, file_name, mapping, encoding, dry_run, skip_invalid):
    upload = upload_create(
        owner=request.user, event=event, data=data, file_name=file_name, encoding=encoding or ""
    )
    try:
        job = import_queue(
            actor=request.user,
            upload=upload,
            mapping=mapping,
            skip_invalid=skip_invalid,
            dry_run=dry_run,
            source=AuditEvent.Source.API,
        )
    except PermissionDenied:
        upload_discard(upload)
        raise
    return job_out(job)
