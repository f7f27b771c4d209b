"""Casework: cases, their notes and attachments, under the pages' rules (docs/casework.md).

Every route starts from `access.cases_visible_to` / `case_for` (a case out of reach is a 404,
and so is every route for a token whose user holds no casework role); values come out only
through `reading` (`open_case`, `list_identities`, `list_attachments`, `open_attachment`),
which apply `permitted_sections` and record each read as an access event with via "api".
"""

# No `from __future__ import annotations`: django-ninja reads the parameter types of the
# views at import time.

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from pathways.api.pagination import LimitOffset
from pathways.api.schemas import OrganisationRef, PlainText
from pathways.audit.models import AuditEvent
from pathways.casework import reading
from pathways.casework.access import (
    case_for,
    cases_visible_to,
    casework_scope,
    writable_sections,
)
from pathways.casework.attachments import AttachmentUnreadable
from pathways.casework.models import CASE_SEALED_FIELDS, AccessEvent, Case, CaseNote, Section
from pathways.casework.sealing import ClientIdentity
from pathways.casework.services import case_note_add
from pathways.casework.services.htcds_export import export_summary
from pathways.casework.views.attachments import download_response
from pathways.casework.views.exports import file_response

router = Router(tags=["casework"])

NAME_FIELDS = ("first_name", "last_name")


class CaseOut(Schema):
    """A case's tier-1 facts, and the client's given and family names where the identity
    section is permitted (null otherwise)."""

    id: int
    case_number: str
    status: str
    exploitation_type: str
    # ISO 3166 code of the country where the person was exploited; "" when not known.
    exploitation_country: str
    opened_on: dt.date
    closed_on: dt.date | None
    country: str
    owner_agency: OrganisationRef
    sex: str
    age_band: str
    nationality: str
    is_synthetic: bool
    first_name: str | None = None
    last_name: str | None = None


class IdentityOut(Schema):
    first_name: str
    middle_name: str
    last_name: str
    local_script_name: str
    nickname: str
    birthdate: dt.date | None
    identity_number: str
    mobile_phone: str
    home_phone: str
    email: str
    address: str


class NoteOut(Schema):
    id: int
    section: str
    written_at: dt.datetime
    text: str


class AttachmentOut(Schema):
    id: int
    kind: str
    section: str
    content_type: str
    size: int
    uploaded_at: dt.datetime
    filename: str
    url: str


