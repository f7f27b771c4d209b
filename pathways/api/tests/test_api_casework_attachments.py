"""A document added to a case through the API (issue 20 item 10), as its upload page adds
it: read in memory, sealed, for the sections the user may write; an oversize or unreadable
file, or a kind of a section the user may not write, refused with nothing written."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pathways.api.tests.factories import api_client
from pathways.audit.models import AuditEvent
from pathways.casework.models import Attachment, CaseworkRole, Section
from pathways.casework.tests.conftest import make_agency, open_case_for, register, staff
from pathways.casework.tests.test_attachments import PDF, SECRET, stored_files
from pathways.programs.models import Country

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    kh = Country.objects.get(code="KH")
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


def upload(world, who: str, data: bytes = PDF, **fields):
    url = f"/api/v1/casework/cases/{world['case'].pk}/attachments/"
    body = {"kind": "identity_document", **fields, "file": SimpleUploadedFile("passport.pdf", data)}
    return api_client(world[who]).post(url, body)


def test_a_document_is_added_sealed_and_downloads_again(
    world, casework_files_in_a_temporary_folder
):
    response = upload(world, "worker")

    assert response.status_code == 201, response.content
    body = response.json()
    attachment = Attachment.objects.get(pk=body["id"])
    assert attachment.section == Section.IDENTITY and body["content_type"] == "application/pdf"
    assert "passport" not in response.content.decode()  # the name is sealed, not echoed
    for path in stored_files(casework_files_in_a_temporary_folder):
        assert SECRET not in path.read_bytes()
    created = AuditEvent.objects.filter(action=AuditEvent.Action.CREATE).order_by("-pk")[0]
    assert created.source == AuditEvent.Source.API
    download = api_client(world["worker"]).get(body["url"])
    assert download.status_code == 200 and download.content == PDF


def test_an_oversize_file_is_refused_without_being_kept(
    world, casework_files_in_a_temporary_folder, settings
):
    settings.CASEWORK_ATTACHMENT_MAX_BYTES = 1000
    response = upload(world, "worker", data=PDF + b"x" * 2000)
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["field"] == "file" and "larger than" in error["message"]
    assert not Attachment.objects.exists()
    assert stored_files(casework_files_in_a_temporary_folder) == []


def test_a_file_that_is_not_a_document_is_refused(world, casework_files_in_a_temporary_folder):
    response = upload(world, "worker", data=b"MZ\x90\x00 an executable")
    assert response.status_code == 422 and response.json()["errors"]
    assert not Attachment.objects.exists()
    assert stored_files(casework_files_in_a_temporary_folder) == []


def test_only_the_sections_one_may_write(world, casework_files_in_a_temporary_folder):
    assert upload(world, "colleague").status_code == 404
    assert upload(world, "coordinator").status_code == 403
    # The legal officer adds legal documents, not an identity document.
    refused = upload(world, "lawyer")
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "kind"
    assert not Attachment.objects.exists()
    done = upload(world, "lawyer", kind="other", section="legal")
    assert done.status_code == 201
    assert Attachment.objects.get().section == Section.LEGAL
