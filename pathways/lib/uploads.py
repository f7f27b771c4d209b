"""Checking uploaded files by what they contain, not by what they are called.

`check_upload(file, allowed={"xlsx", "csv"})` returns the kind it found or raises a
ValidationError that tells the user what was wrong: too big, empty, not one of the kinds
the page accepts, or named as one kind while holding another. Use it in a form's
`clean_<field>` before reading the file.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from pathlib import PurePath
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

SNIFF_BYTES = 8192

# Kind -> file name extensions that may carry it.
EXTENSIONS = {
    "xlsx": {".xlsx", ".xlsm"},
    "docx": {".docx"},
    "zip": {".zip"},
    "csv": {".csv", ".txt", ".tsv"},
    "pdf": {".pdf"},
    "png": {".png"},
    "jpeg": {".jpg", ".jpeg"},
}
LABELS = {
    "xlsx": gettext_lazy("Excel workbook (.xlsx)"),
    "docx": gettext_lazy("Word document (.docx)"),
    "zip": gettext_lazy("ZIP archive"),
    "csv": gettext_lazy("CSV or text file"),
    "pdf": gettext_lazy("PDF"),
    "png": gettext_lazy("PNG image"),
    "jpeg": gettext_lazy("JPEG image"),
}
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls and .doc


def check_upload(file: IO[bytes], *, allowed: Iterable[str], max_bytes: int | None = None) -> str:
    """The kind of an uploaded file, checked against `allowed` and the size limit."""
    allowed = set(allowed)
    limit = max_bytes if max_bytes is not None else settings.UPLOAD_MAX_BYTES
    size = file_size(file)
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if limit and size > limit:
        raise ValidationError(
            _("The file is %(size)s; files may be at most %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="too_big",
        )
    kind = sniff(file)
    if kind not in allowed:
        raise ValidationError(not_allowed_message(kind, allowed), code="wrong_kind")
    check_extension(getattr(file, "name", "") or "", kind)
    return kind


def file_size(file: IO[bytes]) -> int:
    size = getattr(file, "size", None)
    if size is not None:
        return size
    position = file.tell()
    file.seek(0, io.SEEK_END)
    size = file.tell()
    file.seek(position)
    return size


def sniff(file: IO[bytes]) -> str | None:
    """The kind of content by its leading bytes (and, for ZIP files, the entries inside)."""
    file.seek(0)
    head = file.read(SNIFF_BYTES)
    file.seek(0)
    if head.startswith(b"PK\x03\x04"):
        return zip_kind(file)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(OLE2):
        return "ole2"
    return "csv" if looks_like_text(head) else None


def zip_kind(file: IO[bytes]) -> str | None:
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError):
        # RuntimeError: NotImplementedError for a damaged "version needed to extract" field.
        return None
    finally:
        file.seek(0)
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "word/document.xml" in names:
        return "docx"
    return "zip"


def looks_like_text(head: bytes) -> bool:
    """Text in UTF-8, UTF-16 (with its byte-order mark) or a legacy 8-bit code page."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut off by the sniffing window is still text.
        if error.start < len(head) - 4:
            return not any(b < 0x09 or 0x0E <= b < 0x20 for b in head)
    return True


def not_allowed_message(kind: str | None, allowed: set[str]) -> str:
    accepted = ", ".join(str(LABELS[k]) for k in sorted(allowed))
    if kind == "ole2":
        return _(
            "This is an old Excel or Word file (.xls or .doc). Open it and save it as "
            "%(accepted)s, then upload it again."
        ) % {"accepted": accepted}
    if kind is None:
        return _(
            "This file's content is not a kind Pathways can read here. Accepted: %(accepted)s."
        ) % {"accepted": accepted}
    return _("This file is a %(found)s; this page accepts: %(accepted)s.") % {
        "found": LABELS[kind],
        "accepted": accepted,
    }


def check_extension(name: str, kind: str) -> None:
    suffix = PurePath(name).suffix.lower()
    if suffix and suffix not in EXTENSIONS[kind]:
        raise ValidationError(
            _(
                "The file is named %(name)s but holds a %(found)s. "
                "Check that you chose the right file."
            )
            % {"name": PurePath(name).name, "found": LABELS[kind]},
            code="misnamed",
        )
