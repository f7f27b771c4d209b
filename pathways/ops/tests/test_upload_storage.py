"""Uploaded files live under MEDIA_ROOT, which nothing serves: only views that check access
first hand them out (evidence downloads)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from pathways.programs.models import Country, OutcomeArea
from pathways.results import services
from pathways.results.models import Achievement

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def add_evidence(actor, filename: str):
    achievement = Achievement.objects.create(
        title="Synthetic result",
        text="Synthetic text.",
        date=dt.date(2022, 3, 1),
        country=Country.objects.get(code="KH"),
        outcome_area=OutcomeArea.objects.get(code="justice"),
    )
    return services.evidence_add(
        actor=actor, upload=io.BytesIO(PDF), filename=filename, achievement=achievement
    )


def test_uploads_are_stored_apart_from_the_static_files():
    media = Path(settings.MEDIA_ROOT).resolve()
    served = [Path(d).resolve() for d in settings.STATICFILES_DIRS]
    if settings.STATIC_ROOT:
        served.append(Path(settings.STATIC_ROOT).resolve())
    for static in served:
        assert not media.is_relative_to(static) and not static.is_relative_to(media)


def test_an_uploaded_file_is_not_served_by_its_path_even_to_the_admin(
    client, admin_user, kh_officer, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    evidence = add_evidence(kh_officer, "agenda.pdf")
    assert (tmp_path / evidence.file.name).read_bytes() == PDF
    client.force_login(admin_user)
    for url in (
        f"{settings.MEDIA_URL}{evidence.file.name}",
        f"/static/{evidence.file.name}",
        f"/{evidence.file.name}",
    ):
        assert client.get(url).status_code == 404, url
    download = client.get(reverse("results:evidence_download", args=[evidence.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF


def test_an_evidence_file_is_readable_by_the_server_user_only(kh_officer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    evidence = add_evidence(kh_officer, "sheet.pdf")
    stored = tmp_path / evidence.file.name
    assert stored.stat().st_mode & 0o777 == 0o600
    assert stored.parent.stat().st_mode & 0o777 == 0o700