class CaseListOut(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[CaseOut]


class CaseDetailOut(CaseOut):
    """What the token's user may see of the case: `sections` lists the sections permitted;
    `identity`, `fields` (sealed fields grouped by section), `notes` and `attachments` hold
    those sections only."""

    sections: list[str]
    identity: IdentityOut | None
    fields: dict[str, dict[str, str]]
    notes: list[NoteOut]
    attachments: list[AttachmentOut]


class NoteIn(Schema):
    section: str = Field(Section.NOTES, description="One of the case's note sections.")
    text: PlainText = Field(..., min_length=1, max_length=20000)


class NoteCreatedOut(Schema):
    id: int
    section: str
    written_at: dt.datetime


def _casework_user(request: HttpRequest) -> None:
    """Casework routes do not exist for a user without a casework role."""
    if not casework_scope(request.user).is_casework_user:
        raise Http404("No such API endpoint.")


def _case(request: HttpRequest, case_id: int) -> Case:
    _casework_user(request)
    return case_for(request.user, case_id)


def _summary(case: Case, identity: ClientIdentity | None = None) -> dict:
    client = case.client
    return {
        "id": case.pk,
        "case_number": case.case_number,
        "status": case.status,
        "exploitation_type": case.exploitation_type,
        "exploitation_country": case.exploitation_country,
        "opened_on": case.opened_on,
        "closed_on": case.closed_on,
        "country": case.country.code,
        "owner_agency": case.owner_agency,
        "sex": client.sex,
        "age_band": client.age_band,
        "nationality": client.nationality,
        "is_synthetic": case.is_synthetic,
        "first_name": identity.first_name if identity else None,
        "last_name": identity.last_name if identity else None,
    }


@router.get("/casework/cases/", response=CaseListOut, url_name="casework_case_list")
def case_list(request: HttpRequest, pagination: Query[LimitOffset.Input]):
    """Cases you may see (need to know), newest first, with their tier-1 facts; the names
    only of cases whose identity section you may see, each such read recorded."""
    _casework_user(request)
    cases = cases_visible_to(request.user).select_related(
        "client__country", "country", "owner_agency"
    )
    result = LimitOffset().paginate_queryset(cases, pagination, request)
    rows = result["results"]
    names = reading.list_identities(
        request.user, rows, fields=NAME_FIELDS, via=AccessEvent.Via.API, request=request
    )
    result["results"] = [_summary(c, names.get(c.pk)) for c in rows]
    return result


@router.get("/casework/cases/{case_id}/", response=CaseDetailOut, url_name="casework_case_detail")
def case_detail(request: HttpRequest, case_id: int):
    case = _case(request, case_id)
    view = reading.open_case(request.user, case, via=AccessEvent.Via.API, request=request)
    fields: dict[str, dict[str, str]] = {}
    for name, value in view.fields.items():
        fields.setdefault(CASE_SEALED_FIELDS[name], {})[name] = value
    attachments = [
        row
        for row in reading.list_attachments(
            request.user, case, via=AccessEvent.Via.API, request=request
        )
        if row.permitted
    ]
    return {
        **_summary(case, view.identity),
        "sections": sorted(view.sections),
        "identity": view.identity.__dict__ if view.identity else None,
        "fields": fields,
        "notes": [
            {"id": n.pk, "section": n.section, "written_at": n.written_at, "text": text}
            for n, text in view.notes
        ],
        "attachments": [
            {
                "id": row.attachment.pk,
                "kind": row.attachment.kind,
                "section": row.attachment.section,
                "content_type": row.attachment.content_type,
                "size": row.attachment.size,
                "uploaded_at": row.attachment.uploaded_at,
                "filename": row.filename,
                "url": request.build_absolute_uri(
                    f"/api/v1/casework/cases/{case.pk}/attachments/{row.attachment.pk}/"
                ),
            }
            for row in attachments
        ],
    }


@router.post(
    "/casework/cases/{case_id}/notes/",
    response={201: NoteCreatedOut},
    url_name="casework_case_note_add",
)
def case_note_create(request: HttpRequest, case_id: int, payload: NoteIn):
    """A note in one section of the case: 403 unless you may write that section."""
    case = _case(request, case_id)
    allowed = {c for c, _label in CaseNote._meta.get_field("section").choices}
    if payload.section not in allowed:
        raise HttpError(422, "section: choose one of " + ", ".join(sorted(allowed)) + ".")
    if payload.section not in writable_sections(request.user, case):
        raise PermissionDenied("You may not write notes in this section of the case.")
    note = case_note_add(
        actor=request.user,
        case=case,
        text=payload.text,
        section=payload.section,
        source=AuditEvent.Source.API,
    )
    return Status(201, note)


@router.get(
    "/casework/cases/{case_id}/attachments/{attachment_id}/",
    response={200: None},
    url_name="casework_attachment",
)
def attachment_download(request: HttpRequest, case_id: int, attachment_id: int):
    """The attachment's file (`Content-Disposition: attachment`): 404 unless you may see its
    section; the download is recorded."""
    case = _case(request, case_id)
    try:
        opened = reading.open_attachment(
            request.user, case, attachment_id, via=AccessEvent.Via.API, request=request
        )
    except AttachmentUnreadable as error:
        raise HttpError(500, str(error)) from None
    response: HttpResponse = download_response(opened)
    return response


@router.get(
    "/casework/cases/{case_id}/htcds/", response={200: None}, url_name="casework_case_htcds"
)
def case_htcds(request: HttpRequest, case_id: int):
    """The case's summary as an HTCDS 2.0 document (a download, watermarked with you and the
    time), recorded as an export. More than the summary leaves only through the export pages,
    with a supervisor's approval (docs/casework.md)."""
    case = _case(request, case_id)
    exported = export_summary(
        actor=request.user, case=case, request=request, via=AccessEvent.Via.API
    )
    response: HttpResponse = file_response(exported)
    return response
