"""Casework: a document added to a case through the API, as its upload page adds it.

The file is read in memory by the page's own handler and form (`MemoryOnlyUploadHandler`,
`AttachmentForm`): an identity document's plain bytes are never written to a temporary
file, and a file past the attachment limit is skipped as it arrives. The service
(`attachment_add`) checks the bytes (PDF, JPEG or PNG) and seals them; the kinds offered are
those of the sections the user may write (`access.writable_sections`).
"""

# No `from __future__ import annotations`: django-ninja reads the parameter types of the
# views at import time.

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from pathways.api.errors import form_errors_response
from pathways.audit.models import AuditEvent
from pathways.casework.access import case_for, casework_scope, writable_sections
from pathways.casework.attachment_forms import AttachmentForm, MemoryOnlyUploadHandler
from pathways.casework.models import Attachment, Section
from pathways.casework.services import attachment_add

router = Router(tags=["casework"])

UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["kind", "file"],
                    "properties": {
                        "kind": {"type": "string", "enum": list(Attachment.Kind.values)},
                        "section": {
                            "type": "string",
                            "enum": list(Section.values),
                            "description": "For a document of kind `other`: its section.",
                        },
                        "file": {"type": "string", "format": "binary"},
                    },
                }
            }
        },
    }
}


class AttachmentAddedOut(Schema):
    """The new attachment (its name is sealed and not given back)."""

    id: int
    kind: str
    section: str
    content_type: str
    size: int
    uploaded_at: dt.datetime
    url: str


@router.post(
    "/casework/cases/{case_id}/attachments/",
    response={201: AttachmentAddedOut},
    url_name="casework_attachment_add",
    openapi_extra=UPLOAD_BODY,
)
def attachment_upload(request: HttpRequest, case_id: int):
    """Add a document to a case (multipart: `kind`; `section` for a document of kind
    `other`; `file`, a PDF, JPEG or PNG of at most the attachment limit, 10 MB unless set),
    encrypted before it is stored: 201 with the attachment. A kind of a section you may not
    write is a 422 naming it, as is a missing, oversize or unreadable file; 403 when you may
    write no section of the case, 404 for a case out of reach. Nothing is written on a
    refusal."""
    # The file stays in memory, never in a temporary file: the handler is set before
    # anything reads the body (nothing has: this route declares no body parameter).
    handler = MemoryOnlyUploadHandler(request, limit=settings.CASEWORK_ATTACHMENT_MAX_BYTES)
    request.upload_handlers = [handler]
    if not casework_scope(request.user).is_casework_user:
        raise Http404("No such API endpoint.")
    case = case_for(request.user, case_id)
    writable = writable_sections(request.user, case)
    files = request.FILES  # reads the body: the handler now knows whether it was too large
    form = AttachmentForm(request.POST, files, writable=writable, too_large=handler.too_large)
    if not form.fields["kind"].choices:
        raise PermissionDenied(_("You may not add documents to this case."))
    if not form.is_valid():
        return form_errors_response(form.errors, "form field")
    upload = form.cleaned_data["file"]
    try:
        attachment = attachment_add(
            actor=request.user,
            case=case,
            kind=form.cleaned_data["kind"],
            section=form.cleaned_data.get("section", ""),
            data=upload.read(),
            filename=upload.name,
            source=AuditEvent.Source.API,
        )
    except ValidationError as error:
        return form_errors_response(error.message_dict, "form field")
    url = f"/api/v1/casework/cases/{case.pk}/attachments/{attachment.pk}/"
    return Status(
        201,
        {
            "id": attachment.pk,
            "kind": attachment.kind,
            "section": attachment.section,
            "content_type": attachment.content_type,
            "size": attachment.size,
            "uploaded_at": attachment.uploaded_at,
            "url": request.build_absolute_uri(url),
        },
    )
