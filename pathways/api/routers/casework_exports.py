"""Casework: exporting a case in the HTCDS beyond its summary through the API, under the
pages' rules (docs/casework.md §6.3 rule 4).

The summary alone is `GET /casework/cases/{id}/htcds/` (`casework.py`). Anything more is
asked for here (`export_request`), approved or refused by a supervisor of the case's agency
other than the requester (`export_approve`, `export_refuse`), prepared by the requester —
encrypted under a password given once in the answer and never kept (`export_prepare`, which
opens the sections and records the export as an access event with via "api") — and
downloaded once (`export_download`). The same services as the pages, so the same audit
entries. A request out of reach is a 404 (`export_access.export_request_for`); a step taken
without the right to it a 403; the moves of the request's workflow carry the `version` the
client last read: changed since, a 409 naming its state now and nothing written.
"""

# No `from __future__ import annotations`: django-ninja reads the parameter types of the
# views at import time.

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from pathways.api.pagination import LimitOffset, page
from pathways.audit.models import AuditEvent
from pathways.casework.access import case_for, casework_scope
from pathways.casework.export_access import (
    export_request_for,
    export_requests_visible_to,
    exportable_sections,
    may_decide,
)
from pathways.casework.models import AccessEvent, ExportRequest, Section
from pathways.casework.services.htcds_export import (
    export_approve,
    export_download,
    export_prepare,
    export_refuse,
    export_request,
)
from pathways.casework.transitions import ConcurrentChange, TransitionRefused
from pathways.casework.views.exports import file_response

router = Router(tags=["casework"])
API = AuditEvent.Source.API


class ExportOut(Schema):
    """A request to export a case: what was asked for, where it stands, and what you may do
    with it (`may_decide`: you are a supervisor who may approve or refuse it; `is_requester`:
    you prepare and download it). No value of the case."""

    id: int
    case_id: int
    case_number: str
    sections: list[str]
    state: str
    version: int
    requested_by: str
    requested_at: dt.datetime
    decided_by: str | None
    decided_at: dt.datetime | None
    prepared_at: dt.datetime | None
    downloaded_at: dt.datetime | None
    file_name: str
    may_decide: bool
    is_requester: bool


