"""Attachments: sealed on disk, served only through the access layer, refused whole on bad
input, re-encrypted by a key rotation."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client as Browser
from django.urls import reverse

from pathways.audit.models import AuditEvent
from pathways.casework import attachments, reading
from pathways.casework.models import AccessEvent, Attachment, CaseworkRole, DataKey, Section
from pathways.casework.services import attachment_add, data_key_rotate
from pathways.casework.tests.conftest import make_agency, open_case_for, register, signed_in, staff
from pathways.lib import crypto

pytestmark = pytest.mark.django_db

# A real (tiny) PDF and PNG, with a phrase to look for on disk.
SECRET = b"PASSPORT N0123-4567 SREYNEANG CHHORVANN"
PDF = b"%PDF-1.4\n1 0 obj << /Title (" + SECRET + b") >> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16 + SECRET


@pytest.fixture
def world(kh):
    shelter = make_agency(kh, "Shelter A")
    people = {
        "supervisor": staff(shelter, CaseworkRole.CASE_SUPERVISOR),
        "worker": staff(shelter, CaseworkRole.CASE_WORKER),
        "colleague": staff(shelter, CaseworkRole.CASE_WORKER),
        "lawyer": staff(shelter, CaseworkRole.LEGAL_OFFICER),
        "coordinator": staff(make_agency(kh), CaseworkRole.NRM_COORDINATOR),
    }
    case = open_case_for(register(kh, shelter), case_worker=people["worker"])
    return {"case": case, **people}


def add(world, kind=Attachment.Kind.IDENTITY_DOCUMENT, data=PDF, **extra) -> Attachment:
    return attachment_add(
        actor=world["worker"],
        case=world["case"],
        kind=kind,
        data=data,
        filename="passport Sreyneang.pdf",
        **extra,
    )


def stored_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def browser(user) -> Browser:
    b = Browser()
    signed_in(b, user)
    return b


def download_url(attachment) -> str:
    return reverse("casework:attachment", args=[attachment.case_id, attachment.pk])


def test_upload_and_download_round_trip_on_the_pages(world, casework_files_in_a_temporary_folder):
    worker = browser(world["worker"])
    url = reverse("casework:attachment_add", args=[world["case"].pk])
    page = worker.get(url)
    assert page.status_code == 200 and "Add a document" in page.text
    upload = SimpleUploadedFile("C:\\scans\\passport.PDF", PDF, content_type="image/png")
    response = worker.post(url, {"kind": "identity_document", "file": upload})
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    # The type from the bytes, not from what the browser said.
    assert (attachment.content_type, attachment.section, attachment.size) == (
        "application/pdf",
        Section.IDENTITY,
        len(PDF),
    )
    downloaded = worker.get(download_url(attachment))
    assert downloaded.status_code == 200
    assert downloaded.content == PDF
    assert downloaded["Content-Type"] == "application/pdf"
    assert downloaded["Content-Disposition"] == 'attachment; filename="passport.pdf"'
    assert downloaded["X-Content-Type-Options"] == "nosniff"
    assert downloaded["Cache-Control"] == "no-store"
    event = AccessEvent.objects.get(action=AccessEvent.Action.DOWNLOAD_ATTACHMENT)
    assert (event.user, event.case_id, event.fields, event.via) == (
        world["worker"],
        world["case"].pk,
        ["attachments"],
        "web",
    )
    # The upload is audited with field names only.
    audit = AuditEvent.objects.filter(object_repr=f"casework.Attachment {attachment.pk}").get()
    assert "passport" not in str(audit.changes).lower()


def test_the_stored_file_holds_no_plaintext(world, casework_files_in_a_temporary_folder):
    add(world)
    add(world, kind=Attachment.Kind.PHOTO, data=PNG)
    files = stored_files(casework_files_in_a_temporary_folder)
    assert len(files) == 2
    for path in files:
        raw = path.read_bytes()
        assert SECRET not in raw and b"%PDF" not in raw and b"\x89PNG\r\n" not in raw
        assert b"passport" not in raw.lower()
        assert oct(path.stat().st_mode & 0o777) == "0o600"
    row = Attachment.objects.first()
    assert b"passport" not in bytes(row.filename_sealed).lower()


def test_a_tampered_file_is_refused_with_a_clear_error(world, casework_files_in_a_temporary_folder):
    attachment = add(world)
    path = casework_files_in_a_temporary_folder / attachment.blob_path
    raw = bytearray(path.read_bytes())
    raw[-5] ^= 0x01
    path.write_bytes(bytes(raw))
    response = browser(world["worker"]).get(download_url(attachment))
    assert response.status_code == 500
    assert "its stored file was altered, damaged or swapped" in response.text
    assert SECRET.decode() not in response.text
    # Nothing left, so nothing recorded as downloaded.
    assert not AccessEvent.objects.filter(action="download_attachment").exists()


def test_a_file_swapped_for_another_attachments_does_not_open(
    world, casework_files_in_a_temporary_folder
):
    first, second = add(world), add(world, data=PDF + b"other")
    root = casework_files_in_a_temporary_folder
    (root / first.blob_path).write_bytes((root / second.blob_path).read_bytes())
    with pytest.raises(attachments.AttachmentUnreadable):
        reading.open_attachment(world["worker"], world["case"], first.pk, via="web")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"MZ\x90\x00 an executable", "is not a PDF, JPEG or PNG file"),
        (b"<svg onload=alert(1)>", "is not a PDF, JPEG or PNG file"),
        (b"", "The submitted file is empty."),
    ],
)
def test_a_file_that_is_not_a_pdf_jpeg_or_png_is_refused_with_nothing_written(
    world, casework_files_in_a_temporary_folder, data, message
):
    url = reverse("casework:attachment_add", args=[world["case"].pk])
    upload = SimpleUploadedFile("scan.pdf", data, content_type="application/pdf")
    response = browser(world["worker"]).post(url, {"kind": "consent_scan", "file": upload})
    assert response.status_code == 200
    assert message in response.text
    assert not Attachment.objects.exists()
    assert stored_files(casework_files_in_a_temporary_folder) == []


def test_an_oversize_file_is_refused_with_nothing_written(
    world, casework_files_in_a_temporary_folder, settings
):
    settings.CASEWORK_ATTACHMENT_MAX_BYTES = 1000
    url = reverse("casework:attachment_add", args=[world["case"].pk])
    upload = SimpleUploadedFile("big.pdf", PDF + b"x" * 2000)
    response = browser(world["worker"]).post(url, {"kind": "consent_scan", "file": upload})
    assert response.status_code == 200
    assert "The file is larger than 1000\xa0bytes, the most an attachment can be." in (
        response.text
    )
    assert not Attachment.objects.exists()
    assert stored_files(casework_files_in_a_temporary_folder) == []
    # The service refuses it too, for callers other than the page.
    with pytest.raises(Exception, match="an attachment can be at most"):
        add(world, data=PDF + b"x" * 2000)


def test_no_orphan_file_when_the_row_is_not_saved(
    world, casework_files_in_a_temporary_folder, monkeypatch
):
    def broken(**kwargs):
        raise RuntimeError("audit key missing")

    from pathways.casework.services import attachments as service

    monkeypatch.setattr(service, "audit_record_without_values", broken)
    with pytest.raises(RuntimeError):
        add(world)
    assert not Attachment.objects.exists()
    assert stored_files(casework_files_in_a_temporary_folder) == []


def test_download_without_the_section_is_404(world):
    consent = add(world, kind=Attachment.Kind.CONSENT_SCAN)  # notes: the case team only
    passport = add(world)  # identity: the legal officer too
    lawyer = browser(world["lawyer"])
    assert lawyer.get(download_url(consent)).status_code == 404
    assert lawyer.get(download_url(passport)).status_code == 200
    for name in ("colleague", "coordinator"):
        assert browser(world[name]).get(download_url(passport)).status_code == 404
    # An attachment id under another case's URL is not found either.
    other = open_case_for(register(world["case"].country, world["case"].owner_agency))
    wrong = reverse("casework:attachment", args=[other.pk, passport.pk])
    assert browser(world["supervisor"]).get(wrong).status_code == 404
    assert AccessEvent.objects.filter(action="download_attachment").count() == 1


def test_upload_needs_a_writable_section(world):
    url = reverse("casework:attachment_add", args=[world["case"].pk])
    assert browser(world["colleague"]).get(url).status_code == 404
    assert browser(world["coordinator"]).get(url).status_code == 403
    # The legal officer writes the legal sections only: "other" documents there, no passport.
    lawyer = browser(world["lawyer"])
    page = lawyer.get(url)
    assert page.status_code == 200
    assert 'value="other"' in page.text and 'value="identity_document"' not in page.text
    upload = SimpleUploadedFile("court.pdf", PDF)
    refused = lawyer.post(url, {"kind": "identity_document", "file": upload})
    assert refused.status_code == 200 and not Attachment.objects.exists()
    upload = SimpleUploadedFile("court.pdf", PDF)
    lawyer.post(url, {"kind": "other", "section": "legal", "file": upload})
    assert Attachment.objects.get().section == Section.LEGAL


def test_the_list_opens_names_only_for_permitted_sections(world):
    add(world, kind=Attachment.Kind.CONSENT_SCAN)
    add(world)
    rows = reading.list_attachments(world["lawyer"], world["case"], via="web")
    assert [(r.attachment.kind, r.filename) for r in rows] == [
        ("consent_scan", None),
        ("identity_document", "passport Sreyneang.pdf"),
    ]
    event = AccessEvent.objects.get(user=world["lawyer"])
    assert (event.action, event.fields) == ("view", ["attachments"])
    html = reading_include(world, rows)
    assert "passport Sreyneang.pdf" in html and "Not in the sections you may see" in html


def reading_include(world, rows) -> str:
    from django.template.loader import render_to_string

    return render_to_string(
        "casework/_attachments.html",
        {"case": world["case"], "attachments": rows, "can_upload_attachments": True},
    )


def test_rotation_reencrypts_the_file_and_its_name(
    world, casework_files_in_a_temporary_folder, django_capture_on_commit_callbacks
):
    attachment = add(world)
    old_path = attachment.blob_path
    old_key = attachment.data_key_id
    # The replaced file goes once its batch is committed.
    with django_capture_on_commit_callbacks(execute=True):
        result = data_key_rotate(actor=None, country=world["case"].country, batch_size=1)
    attachment.refresh_from_db()
    assert attachment.data_key_id == result.key_id != old_key
    assert attachment.blob_path != old_path
    assert not (casework_files_in_a_temporary_folder / old_path).exists()
    stored = (casework_files_in_a_temporary_folder / attachment.blob_path).read_bytes()
    assert crypto.key_id_of(stored) == result.key_id
    assert crypto.key_id_of(bytes(attachment.filename_sealed)) == result.key_id
    opened = reading.open_attachment(world["worker"], world["case"], attachment.pk, via="web")
    assert (opened.data, opened.filename) == (PDF, "passport Sreyneang.pdf")
    assert DataKey.objects.get(key_id=old_key).retired_at is not None
    assert attachments.orphan_blobs() == []


def test_an_interrupted_rotation_of_files_loses_nothing(
    world, casework_files_in_a_temporary_folder, monkeypatch, django_capture_on_commit_callbacks
):
    first, second = add(world), add(world, data=PDF + b"2")
    from pathways.casework.services import rotation

    real = rotation._reseal_file
    calls = []

    def failing_on_the_second(attachment, target):
        calls.append(1)
        if len(calls) == 2:
            raise OSError("disk full")
        return real(attachment, target)

    monkeypatch.setattr(rotation, "_reseal_file", failing_on_the_second)
    country = world["case"].country
    with pytest.raises(OSError), django_capture_on_commit_callbacks(execute=True):
        data_key_rotate(actor=None, country=country, batch_size=1)
    # The first was committed under the new key; the second still opens under the old one,
    # and no file is left that no row names.
    assert attachments.orphan_blobs() == []
    for attachment, data in ((first, PDF), (second, PDF + b"2")):
        got = reading.open_attachment(world["worker"], world["case"], attachment.pk, via="web")
        assert got.data == data
    monkeypatch.setattr(rotation, "_reseal_file", real)
    with django_capture_on_commit_callbacks(execute=True):
        result = data_key_rotate(actor=None, country=country, batch_size=1)
    assert result.resumed
    assert set(Attachment.objects.values_list("data_key_id", flat=True)) == {result.key_id}
    assert len(stored_files(casework_files_in_a_temporary_folder)) == 2
    assert attachments.orphan_blobs() == []


def test_attachments_are_never_under_media(settings):
    from pathlib import Path

    location = Path(settings.STORAGES["casework"]["OPTIONS"]["location"]).resolve()
    assert not location.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
