"""Pages of the attendance import: upload → mapping and preview → confirm → report.

The uploaded file is an `ImportUpload` of the user who uploaded it (`uploads.py`):
only they reach its pages, and its file is deleted when the import succeeds or they cancel
it; `purge_uploads` deletes it a day after a failure or an abandoned preview.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from pathways.accounts.access import require, scope_for
from pathways.activities.importing import ImportFileError, import_file, prepare_import
from pathways.activities.importing.background import import_queue, runs_in_background
from pathways.activities.importing.forms import (
    EncodingForm,
    MappingForm,
    UploadForm,
    encoding_choices,
)
from pathways.activities.importing.history import template_language_choices
from pathways.activities.importing.organisation_views import organisation_context
from pathways.activities.importing.reading import file_sha256
from pathways.activities.importing.rows import DUPLICATE, skip_reason_label
from pathways.activities.importing.template import example_sheet
from pathways.activities.importing.uploads import (
    get_upload_for_user,
    problem_rows_downloaded,
    upload_create,
    upload_data,
    upload_discard,
    upload_update,
)
from pathways.activities.importing.writing import visible_pairs
from pathways.activities.models import (
    Attendance,
    Event,
    ImportBatch,
    ImportUpload,
    Person,
    Sex,
)
from pathways.lib.spreadsheets import ENCODINGS
from pathways.lib.tables import XLSX_TYPE, xlsx_bytes

PREVIEW_LIMIT = 200


def _event_for_import(request: HttpRequest, event_id: int) -> Event:
    """404 when the event is out of the user's scope, 403 when they may only read it."""
    event = get_object_or_404(
        Event.objects.visible_to(request.user).select_related("country", "lead_organisation"),
        pk=event_id,
    )
    require(scope_for(request.user).can_edit_event(event), _("You cannot change this event."))
    return event


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event_for_import(request, event_id)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data, encoding = form.cleaned_data["file"], form.cleaned_data["encoding"]
        try:
            prepare_import(
                actor=request.user,
                event=event,
                data=data,
                file_name=form.file_name,
                encoding=encoding or None,
            )
        except ImportFileError as exc:
            form.add_error("file", exc.message)
        else:
            upload = upload_create(
                owner=request.user,
                event=event,
                data=data,
                file_name=form.file_name,
                encoding=encoding,
            )
            return redirect("activities:import_preview", event_id=event.pk, token=upload.token)
    headers, rows = example_sheet(event)
    context = {
        "event": event,
        "form": form,
        "max_mb": settings.UPLOAD_MAX_BYTES / 1048576,
        "template_languages": template_language_choices(event),
        "example_headers": headers,
        "example_rows": rows,
    }
    return render(request, "activities/import_upload.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def import_preview(request: HttpRequest, event_id: int, token: str) -> HttpResponse:
    event = _event_for_import(request, event_id)
    upload = get_upload_for_user(request.user, event, token)
    data = upload_data(upload)
    if request.method == "POST" and request.POST.get("action") == "encoding":
        return _read_again(request, event, upload, data)
    mapping = {int(k): v for k, v in upload.mapping.items()} if upload.mapping else None
    try:
        preview = _prepare(request, event, upload, data, mapping)
    except ImportFileError as exc:
        upload_discard(upload)
        messages.error(request, exc.message)
        return redirect("activities:import_upload", event_id=event.pk)
    form = MappingForm(request.POST or None, columns=preview.columns, mapping=preview.mapping)
    if request.method == "POST" and form.is_valid():
        chosen = form.mapping()
        if request.POST.get("action") == "confirm" and chosen == preview.mapping:
            skip_invalid = request.POST.get("skip_invalid") == "1"
            if _in_background(preview, skip_invalid):
                return _queue(request, upload, chosen, skip_invalid=skip_invalid)
            return _confirm(request, event, upload, data, chosen, skip_invalid=skip_invalid)
        upload_update(upload, mapping={str(k): v for k, v in chosen.items()})
        if chosen != preview.mapping and request.POST.get("action") == "confirm":
            messages.warning(request, _("The mapping changed: check the preview, then confirm."))
        if not request.htmx:
            return redirect("activities:import_preview", event_id=event.pk, token=token)
        preview = _prepare(request, event, upload, data, chosen)
        form = MappingForm(columns=preview.columns, mapping=preview.mapping)
    context = _preview_context(event, token, preview, form)
    context.update(organisation_context(request.user, event, preview))
    if request.htmx:
        return render(request, "activities/import_preview_body.html", context)
    return render(request, "activities/import_preview.html", context)


def _prepare(request, event: Event, upload: ImportUpload, data: bytes, mapping):
    return prepare_import(
        actor=request.user,
        event=event,
        data=data,
        file_name=upload.file_name,
        mapping=mapping,
        encoding=upload.encoding or None,
    )


def _read_again(request, event: Event, upload: ImportUpload, data: bytes) -> HttpResponse:
    """Read the stored CSV file again as the encoding the user chose; the columns may read
    differently, so the mapping is worked out afresh."""
    form = EncodingForm(request.POST)
    if form.is_valid():
        chosen = form.cleaned_data["encoding"]
        try:
            prepare_import(
                actor=request.user,
                event=event,
                data=data,
                file_name=upload.file_name,
                encoding=chosen,
            )
        except ImportFileError as exc:
            messages.error(request, exc.message)
        else:
            upload_update(upload, encoding=chosen, mapping=None)
    return _go(request, reverse("activities:import_preview", args=[event.pk, upload.token]))


def _preview_context(event, token, preview, form) -> dict:
    plan = preview.plan
    result = preview.result()
    problem_rows = preview.problem_rows() if result.errors else []
    return {
        "encoding_label": ENCODINGS.get(preview.encoding, preview.encoding),
        "encoding_choices": encoding_choices(),
        "event": event,
        "token": token,
        "preview": preview,
        "result": result,
        "form": form,
        "errors": result.errors[:PREVIEW_LIMIT],
        "more_errors": max(0, len(result.errors) - PREVIEW_LIMIT),
        "sheet_errors": [e for e in result.errors if e.row is None],
        "problem_rows": [
            (r.row, r.values(preview.columns, preview.mapping), r.problems)
            for r in problem_rows[:PREVIEW_LIMIT]
        ],
        "more_problem_rows": max(0, len(problem_rows) - PREVIEW_LIMIT),
        "problem_row_count": len(problem_rows),
        "every_row_bad": bool(problem_rows) and not preview.read.rows,
        "skip_result": preview.result(skip_invalid=True) if preview.can_skip else None,
        "skipped": result.skipped[:PREVIEW_LIMIT],
        "more_skipped": max(0, len(result.skipped) - PREVIEW_LIMIT),
        "sample": _sample(preview) if plan else [],
        "limit": PREVIEW_LIMIT,
    }


def _sample(preview) -> list[tuple]:
    """The first rows as they will be saved, each with what will happen to it (`RowStatus`):
    the rows linked, created, or already at the event."""
    plan = preview.plan
    repeated = {s.row for s in plan.skipped if s.reason == DUPLICATE}
    rows = [
        (row, plan.statuses[row.row])
        for row in preview.read.rows
        if row.row in plan.statuses and row.row not in repeated
    ]
    sexes, roles = dict(Sex.choices), dict(Attendance.Role.choices)
    positions = dict(Person.Position.choices)
    shown = []
    for row, status in rows[:50]:
        labels = {
            "sex_label": sexes.get(row.sex, row.sex),
            "role_label": roles.get(row.role, row.role),
            "position_label": positions.get(row.position, ""),
        }
        shown.append(({**vars(row), **labels}, status))
    return shown


def _go(request: HttpRequest, url: str) -> HttpResponse:
    """A redirect that also works for htmx requests (a full page load, not a swap)."""
    if request.htmx:
        return HttpResponse(status=204, headers={"HX-Redirect": url})
    return redirect(url)


def _in_background(preview, skip_invalid: bool) -> bool:
    """A big sheet that would import: a worker writes it, the user watches its job. One
    that stops on its problems, or was imported already, is answered here at once."""
    return (
        runs_in_background(preview.read.rows_read)
        and not preview.already_imported
        and not preview.blocking_errors(skip_invalid)
    )


def _queue(request, upload: ImportUpload, mapping, *, skip_invalid: bool) -> HttpResponse:
    upload_update(upload, mapping={str(k): v for k, v in mapping.items()})
    job = import_queue(
        actor=request.user, upload=upload, mapping=mapping, skip_invalid=skip_invalid
    )
    messages.info(
        request, _("The sheet is large: it is imported in the background. Follow it here.")
    )
    return _go(request, reverse("jobs:job_detail", args=[job.pk]))


def _confirm(
    request, event, upload: ImportUpload, data: bytes, mapping, *, skip_invalid: bool
) -> HttpResponse:
    try:
        result = import_file(
            actor=request.user,
            event=event,
            data=data,
            file_name=upload.file_name,
            mapping=mapping,
            encoding=upload.encoding or None,
            skip_invalid=skip_invalid,
        )
    except ImportFileError as exc:
        upload_update(upload, status=ImportUpload.Status.FAILED)
        messages.error(request, exc.message)
        return _go(request, reverse("activities:import_upload", args=[event.pk]))
    if result.errors:
        upload_update(upload, status=ImportUpload.Status.FAILED)
        messages.error(request, _("The sheet has problems; nothing was imported."))
        return _go(request, reverse("activities:import_preview", args=[event.pk, upload.token]))
    upload_discard(upload)
    if result.already_imported:
        messages.warning(
            request, _("This file was already imported into this event; nothing was added.")
        )
        batch = ImportBatch.objects.filter(event=event, file_sha256=file_sha256(data)).first()
        batch_id = batch.pk if batch else None
    elif result.left_out:
        messages.warning(
            request,
            ngettext(
                "The attendance sheet was imported without %(n)d row with problems.",
                "The attendance sheet was imported without %(n)d rows with problems.",
                len(result.left_out),
            )
            % {"n": len(result.left_out)},
        )
        batch_id = result.batch_id
    else:
        messages.success(request, _("The attendance sheet was imported."))
        batch_id = result.batch_id
    if batch_id is None:
        return _go(request, reverse("activities:import_upload", args=[event.pk]))
    return _go(request, reverse("activities:import_report", args=[event.pk, batch_id]))


@login_required
@require_POST
def import_cancel(request: HttpRequest, event_id: int, token: str) -> HttpResponse:
    event = _event_for_import(request, event_id)
    upload_discard(get_upload_for_user(request.user, event, token))
    messages.info(request, _("The uploaded file was deleted; nothing was imported."))
    return redirect("activities:import_upload", event_id=event.pk)


@login_required
def import_report(request: HttpRequest, event_id: int, batch_id: int) -> HttpResponse:
    event = _event_for_import(request, event_id)
    batch = get_object_or_404(ImportBatch, pk=batch_id, event=event)
    report = batch.report or {}
    # Row numbers stay in the report; the rows' cells and problems only while kept.
    numbers = [r["row"] for r in report.get("left_out", [])]
    problems = [r[-1] for r in (batch.problem_rows or {}).get("rows", [])]
    left_out = list(zip(numbers, problems, strict=False))
    pairs = visible_pairs(request.user, report.get("possible_duplicates", {}).get("pairs", []))
    context = {
        "possible_pairs": pairs,
        "event": event,
        "batch": batch,
        "report": report,
        "skipped_count": len(report.get("skipped", [])),
        "skipped": [
            {"row": s["row"], "label": skip_reason_label(s["reason"])}
            for s in report.get("skipped", [])[:PREVIEW_LIMIT]
        ],
        "left_out_count": len(numbers),
        "left_out_rows": left_out[:PREVIEW_LIMIT],
        "more_left_out": max(0, len(left_out) - PREVIEW_LIMIT),
        "retention_hours": settings.UPLOAD_RETENTION_HOURS,
    }
    return render(request, "activities/import_report.html", context)


@login_required
def import_problem_rows(request: HttpRequest, event_id: int, batch_id: int) -> HttpResponse:
    """The rows an import left out, as the sheet had them plus a "problem" column: personal
    data like the upload, so only for the importer or those who may import into the event,
    and only while kept (`uploads_purge`)."""
    event = get_object_or_404(Event.objects.visible_to(request.user), pk=event_id)
    batch = get_object_or_404(ImportBatch, pk=batch_id, event=event)
    mine = batch.imported_by_id is not None and batch.imported_by_id == request.user.pk
    require(
        mine or scope_for(request.user).can_edit_event(event),
        _(
            "Only the person who imported the sheet, or those who may import into this event, "
            "may download the rows it left out."
        ),
    )
    sheet = batch.problem_rows or {}
    if not sheet.get("rows"):
        raise Http404(_("The rows left out are no longer kept."))
    stem = Path(batch.file_name).stem[:60] or "sheet"
    response = HttpResponse(
        xlsx_bytes([(_("Rows left out"), [*sheet["headers"], _("problem")], sheet["rows"])]),
        content_type=XLSX_TYPE,
    )
    problem_rows_downloaded(actor=request.user, batch=batch)
    filename = quote(f"{stem} - {_('rows left out')}.xlsx")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    response["Cache-Control"] = "no-store"
    return response