class ExportListOut(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[ExportOut]


class ExportRequestIn(Schema):
    sections: list[str] = Field(
        ..., description="The sections to export: the summary and at least one more."
    )


class VersionIn(Schema):
    version: int = Field(..., description="The request's version as you last read it.")


class DecisionIn(VersionIn):
    decision: str = Field(..., description="approve or refuse.")


class PreparedOut(ExportOut):
    """The password that opens the file, given this once and kept nowhere."""

    password: str


def _casework_user(request: HttpRequest) -> None:
    if not casework_scope(request.user).is_casework_user:
        raise Http404("No such API endpoint.")


def _export(request: HttpRequest, export_id: int) -> ExportRequest:
    _casework_user(request)
    return export_request_for(request.user, export_id)


def _name(user: Any) -> str | None:
    return f"{user.display_name} ({user.get_username()})" if user is not None else None


def _out(request: HttpRequest, export: ExportRequest) -> dict[str, Any]:
    return {
        "id": export.pk,
        "case_id": export.case_id,
        "case_number": export.case.case_number,
        "sections": export.sections,
        "state": export.state,
        "version": export.version,
        "requested_by": _name(export.requested_by),
        "requested_at": export.requested_at,
        "decided_by": _name(export.decided_by),
        "decided_at": export.decided_at,
        "prepared_at": export.prepared_at,
        "downloaded_at": export.downloaded_at,
        "file_name": export.package_name,
        "may_decide": export.state == ExportRequest.State.REQUESTED
        and may_decide(request.user, export),
        "is_requester": export.requested_by_id == request.user.pk,
    }


def _stale(export: ExportRequest) -> HttpError:
    fresh = ExportRequest.objects.get(pk=export.pk)
    return HttpError(
        409,
        _(
            "Someone else acted on this export request since you read it: it is now "
            "“%(state)s” (version %(version)d). Nothing was saved."
        )
        % {"state": fresh.get_state_display(), "version": fresh.version},
    )


def _requester_only(request: HttpRequest, export: ExportRequest, what: str) -> None:
    if export.requested_by_id != request.user.pk:
        raise PermissionDenied(what)


@router.post(
    "/casework/cases/{case_id}/exports/",
    response={201: ExportOut},
    url_name="casework_case_export_request",
)
def export_ask(request: HttpRequest, case_id: int, payload: ExportRequestIn):
    """Ask to export sections beyond the summary (the summary alone is `htcds/`, at once): a
    supervisor of the case's agency decides. 403 for a section you may not export (a reader
    through break-glass or as the country's coordinator exports the summary only)."""
    _casework_user(request)
    case = case_for(request.user, case_id)
    unknown = sorted(set(payload.sections) - set(Section.values))
    if unknown:
        raise HttpError(
            422,
            _("sections: choose from %(choices)s.") % {"choices": ", ".join(Section.values)},
        )
    if not set(payload.sections) <= exportable_sections(request.user, case):
        raise PermissionDenied(_("You may export only the sections offered to you for this case."))
    export = export_request(actor=request.user, case=case, sections=payload.sections, source=API)
    return Status(201, _out(request, export))


@router.get("/casework/exports/", response=ExportListOut, url_name="casework_exports")
def export_list(request: HttpRequest, pagination: Query[LimitOffset.Input]):
    """The requests you may see, newest first: your own, and those of your agencies' cases
    when you are their supervisor (`may_decide` marks those waiting for you)."""
    _casework_user(request)
    rows = export_requests_visible_to(request.user).order_by("-requested_at", "-id")
    return page(request, rows, pagination, lambda export: _out(request, export))


@router.get("/casework/exports/{export_id}/", response=ExportOut, url_name="casework_export_detail")
def export_detail(request: HttpRequest, export_id: int):
    return _out(request, _export(request, export_id))


@router.post(
    "/casework/exports/{export_id}/decide/",
    response=ExportOut,
    url_name="casework_export_decide",
)
def export_decide(request: HttpRequest, export_id: int, payload: DecisionIn):
    """`approve` or `refuse` the request: a supervisor of the case's agency other than the
    requester (403 otherwise); 409 when it is no longer awaiting a decision."""
    export = _export(request, export_id)
    decide = {"approve": export_approve, "refuse": export_refuse}.get(payload.decision)
    if decide is None:
        raise HttpError(422, _("decision: approve or refuse."))
    if not may_decide(request.user, export):
        if export.requested_by_id == request.user.pk:
            raise PermissionDenied(
                _("Someone else must approve your own export: ask another supervisor.")
            )
        raise PermissionDenied(_("Only a supervisor of the case's agency decides on its exports."))
    if payload.version != export.version:
        raise _stale(export)
    try:
        decide(actor=request.user, export=export, source=API)
    except ConcurrentChange:
        raise _stale(export) from None
    except TransitionRefused as refusal:
        raise HttpError(409, str(refusal)) from None
    return _out(request, export_request_for(request.user, export.pk))


@router.post(
    "/casework/exports/{export_id}/prepare/",
    response=PreparedOut,
    url_name="casework_export_prepare",
)
def export_make(request: HttpRequest, export_id: int, response: HttpResponse):
    """Make the approved file, encrypted, with who and when inside it and in its name; the
    answer gives its `password`, this once (preparing again makes a new file under a new
    password). The requester alone (403); 409 unless approved. The sections are opened now and
    the export recorded as an access event."""
    export = _export(request, export_id)
    _requester_only(request, export, _("Only the person who asked for the export prepares it."))
    try:
        password = export_prepare(
            actor=request.user, export=export, request=request, via=AccessEvent.Via.API, source=API
        )
    except TransitionRefused as refusal:
        raise HttpError(409, str(refusal)) from None
    response["Cache-Control"] = "no-store"
    return {**_out(request, export_request_for(request.user, export.pk)), "password": password}


@router.post(
    "/casework/exports/{export_id}/download/",
    response={200: None},
    url_name="casework_export_download",
)
def export_fetch(request: HttpRequest, export_id: int, payload: VersionIn):
    """The prepared file (`application/octet-stream`, opened with its password by
    `manage.py casework_open_export`), once: the request is then "downloaded" and the file
    gone. The requester alone (403); 409 before approval, before it is prepared, or once
    downloaded."""
    export = _export(request, export_id)
    _requester_only(request, export, _("Only the person who asked for the export downloads it."))
    if payload.version != export.version:
        raise _stale(export)
    try:
        file = export_download(actor=request.user, export=export, source=API)
    except ConcurrentChange:
        raise _stale(export) from None
    except TransitionRefused as refusal:
        raise HttpError(409, str(refusal)) from None
    answer: HttpResponse = file_response(file)
    return answer
