"""Logos uploaded in the admin: PNG or JPEG only, size-limited, stored re-encoded."""

from __future__ import annotations

import io

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict
from django.urls import reverse
from PIL import Image

from pathways.audit.models import AuditEvent
from pathways.programs.logos import LOGO_BOX, LOGO_MAX_BYTES, LogoFormField
from pathways.programs.models import Program


def image_bytes(kind: str, size: tuple[int, int] = (120, 60), *, extra: bytes = b"") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (11, 93, 107)).save(out, format=kind)
    return out.getvalue() + extra


def upload(data: bytes, name: str = "logo.png", content_type: str = "image/png"):
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.mark.parametrize("kind", ["PNG", "JPEG"])
def test_png_and_jpeg_are_stored_as_a_fresh_png_named_by_its_hash(kind):
    # Bytes after the image (a polyglot's payload) do not survive the re-encoding.
    cleaned = LogoFormField().clean(upload(image_bytes(kind, extra=b"<script>x</script>")))
    data = cleaned.read()
    assert data.startswith(b"\x89PNG")
    assert b"<script>" not in data
    assert cleaned.name.endswith(".png") and len(cleaned.name) == 64 + 4


def test_a_large_logo_is_scaled_into_the_box():
    cleaned = LogoFormField().clean(upload(image_bytes("PNG", (3000, 900))))
    with Image.open(cleaned) as image:
        assert image.size[0] <= LOGO_BOX[0] and image.size[1] <= LOGO_BOX[1]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (image_bytes("GIF"), "PNG or JPEG"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><image href="http://x/"/></svg>', "readable"),
        (b"not an image at all", "readable"),
        (image_bytes("PNG")[:40], "readable"),
    ],
)
def test_other_files_are_refused_with_the_reason(data, message):
    with pytest.raises(forms.ValidationError) as error:
        LogoFormField().clean(upload(data))
    assert message in " ".join(error.value.messages)


def test_a_file_over_the_limit_is_refused_unread():
    with pytest.raises(forms.ValidationError) as error:
        LogoFormField().clean(upload(b"\x89PNG" + b"0" * LOGO_MAX_BYTES))
    assert "at most 2048 KB" in " ".join(error.value.messages)


def _form_data(instance) -> dict:
    data = {k: v for k, v in model_to_dict(instance).items() if v is not None and k != "logo"}
    return {k: (v if not hasattr(v, "pk") else v.pk) for k, v in data.items()}


@pytest.mark.django_db
def test_the_admin_uploads_the_program_logo_into_media_storage(
    client, admin_user, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    program = Program.objects.get()
    client.force_login(admin_user)
    url = reverse("admin:programs_program_change", args=[program.pk])
    form = client.get(url).content.decode()
    assert 'enctype="multipart/form-data"' in form
    assert 'accept="image/png,image/jpeg"' in form
    data = _form_data(program) | {"logo": upload(image_bytes("JPEG"), "Our Logo.jpg", "image/jpeg")}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    program.refresh_from_db()
    assert program.logo.name.startswith("logos/") and program.logo.name.endswith(".png")
    assert (settings.MEDIA_ROOT / program.logo.name).read_bytes().startswith(b"\x89PNG")
    event = AuditEvent.objects.latest("id")
    assert event.changes["logo"] == ["", program.logo.name]


@pytest.mark.django_db
def test_the_admin_refuses_an_svg_logo_and_changes_nothing(client, admin_user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    program = Program.objects.get()
    client.force_login(admin_user)
    url = reverse("admin:programs_program_change", args=[program.pk])
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"/>'
    response = client.post(
        url, _form_data(program) | {"logo": upload(svg, "l.svg", "image/svg+xml")}
    )
    assert response.status_code == 200
    assert "not a readable PNG or JPEG" in response.content.decode()
    program.refresh_from_db()
    assert not program.logo
    assert not (settings.MEDIA_ROOT / "logos").exists()
