"""Adding an attachment to a case: the file checked, sealed and stored with its row, or
nothing written at all."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record_without_values
from pathways.casework import sealing
from pathways.casework.attachments import (
    EXTENSIONS,
    allowed_types_text,
    blob_name,
    delete_blob,
    sniff_type,
    write_blob,
)
from pathways.casework.models import KIND_SECTIONS, Attachment, Case, Section
from pathways.lib.text import clean_text

# An "other" document goes to one of these sections, as its uploader chooses.
OTHER_SECTIONS = tuple(s for s in Section.values if s not in (Section.SUMMARY,))


def attachment_section(kind: str, section: str = "") -> str:
    """The section an attachment of `kind` belongs to (`KIND_SECTIONS`; for "other", the one
    chosen); ValidationError naming the field for an unknown kind or section."""
    if kind not in Attachment.Kind.values:
        raise ValidationError({"kind": _("Choose what kind of document this is.")})
    if kind in KIND_SECTIONS:
        return KIND_SECTIONS[kind]
    if section not in OTHER_SECTIONS:
        raise ValidationError({"section": _("Choose the section the document belongs to.")})
    return section


def _check_content(data: bytes) -> str:
    limit = settings.CASEWORK_ATTACHMENT_MAX_BYTES
    if not data:
        raise ValidationError({"file": _("The file is empty. Choose the scan or photo to add.")})
    if len(data) > limit:
        raise ValidationError(
            {
                "file": _("The file is %(size)s; an attachment can be at most %(limit)s.")
                % {"size": filesizeformat(len(data)), "limit": filesizeformat(limit)}
            }
        )
    content_type = sniff_type(data)
    if not content_type:
        raise ValidationError(
            {
                "file": _(
                    "This file is not a %(types)s file (whatever its name says). Scan or "
                    "save the document as PDF, JPEG or PNG and upload that."
                )
                % {"types": allowed_types_text()}
            }
        )
    return content_type


def _clean_filename(filename: str, content_type: str) -> str:
    # The name as the user knows it, without a path a browser may send, control characters or
    # an extension that lies about the type.
    name = clean_text(os.path.basename((filename or "").replace("\\", "/")), multiline=False)
    stem = os.path.splitext(name.strip())[0].strip()[:150] or _("attachment")
    return f"{stem}{EXTENSIONS[content_type]}"


def attachment_add(
    *,
    actor: Any,
    case: Case,
    kind: str,
    data: bytes,
    filename: str,
    section: str = "",
    uploaded_at: dt.datetime | None = None,
    source: str = AuditEvent.Source.WEB,
) -> Attachment:
    """A new attachment of `case`: `data` (PDF, JPEG or PNG by its bytes, at most
    settings.CASEWORK_ATTACHMENT_MAX_BYTES) sealed into the casework storage, its name sealed
    in the row. The caller has checked the actor may write the attachment's section
    (`access.writable_sections`). ValidationError naming the field, and nothing written (no
    row, no file), on bad input; a stored file whose row is not saved is removed."""
    resolved = attachment_section(kind, section)
    content_type = _check_content(data)
    with transaction.atomic():
        attachment = Attachment(
            case=case,
            kind=kind,
            section=resolved,
            content_type=content_type,
            size=len(data),
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
            uploaded_at=uploaded_at or timezone.now(),
        )
        sealing.seal_record(attachment, {"filename": _clean_filename(filename, content_type)})
        attachment.blob_path = blob_name(attachment)
        attachment.full_clean()
        sealed = sealing.seal_bytes(attachment, data)
        stored = write_blob(attachment.blob_path, sealed)
        try:
            attachment.blob_path = stored
            attachment.save()
            audit_record_without_values(
                actor=actor,
                action=AuditEvent.Action.CREATE,
                instance=attachment,
                fields=["case", "kind", "section", "content_type", "size", "filename", "file"],
                source=source,
            )
        except BaseException:
            delete_blob(stored)
            raise
        # A transaction of the caller's that is rolled back later takes the row: the file
        # goes with it then (there is no hook for that; `attachments.orphan_blobs` finds it).
    return attachment
