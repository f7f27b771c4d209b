"""Attachments of a case: identity documents, consent scans, photos, other documents.

The file's bytes are sealed like a case's fields (`sealing.seal_bytes`, bound to the
attachment's global id) and kept in the private `casework` storage, never under MEDIA and
never behind a URL: they leave only through the access layer (`reading.open_attachment`),
which checks `permitted_sections` for the attachment's section and records the download. The
file name is sealed too; the type, size and dates are in clear (tier 1).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from pathways.casework.models.cases import Case, Section


class Attachment(models.Model):
    class Kind(models.TextChoices):
        IDENTITY_DOCUMENT = "identity_document", _("Identity document")
        PHOTO = "photo", _("Photo of the person")
        CONSENT_SCAN = "consent_scan", _("Signed consent form")
        OTHER = "other", _("Other document")

    class ContentType(models.TextChoices):
        PDF = "application/pdf", "PDF"
        JPEG = "image/jpeg", "JPEG"
        PNG = "image/png", "PNG"

    global_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="attachments", verbose_name=_("case")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # Who may open it: `KIND_SECTIONS` for all kinds but "other", whose uploader chooses.
    section = models.CharField(
        _("section"),
        max_length=20,
        choices=[(s.value, s.label) for s in Section if s != Section.SUMMARY],
    )
    content_type = models.CharField(_("type"), max_length=40, choices=ContentType.choices)
    # Of the plaintext. No hash of it: a small document's hash can be guessed and checked.
    size = models.PositiveIntegerField(_("size in bytes"))
    # The sealed file's name in the `casework` storage: the global id and the key id only.
    blob_path = models.CharField(max_length=200, unique=True)
    data_key_id = models.CharField(max_length=32, db_index=True)
    filename_sealed = models.BinaryField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"))

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        # Never the file name: it may name the person.
        return f"Attachment {self.pk or '-'}"


# The section an attachment of each kind belongs to. Identity documents and photos identify
# the person (tier 2, with the names: the legal officer and a break-glass reader see them);
# a signed consent form records the person's choices with their signature, a case-team
# matter (the notes section: case worker and supervisor). "other" takes the section its
# uploader picks among the sections they may write.
KIND_SECTIONS = {
    Attachment.Kind.IDENTITY_DOCUMENT: Section.IDENTITY,
    Attachment.Kind.PHOTO: Section.IDENTITY,
    Attachment.Kind.CONSENT_SCAN: Section.NOTES,
}
