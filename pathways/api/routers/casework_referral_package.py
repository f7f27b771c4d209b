"""Casework: the referral package through the API, as its pages make and read it
(docs/casework.md, referrals to agencies not on Pathways).

`POST /casework/referrals/{id}/package/` makes the encrypted package of an offered referral of
manual transport, for the sending case's team: the file (base64), its name and its password,
this once (`Cache-Control: no-store`; making it again makes a new file under a new password).
The sections are opened then and the export recorded in the access log with via "api".

`POST /casework/referral-packages/` (multipart: `file`, `password`, `agency` when you supervise
cases at several agencies, `dry_run`) imports a package received: with `dry_run`, what it holds
by section (field names, never values) and whether the referral was imported before (200);
without, a new client and case of your agency (201), or the case an earlier import of the same
referral opened (200, `created` false, nothing added). A package that cannot be imported is a
400 with its `code` (`wrong_password`, `altered`, `truncated`, `not_a_package`,
`wrong_version`, `invalid`, `no_identity`, `own_referral`) and nothing is written. The file is
read in memory only (`MemoryOnlyUploadHandler`).
"""

# No `from __future__ import annotations`: django-ninja reads the parameter types of the
# views at import time.

import base64
import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from pathways.api.errors import error_response, form_errors_response
from pathways.audit.models import AuditEvent
from pathways.casework.access import cases_visible_to, casework_scope
from pathways.casework.access_referrals import referral_for
from pathways.casework.attachment_forms import MemoryOnlyUploadHandler
from pathways.casework.models import AccessEvent, CaseworkRole, ReferralPackageImport
from pathways.casework.referral_package_forms import PACKAGE_MAX_BYTES, PackageImportForm
from pathways.casework.services.referral_package import (
    PackageRefused,
    importing_agencies,
    referral_package_export,
    referral_package_import,
    referral_package_preview,
)
from pathways.casework.transitions import TransitionRefused
from pathways.casework.views.common import with_role

router = Router(tags=["casework"])
API = AuditEvent.Source.API

UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file", "password"],
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "password": {"type": "string"},
                        "agency": {
                            "type": "integer",
                            "description": "The agency importing it, when you supervise "
                            "cases at several.",
                        },
                        "dry_run": {
                            "type": "boolean",
                            "description": "Open and check the package; write nothing.",
                        },
                    },
                }
            }
        },
    }
}


class PackageOut(Schema):
    """The package, this once: its bytes in base64, its name, and the password that opens
    it (send it by another channel than the file)."""

    referral_id: int
    case_number: str
    filename: str
    password: str
    content_base64: str


class PackageRefusedOut(Schema):
    detail: str
    code: str


class HeldOut(Schema):
    section: str
    fields: list[str]


class ReferralFactsOut(Schema):
    global_id: str
    from_agency: str
    from_country: str = ""
    to_agency: str = ""
    case_number: str = ""
    service_type: str
    urgency: str
    reason: str = ""
    offered_at: dt.datetime | None = None
    respond_by: dt.datetime | None = None
    first_contact_by: dt.datetime | None = None
    complete_by: dt.datetime | None = None


class PreviewOut(Schema):
    """What the package holds (names of fields by section, never a value) and, when the
    referral was imported before into the agency, the case it opened."""

    referral: ReferralFactsOut
    sections: list[HeldOut]
    agency_id: int
    already_imported: bool
    case_id: int | None


class ImportedOut(Schema):
    created: bool
    case_id: int | None
    case_number: str
    referral_global_id: str
    from_agency: str
    sections: list[str]


@router.post(
    "/casework/referrals/{referral_id}/package/",
    response={200: PackageOut},
    url_name="casework_referral_package",
)
def package_make(request: HttpRequest, referral_id: int, response: HttpResponse):
    """Make the referral's encrypted package (an offered referral of manual transport; 409
    otherwise), for the sending case's team (403 for the case's other readers; 404 when you
    may not see the case)."""
    if not casework_scope(request.user).is_casework_user:
        raise Http404("No such API endpoint.")
    referral = referral_for(request.user, referral_id)
    try:
        package = referral_package_export(
            actor=request.user,
            referral=referral,
            request=request,
            via=AccessEvent.Via.API,
            source=API,
        )
    except TransitionRefused as refusal:
        raise HttpError(409, str(refusal)) from None
    response["Cache-Control"] = "no-store"
    return {
        "referral_id": referral.pk,
        "case_number": referral.case.case_number,
        "filename": package.filename,
        "password": package.password,
        "content_base64": base64.b64encode(package.content).decode("ascii"),
    }


def _held(content: Any) -> list[dict[str, Any]]:
    held = content.fields_by_section()
    return [{"section": section, "fields": held.get(section, [])} for section in content.sections]


def _imported_out(request: HttpRequest, record: ReferralPackageImport, created: bool) -> dict:
    visible = cases_visible_to(request.user).filter(pk=record.case_id).exists()
    return {
        "created": created,
        "case_id": record.case_id if visible else None,
        "case_number": record.case.case_number,
        "referral_global_id": str(record.referral_global_id),
        "from_agency": record.from_agency_name,
        "sections": record.sections,
    }


@router.post(
    "/casework/referral-packages/",
    response={
        200: PreviewOut | ImportedOut,
        201: ImportedOut,
        400: PackageRefusedOut,
    },
    url_name="casework_referral_package_import",
    openapi_extra=UPLOAD_BODY,
)
def package_import(request: HttpRequest):
    """Import a referral package (multipart: `file`, `password`, `agency`, `dry_run`): a case
    supervisor only (403)."""
    # The package stays in memory, never in a temporary file: the handler is set before
    # anything reads the body (nothing has: this route declares no body parameter).
    handler = MemoryOnlyUploadHandler(request, limit=PACKAGE_MAX_BYTES)
    request.upload_handlers = [handler]
    with_role(request.user, CaseworkRole.CASE_SUPERVISOR)
    files = request.FILES  # reads the body: the handler now knows whether it was too large
    agencies = importing_agencies(request.user)
    form = PackageImportForm(request.POST, files, agencies=agencies, too_large=handler.too_large)
    if not form.is_valid():
        return form_errors_response(form.errors, "form field")
    data = form.cleaned_data
    dry_run = request.POST.get("dry_run", "").lower() in ("1", "true", "yes", "on")
    arguments = {
        "actor": request.user,
        "file": data["file"],
        "password": data["password"],
        "agency": data["agency"],
    }
    try:
        if dry_run:
            preview = referral_package_preview(**arguments)
        else:
            imported = referral_package_import(**arguments, source=API)
    except PackageRefused as refusal:
        return error_response(400, str(refusal), code=refusal.code)
    if dry_run:
        existing = preview.existing
        return Status(
            200,
            {
                "referral": preview.content.referral,
                "sections": _held(preview.content),
                "agency_id": preview.agency.pk,
                "already_imported": existing is not None,
                "case_id": existing.case_id
                if existing is not None
                and cases_visible_to(request.user).filter(pk=existing.case_id).exists()
                else None,
            },
        )
    out = _imported_out(request, imported.record, imported.created)
    return Status(201 if imported.created else 200, out)
