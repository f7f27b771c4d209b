"""An event's imports as its page lists them, undone ones included, and the pages to undo
an import and to download a blank sign-in sheet.

An undone import's batch is gone (so its file can be imported again); the audit event of
the undo (`undo.import_undo`) keeps what the list shows of it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from pathways.accounts.access import require, scope_for
from pathways.accounts.models import User
from pathways.activities.importing.template import (
    signin_template,
    template_file_name,
    template_languages,
)
from pathways.activities.importing.undo import can_undo_import, import_undo, undo_refusal
from pathways.activities.models import Event, ImportBatch
from pathways.audit.models import AuditEvent
from pathways.lib.tables import XLSX_TYPE

PER_PAGE = 10


@dataclass(frozen=True)
class ImportEntry:
    batch_id: int | None  # None once undone
    file_name: str
    imported_by: str
    imported_at: dt.datetime | None
    attendances_added: int
    persons_created: int
    undone_at: dt.datetime | None = None
    undone_by: str = ""


def _names(ids: set[int]) -> dict[int, str]:
    return {u.pk: u.display_name for u in User.objects.filter(pk__in=ids)}


def import_history(event: Event) -> list[ImportEntry]:
    """The event's imports, newest first: those on record, then those undone."""
    batches = list(event.import_batches.all())
    undone = list(
        AuditEvent.objects.filter(
            action=AuditEvent.Action.DELETE,
            content_type=ContentType.objects.get_for_model(ImportBatch),
            changes__event=event.pk,
        ).select_related("actor")
    )
    names = _names(
        {b.imported_by_id for b in batches}
        | {u.changes.get("imported_by") for u in undone} - {None}
    )
    entries = [
        ImportEntry(
            batch_id=b.pk,
            file_name=b.file_name,
            imported_by=names.get(b.imported_by_id, ""),
            imported_at=b.imported_at,
            attendances_added=(b.report or {}).get("attendances_added", 0),
            persons_created=(b.report or {}).get("persons_created", 0),
        )
        for b in batches
    ]
    entries += [
        ImportEntry(
            batch_id=None,
            file_name=u.changes.get("file_name", ""),
            imported_by=names.get(u.changes.get("imported_by"), ""),
            imported_at=parse_datetime(u.changes.get("imported_at") or ""),
            attendances_added=u.changes.get("attendances_added", 0),
            persons_created=u.changes.get("persons_created", 0),
            undone_at=u.at,
            undone_by=u.actor.display_name if u.actor else u.actor_name,
        )
        for u in undone
    ]
    oldest = dt.datetime.min.replace(tzinfo=dt.UTC)
    entries.sort(key=lambda e: e.imported_at or oldest, reverse=True)
    return entries


def template_language_choices(event: Event) -> list[tuple[str, str]]:
    """The languages the blank sheet can be headed in beside English, named for a select."""
    names = {**dict(settings.LANGUAGES), "ms": "Bahasa Melayu", "en": _("no other language")}
    return [(c, str(names.get(c, c))) for c in template_languages(event)]


def import_history_context(request: HttpRequest, event: Event) -> dict[str, Any]:
    """What the event page shows of its imports: the list for those who may see who attended
    (file names and the importers' names are theirs to see), nothing for others."""
    context: dict[str, Any] = {}
    can_import = can_undo_import(request.user, event)
    if can_import:
        context["template_languages"] = template_language_choices(event)
    if scope_for(request.user).can_see_personal_data_of_event(event):
        page = Paginator(import_history(event), PER_PAGE).get_page(request.GET.get("imports"))
        context.update(show_imports=True, imports=page, can_undo_imports=can_import)
    return context


def _event_for_import(request: HttpRequest, event_id: int) -> Event:
    """404 when the event is out of the user's scope, 403 when they may not import into it."""
    event = get_object_or_404(
        Event.objects.visible_to(request.user).select_related("country"), pk=event_id
    )
    require(can_undo_import(request.user, event), _("You cannot change this event."))
    return event


@login_required
@require_http_methods(["GET", "POST"])
def import_undo_confirm(request: HttpRequest, event_id: int, batch_id: int) -> HttpResponse:
    event = _event_for_import(request, event_id)
    batch = get_object_or_404(
        ImportBatch.objects.select_related("imported_by"), pk=batch_id, event=event
    )
    if request.method == "POST":
        try:
            result = import_undo(actor=request.user, batch=batch)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _(
                    "The import was undone: %(attendances)s attendances and %(persons)s persons "
                    "removed. The file can be imported again."
                )
                % {"attendances": result.attendances_removed, "persons": result.persons_removed},
            )
            return redirect("activities:event_detail", pk=event.pk)
    context = {
        "event": event,
        "batch": batch,
        "report": batch.report or {},
        "refusal": undo_refusal(batch),
    }
    return render(request, "activities/import_undo.html", context)


@login_required
@require_GET
def import_template(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event_for_import(request, event_id)
    languages = template_languages(event)
    language = request.GET.get("language") or languages[0]
    if language not in languages:
        language = languages[0]
    response = HttpResponse(signin_template(event, language), content_type=XLSX_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="{template_file_name(event, language)}"'
    )
    return response
