"""Logos of the program and of organisations (funder, implementer), uploaded in the admin
and shown on factsheets.

Only PNG and JPEG are accepted, within a size limit, and every upload is decoded and
re-encoded as a fresh PNG with Pillow (installed with WeasyPrint): what is stored is pixels
we wrote, never the uploaded bytes. SVG is refused: the PDF renderer would follow its links
(server-side requests) and the page would run its scripts.
"""

from __future__ import annotations

import hashlib
import io
from typing import Any

from django import forms
from django.core.files.base import ContentFile
from django.db import models
from django.utils.translation import gettext_lazy as _

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_PIXELS = 4000 * 4000
# Stored no larger than this (width, height): a factsheet shows a logo about 15 mm high.
LOGO_BOX = (800, 400)
LOGO_FORMATS = {"PNG", "JPEG"}


def logo_path(instance: Any, filename: str) -> str:
    # LogoFormField names the re-encoded image by its content hash: no uploaded name
    # reaches the disk.
    return f"logos/{filename}"


def reencoded_logo(upload: Any) -> ContentFile:
    """The upload as a new PNG, or ValidationError saying what is wrong with it."""
    from PIL import Image, UnidentifiedImageError

    if upload.size > LOGO_MAX_BYTES:
        raise forms.ValidationError(
            _("The logo is %(size)s KB; at most %(max)s KB is accepted."),
            params={"size": upload.size // 1024, "max": LOGO_MAX_BYTES // 1024},
            code="too_big",
        )
    data = upload.read()
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind, (width, height) = probe.format, probe.size
            if kind not in LOGO_FORMATS:
                raise forms.ValidationError(_("A logo must be a PNG or JPEG image."), code="format")
            if width * height > LOGO_MAX_PIXELS:
                raise forms.ValidationError(
                    _("The logo is %(w)s × %(h)s pixels; at most 16 million pixels."),
                    params={"w": width, "h": height},
                    code="too_many_pixels",
                )
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            image = image.convert("RGBA")
            image.thumbnail(LOGO_BOX)
            out = io.BytesIO()
            image.save(out, format="PNG", optimize=True)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise forms.ValidationError(
            _("The file is not a readable PNG or JPEG image."), code="unreadable"
        ) from error
    png = out.getvalue()
    return ContentFile(png, name=f"{hashlib.sha256(png).hexdigest()}.png")


class LogoFormField(forms.FileField):
    """A file field that accepts a PNG or JPEG logo and hands on its re-encoded PNG."""

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        # On any widget, the admin's too: the file chooser offers PNG and JPEG only.
        return super().widget_attrs(widget) | {"accept": "image/png,image/jpeg"}

    def clean(self, data: Any, initial: Any = None) -> Any:
        value = super().clean(data, initial)
        if value and value is not initial and hasattr(value, "read"):
            return reencoded_logo(value)
        return value


class LogoField(models.FileField):
    """A logo, stored in the default (media) storage under logos/ by content hash."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("upload_to", logo_path)
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs: Any) -> Any:
        return super().formfield(**{"form_class": LogoFormField, **kwargs})
