"""Checking uploaded evidence: size against settings.UPLOAD_MAX_BYTES, and type by content.

The browser's declared content type and the file name are not trusted: the first bytes
decide. Accepted: PDF, PNG, JPEG, GIF, WebP, and Office documents (Word, Excel,
PowerPoint, both the zip-based formats and the older compound-file ones).
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_OOXML = {
    "word/": (".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xl/": (".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "ppt/": (".pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
}
_OLE_BY_EXTENSION = {
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".ppt": "application/vnd.ms-powerpoint",
}


@dataclass(frozen=True)
class CheckedFile:
    content: bytes
    content_type: str
    extension: str
    sha256: str


def sniff(content: bytes, filename: str = "") -> tuple[str, str] | None:
    """(extension, content type) judged from the bytes, or None when not an accepted type."""
    head = content[:16]
    if head.startswith(b"%PDF-"):
        return ".pdf", "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return ".png", "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return ".jpg", "image/jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return ".gif", "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return ".webp", "image/webp"
    if head.startswith(b"PK\x03\x04"):
        return _sniff_ooxml(content)
    if head.startswith(OLE_MAGIC):
        # Compound files do not say which Office program made them; the name does.
        ext = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ".doc"
        ext = ext if ext in _OLE_BY_EXTENSION else ".doc"
        return ext, _OLE_BY_EXTENSION[ext]
    return None


def _sniff_ooxml(content: bytes) -> tuple[str, str] | None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = archive.namelist()
    except zipfile.BadZipFile:
        return None
    if "[Content_Types].xml" not in names:
        return None
    for prefix, found in _OOXML.items():
        if any(n.startswith(prefix) for n in names):
            return found
    return None


def check_upload(upload: IO[bytes], filename: str) -> CheckedFile:
    """Read and check an upload; a ValidationError says what is wrong with it."""
    limit = settings.UPLOAD_MAX_BYTES
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise ValidationError(
            _("%(name)s is larger than the limit of %(limit)s.")
            % {"name": filename, "limit": filesizeformat(limit)}
        )
    if not content:
        raise ValidationError(_("%(name)s is empty.") % {"name": filename})
    found = sniff(content, filename)
    if found is None:
        raise ValidationError(
            _(
                "%(name)s is not a PDF, an image (PNG, JPEG, GIF, WebP) or an Office document "
                "(Word, Excel, PowerPoint)."
            )
            % {"name": filename}
        )
    extension, content_type = found
    return CheckedFile(content, content_type, extension, hashlib.sha256(content).hexdigest())
