"""The attachment upload form: the file kept in memory only, its size and kind checked."""

from __future__ import annotations

import io
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pathways.casework.models import KIND_SECTIONS, Attachment, Section
from pathways.casework.services.attachments import OTHER_SECTIONS


class MemoryOnlyUploadHandler(FileUploadHandler):
    """Keeps an attachment's upload in memory, never in a temporary file: the plain bytes of
    an identity document must not be written anywhere unsealed. A file past `limit` is
    skipped as it arrives (`too_large` says so) instead of being read whole."""

    def __init__(self, request: Any = None, *, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.too_large = False
        self.buffer = io.BytesIO()

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.buffer = io.BytesIO()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        if self.buffer.tell() + len(raw_data) > self.limit:
            self.too_large = True
            self.buffer = io.BytesIO()
            raise SkipFile
        self.buffer.write(raw_data)

    def file_complete(self, file_size: int) -> InMemoryUploadedFile:
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            self.buffer,
            self.field_name,
            self.file_name,
            self.content_type,
            file_size,
            self.charset,
            self.content_type_extra,
        )


def too_large_message() -> str:
    return _("The file is larger than %(limit)s, the most an attachment can be.") % {
        "limit": filesizeformat(settings.CASEWORK_ATTACHMENT_MAX_BYTES)
    }


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What is it?"))
    section = forms.ChoiceField(
        label=gettext_lazy("Section (for another document)"),
        required=False,
        help_text=gettext_lazy(
            "Who may open it: identity documents and photos go with the person's identity, "
            "consent forms with the case notes; choose the section for another document."
        ),
    )
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("A PDF, JPEG or PNG file."),
        required=False,
    )

    def __init__(self, *args: Any, writable: frozenset[str], too_large: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_large = too_large
        self.fields["kind"].choices = [
            (kind.value, kind.label)
            for kind in Attachment.Kind
            if KIND_SECTIONS.get(kind, None) in writable
            or (kind not in KIND_SECTIONS and set(OTHER_SECTIONS) & writable)
        ]
        self.fields["section"].choices = [("", "—")] + [
            (s.value, s.label) for s in Section if s in OTHER_SECTIONS and s in writable
        ]
        self.fields["file"].help_text = _(
            "A PDF, JPEG or PNG file of at most %(limit)s. It is encrypted before it is stored, "
            "and only those who may see its section can download it."
        ) % {"limit": filesizeformat(settings.CASEWORK_ATTACHMENT_MAX_BYTES)}

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if self.too_large:
            raise forms.ValidationError(too_large_message())
        if not upload:
            raise forms.ValidationError(_("Choose the file to add."))
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("kind") == Attachment.Kind.OTHER and not data.get("section"):
            self.add_error("section", _("Choose the section the document belongs to."))
        return data
