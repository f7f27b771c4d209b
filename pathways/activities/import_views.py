"""Pages of the attendance import: upload → mapping and preview → confirm → report.

The uploaded file is kept under MEDIA_ROOT/imports/ only between the upload and the
confirmation (or until the session ends); the session remembers which file and mapping
belong to which event, so another user can never reach it.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from pathways.accounts.access import require, scope_for
from pathways.activities.importing import ImportFileError, import_file, prepare_import
from pathways.activities.importing.forms import MappingForm, UploadForm
from pathways.activities.importing.service import file_sha256
from pathways.activities.models import Attendance, Event, ImportBatch, Person, Sex

_SESSION_KEY = "attendance_imports"
PREVIEW_LIMIT = 200


def _event_for_import(request: HttpRequest, event_id: int) -> Event:
    """404 when the event is out of the user's scope, 403 when they may only read it."""
    event = get_object_or_404(
        Event.objects.visible_to(request.user).select_related("country", "lead_organisation"),
        pk=event_id,
    )
    require(scope_for(request.user).can_edit_event(event), _("You cannot change this event."))
    return event


def _upload_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _pending(request: HttpRequest, event: Event, token: str) -> tuple[dict, bytes]:
    entry = request.session.get(_SESSION_KEY, {}).get(token)
    path = _upload_dir() / f"{token}.upload"
    if not entry or entry.get("event") != event.pk or not path.is_file():
        raise Http404("No such upload.")
    return entry, path.read_bytes()


def _forget(request: HttpRequest, token: str) -> None:
    pending = request.session.get(_SESSION_KEY, {})
    pending.pop(token, None)
    request.session[_SESSION_KEY] = pending
    (_upload_dir() / f"{token}.upload").unlink(missing_ok=True)


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event_for_import(request, event_id)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"]
        try:
            prepare_import(actor=request.user, event=event, data=data, file_name=form.file_name)
        except ImportFileError as exc:
            form.add_error("file", exc.message)
        else:
            token = secrets.token_urlsafe(16)
            (_upload_dir() / f"{token}.upload").write_bytes(data)
            pending = request.session.get(_SESSION_KEY, {})
            pending[token] = {"event": event.pk, "name": form.file_name[:255], "mapping": None}
            request.session[_SESSION_KEY] = pending
            return redirect("activities:import_preview", event_id=event.pk, token=token)
    context = {"event": event, "form": form, "max_mb": settings.UPLOAD_MAX_BYTES / 1048576}
    return render(request, "activities/import_upload.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def import_preview(request: HttpRequest, event_id: int, token: str) -> HttpResponse:
    event = _event_for_import(request, event_id)
    entry, data = _pending(request, event, token)
    saved = entry.get("mapping")
    mapping = {int(k): v for k, v in saved.items()} if saved else None
    try:
        preview = prepare_import(
            actor=request.user, event=event, data=data, file_name=entry["name"], mapping=mapping
        )
    except ImportFileError as exc:
        _forget(request, token)
        messages.error(request, exc.message)
        return redirect("activities:import_upload", event_id=event.pk)
    form = MappingForm(request.POST or None, columns=preview.columns, mapping=preview.mapping)
    if request.method == "POST" and form.is_valid():
        chosen = form.mapping()
        if request.POST.get("action") == "confirm" and chosen == preview.mapping:
            return _confirm(request, event, token, entry, data, chosen)
        entry["mapping"] = {str(k): v for k, v in chosen.items()}
        request.session.modified = True
        if chosen != preview.mapping and request.POST.get("action") == "confirm":
            messages.warning(request, _("The mapping changed: check the preview, then confirm."))
        if not request.htmx:
            return redirect("activities:import_preview", event_id=event.pk, token=token)
        preview = prepare_import(
            actor=request.user, event=event, data=data, file_name=entry["name"], mapping=chosen
        )
        form = MappingForm(columns=preview.columns, mapping=preview.mapping)
    context = _preview_context(event, token, preview, form)
    if request.htmx:
        return render(request, "activities/import_preview_body.html", context)
    return render(request, "activities/import_preview.html", context)


def _preview_context(event, token, preview, form) -> dict:
    plan = preview.plan
    result = preview.result()
    return {
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


def _confirm(request, event, token, entry, data, mapping) -> HttpResponse:
    result = import_file(
        actor=request.user, event=event, data=data, file_name=entry["name"], mapping=mapping
    )
    if result.errors:
        messages.error(request, _("The sheet has problems; nothing was imported."))
        return _go(request, reverse("activities:import_preview", args=[event.pk, token]))
    _forget(request, token)
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
