"""The referral package through the API: the sending team makes it (the password in the answer
once, not cached), a case supervisor elsewhere previews it (`dry_run`, nothing written) and
imports it into a new case; a second import adds nothing; a wrong password or a damaged file
is a 400 naming why, nothing written."""

from __future__ import annotations

import base64

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pathways.api.tests.factories import api_client
from pathways.casework.models import AccessEvent, Case, CaseworkRole, Client
from pathways.casework.tests.conftest import staff
from pathways.casework.tests.package_helpers import SHARED_VALUES, package_world
from pathways.programs.models import Country

pytestmark = pytest.mark.django_db
IMPORT = "/api/v1/casework/referral-packages/"


@pytest.fixture
def world(db):
    return package_world(Country.objects.get(code="KH"), Country.objects.get(code="LA"))


def _make(world, user=None):
    return api_client(user or world.worker).post(
        f"/api/v1/casework/referrals/{world.referral.pk}/package/"
    )


def _send(world, data: bytes, password: str, **extra):
    values = {
        "password": password,
        "file": SimpleUploadedFile("referral.pwref", data, "application/octet-stream"),
        **extra,
    }
    return api_client(world.importer).post(IMPORT, values)


def test_the_package_is_made_once_with_its_password_and_not_cached(world):
    made = _make(world)
    assert made.status_code == 200, made.content
    assert made["Cache-Control"] == "no-store"
    body = made.json()
    assert body["filename"].endswith(".pwref") and len(body["password"]) == 29
    assert SHARED_VALUES["first_name"] not in made.content.decode()
    event = AccessEvent.objects.get(action=AccessEvent.Action.EXPORT)
    assert event.via == AccessEvent.Via.API


def test_a_package_previewed_then_imported_through_the_api(world):
    body = _make(world).json()
    data = base64.b64decode(body["content_base64"])
    preview = _send(world, data, body["password"], dry_run="true")
    assert preview.status_code == 200, preview.content
    found = preview.json()
    assert found["already_imported"] is False
    assert found["referral"]["from_agency"] == "Package Sender Shelter"
    assert {s["section"] for s in found["sections"]} == {"summary", "identity", "medical"}
    assert SHARED_VALUES["first_name"] not in preview.content.decode()
    assert not Client.objects.filter(owner_agency=world.receiver).exists()

    imported = _send(world, data, body["password"])
    assert imported.status_code == 201, imported.content
    case = Case.objects.get(owner_agency=world.receiver)
    assert imported.json()["case_id"] == case.pk and imported.json()["created"] is True

    again = _send(world, data, body["password"])
    assert again.status_code == 200 and again.json()["created"] is False
    assert Case.objects.filter(owner_agency=world.receiver).count() == 1


def test_a_wrong_password_and_a_flipped_byte_are_400s_naming_why(world):
    body = _make(world).json()
    data = bytearray(base64.b64decode(body["content_base64"]))
    wrong = _send(world, bytes(data), "wrong-password")
    assert wrong.status_code == 400 and wrong.json()["code"] == "wrong_password"
    data[-5] ^= 0x80
    altered = _send(world, bytes(data), body["password"])
    assert altered.status_code == 400 and altered.json()["code"] == "altered"
    cut = _send(world, bytes(data[:100]), body["password"])
    assert cut.json()["code"] == "truncated"
    assert not Client.objects.filter(owner_agency=world.receiver).exists()


def test_who_may_make_and_import_packages(world):
    # A legal officer of the sending agency does not see its referrals; its supervisor does.
    legal = staff(world.sender, CaseworkRole.LEGAL_OFFICER)
    assert _make(world, legal).status_code == 404
    assert _make(world, world.importer).status_code == 404
    worker = staff(world.receiver, CaseworkRole.CASE_WORKER)
    refused = api_client(worker).post(IMPORT, {"password": "x"})
    assert refused.status_code == 403


def test_a_referral_not_offered_has_no_package(world):
    world.referral.status = "accepted"
    world.referral.save(update_fields=["status"])
    refused = _make(world)
    assert refused.status_code == 409 and "accepted" in refused.json()["detail"].lower()
