"""Pages of the attendance import: upload → mapping and preview → confirm → report.

The uploaded file is an `ImportUpload` of the user who uploaded it (`uploads.py`):
only they reach its pages, and its file is deleted when the import succeeds or they cancel
it; `purge_uploads` deletes it a day after a failure or an abandoned preview.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from pathways.accounts.access import require, scope_for
from pathways.activities.importing import ImportFileError, import_file, prepare_import
from pathways.activities.importing.forms import (
    EncodingForm,
    MappingForm,
    UploadForm,
    encoding_choices,
)
from pathways.activities.importing.organisation_views import organisation_context
from pathways.activities.importing.reading import file_sha256
from pathways.activities.importing.uploads import (
    get_upload_for_user,
    upload_create,
    upload_data,
    upload_discard,
    upload_update,
)
from pathways.activities.models import (
    Attendance,
    Event,
    ImportBatch,
    ImportUpload,
    Person,
    Sex,
)
from pathways.lib.spreadsheets import ENCODINGS

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
    context = {"event": event, "form": form, "max_mb": settings.UPLOAD_MAX_BYTES / 1048576}
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
            return _confirm(request, event, upload, data, chosen)
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
        "skipped": result.skipped[:PREVIEW_LIMIT],
        "more_skipped": max(0, len(result.skipped) - PREVIEW_LIMIT),
        "sample": _sample(plan) if plan else [],
        "limit": PREVIEW_LIMIT,
    }


def _sample(plan) -> list[tuple]:
    """The first rows as they will be saved, each with what will happen to it."""
    rows = [(row, None) for row in plan.create] + [(row, p) for row, p in plan.matched]
    rows.sort(key=lambda pair: pair[0].row)
    sexes, roles = dict(Sex.choices), dict(Attendance.Role.choices)
    positions = dict(Person.Position.choices)
    shown = []
    for row, person in rows[:50]:
        labels = {
            "sex_label": sexes.get(row.sex, row.sex),
            "role_label": roles.get(row.role, row.role),
            "position_label": positions.get(row.position, ""),
        }
        shown.append(({**vars(row), **labels}, person))
    return shown


def _go(request: HttpRequest, url: str) -> HttpResponse:
    """A redirect that also works for htmx requests (a full page load, not a swap)."""
    if request.htmx:
        return HttpResponse(status=204, headers={"HX-Redirect": url})
    return redirect(url)


def _confirm(request, event, upload: ImportUpload, data: bytes, mapping) -> HttpResponse:
    try:
        result = import_file(
            actor=request.user,
            event=event,
            data=data,
            file_name=upload.file_name,
            mapping=mapping,
            encoding=upload.encoding or None,
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
    context = {
        "event": event,
        "batch": batch,
        "report": report,
        "skipped_count": len(report.get("skipped", [])),
        "skipped": report.get("skipped", [])[:PREVIEW_LIMIT],
    }
    return render(request, "activities/import_report.html", context)
