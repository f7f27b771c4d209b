"""Attachments: the upload form and the download. The bytes leave only here and through the
API's route, both by `reading.open_attachment` (permitted sections, access event)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from pathways.casework import reading
from pathways.casework.access import case_for, writable_sections
from pathways.casework.attachment_forms import AttachmentForm, MemoryOnlyUploadHandler
from pathways.casework.attachments import AttachmentUnreadable
from pathways.casework.models import AccessEvent
from pathways.casework.services import attachment_add


def download_response(opened: reading.OpenedAttachment) -> HttpResponse:
    """The file as a download, never shown inline nor kept by a cache."""
    response = HttpResponse(opened.data, content_type=opened.content_type)
    response["Content-Disposition"] = content_disposition_header(True, opened.filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    response["Content-Length"] = str(len(opened.data))
    return response


@login_required
def attachment_download(request: HttpRequest, case_id: int, pk: int) -> HttpResponse:
    """404 for a case out of reach or an attachment whose section the user may not see."""
    case = case_for(request.user, case_id)
    try:
        opened = reading.open_attachment(
            request.user, case, pk, via=AccessEvent.Via.WEB, request=request
        )
    except AttachmentUnreadable as error:
        return render(
            request,
            "casework/attachment_unreadable.html",
            {"case": case, "message": str(error)},
            status=500,
        )
    return download_response(opened)


def can_upload(user: object, case: object) -> bool:
    """Whether the user may add a document of some kind to the case (the include's upload
    link)."""
    return bool(AttachmentForm(writable=writable_sections(user, case)).fields["kind"].choices)


def case_page(case_id: int) -> str:
    return reverse("casework:case_detail", args=[case_id])


@csrf_exempt
def attachment_add_view(request: HttpRequest, case_id: int) -> HttpResponse:
    # The upload stays in memory (never a temporary file): the handler must be set before
    # anything reads the body, so the CSRF check runs after it, in the inner view.
    handler = MemoryOnlyUploadHandler(request, limit=settings.CASEWORK_ATTACHMENT_MAX_BYTES)
    request.upload_handlers = [handler]
    return _attachment_add(request, case_id, handler)


@csrf_protect
@login_required
def _attachment_add(
    request: HttpRequest, case_id: int, handler: MemoryOnlyUploadHandler
) -> HttpResponse:
    case = case_for(request.user, case_id)
    writable = writable_sections(request.user, case)
    form_kwargs = {"writable": writable}
    if request.method == "POST":
        form = AttachmentForm(
            request.POST, request.FILES, too_large=handler.too_large, **form_kwargs
        )
    else:
        form = AttachmentForm(**form_kwargs)
    if not form.fields["kind"].choices:
        raise PermissionDenied(_("You may not add documents to this case."))
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            attachment_add(
                actor=request.user,
                case=case,
                kind=form.cleaned_data["kind"],
                section=form.cleaned_data.get("section", ""),
                data=upload.read(),
                filename=upload.name,
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The document is attached, encrypted."))
            return redirect(case_page(case.pk))
    return render(
        request,
        "casework/attachment_form.html",
        {"case": case, "form": form, "case_url": case_page(case.pk)},
    )
