"""The referral package (casework.md §3.4 external referral): exported by the sending team for
an offered manual referral, holding the shared sections and nothing else, encrypted under a
password given once; imported on the receiving side into a new client and case, once per
referral and agency; every damaged, altered, mistyped or foreign file refused with its own
reason and nothing written."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from pathways.audit.models import AuditEvent
from pathways.casework import reading
from pathways.casework.htcds import package as htcds_package
from pathways.casework.models import (
    AccessEvent,
    Case,
    CaseworkRole,
    Client,
    Referral,
    ReferralPackageImport,
)
from pathways.casework.services.referral_package import (
    PackageRefused,
    referral_package_export,
    referral_package_import,
    referral_package_preview,
)
from pathways.casework.tests.conftest import staff
from pathways.casework.tests.package_helpers import (
    SHARED_VALUES,
    UNSHARED_VALUES,
    package_world,
)
from pathways.casework.transitions import TransitionRefused
from pathways.lib import passworded


@pytest.fixture
def world(kh, la):
    return package_world(kh, la)


def _plain(package) -> str:
    body = package.content[htcds_package.HEADER_BYTES :]
    return passworded.decrypt(body, package.password).decode("utf-8")


def _written() -> tuple[int, int, int]:
    return Client.objects.count(), Case.objects.count(), ReferralPackageImport.objects.count()


def test_the_package_holds_the_shared_sections_and_the_referrals_facts_only(world):
    package = referral_package_export(actor=world.worker, referral=world.referral)
    plain = _plain(package)
    for value in SHARED_VALUES.values():
        assert value in plain
    for value in UNSHARED_VALUES.values():
        assert value not in plain
    content = json.loads(plain)
    assert content["referral"]["global_id"] == str(world.referral.global_id)
    assert content["referral"]["from_agency"] == "Package Sender Shelter"
    assert content["referral"]["service_type"] == "Health"
    assert content["referral"]["respond_by"] is not None
    assert content["htcds"]["export"]["sections"] == ["identity", "medical", "summary"]
    assert content["htcds"]["case"]["cas_ReferredOrganisation"].startswith("Package Receiving")
    # The file itself holds no value in clear, and its name none either.
    assert SHARED_VALUES["first_name"].encode() not in package.content
    assert package.filename.startswith(world.case.case_number)
    assert package.filename.endswith(".pwref")


def test_the_export_is_recorded_as_an_export_and_audited_without_values(world):
    referral_package_export(actor=world.worker, referral=world.referral)
    event = AccessEvent.objects.get(action=AccessEvent.Action.EXPORT, case_id=world.case.pk)
    assert event.user == world.worker
    assert "safe_location" not in event.fields and "medical_notes" in event.fields
    audit = AuditEvent.objects.filter(action=AuditEvent.Action.DOWNLOAD).latest("pk")
    assert SHARED_VALUES["first_name"] not in json.dumps(audit.changes)


def test_each_export_has_a_new_password(world):
    first = referral_package_export(actor=world.worker, referral=world.referral)
    second = referral_package_export(actor=world.worker, referral=world.referral)
    assert first.password != second.password
    assert "password" not in repr(first) and first.password not in repr(first)


def test_round_trip_gives_the_shared_sections_and_nothing_else(world):
    package = referral_package_export(actor=world.worker, referral=world.referral)
    imported = referral_package_import(
        actor=world.importer, file=package.content, password=package.password
    )
    assert imported.created
    case = imported.record.case
    assert case.owner_agency == world.receiver and case.country == world.receiver.country
    assert case.supervisor == world.importer
    assert case.client.owner_agency == world.receiver
    view = reading.open_case(world.importer, case, via="command")
    assert view.identity.first_name == SHARED_VALUES["first_name"]
    assert view.identity.last_name == SHARED_VALUES["last_name"]
    assert view.fields["medical_notes"] == SHARED_VALUES["medical_notes"]
    assert {f: v for f, v in view.fields.items() if v} == {
        "medical_notes": SHARED_VALUES["medical_notes"]
    }
    assert [(n.section, text) for n, text in view.notes] == [
        ("medical", SHARED_VALUES["medical_note"])
    ]
    # The identifiers are sealed as the house seals them: no name in clear in the row.
    assert SHARED_VALUES["first_name"].encode() not in bytes(case.client.first_name_sealed)
    origin = imported.record
    assert origin.referral_global_id == world.referral.global_id
    assert origin.from_agency_name == "Package Sender Shelter"
    assert origin.from_case_number == world.case.case_number
    assert origin.sections == ["identity", "medical", "summary"]


def test_the_preview_says_what_the_package_holds_and_writes_nothing(world):
    package = referral_package_export(actor=world.worker, referral=world.referral)
    before = _written()
    preview = referral_package_preview(
        actor=world.importer, file=package.content, password=package.password
    )
    assert _written() == before
    held = preview.content.fields_by_section()
    assert set(held) == {"summary", "identity", "medical"}
    assert "first_name" in held["identity"]
    assert held["medical"] == ["medical_notes", "note"]
    assert preview.existing is None


def test_a_second_import_of_the_same_referral_adds_nothing_and_says_so(world):
    package = referral_package_export(actor=world.worker, referral=world.referral)
    first = referral_package_import(
        actor=world.importer, file=package.content, password=package.password
    )
    before = _written()
    again = referral_package_export(actor=world.worker, referral=world.referral)
    second = referral_package_import(
        actor=world.importer, file=again.content, password=again.password
    )
    assert not second.created and second.record == first.record
    assert _written() == before
    preview = referral_package_preview(
        actor=world.importer, file=again.content, password=again.password
    )
    assert preview.existing == first.record


def _refused(world, data: bytes, password: str) -> PackageRefused:
    before = _written()
    with pytest.raises(PackageRefused) as refused:
        referral_package_import(actor=world.importer, file=data, password=password)
    assert _written() == before
    return refused.value


def test_a_wrong_password_is_refused_and_nothing_is_written(world):
    package = referral_package_export(actor=world.worker, referral=world.referral)
    refusal = _refused(world, package.content, "wrong-words-typed-in-here")
    assert refusal.code == "wrong_password"
    assert "password" in str(refusal)


def test_a_flipped_byte_is_refused_as_altered(world):
    package = referral_package_export(actor=world.worker, referral=world.referral)
    data = bytearray(package.content)
    data[len(data) // 2] ^= 0x01
    refusal = _refused(world, bytes(data), package.password)
    assert refusal.code == "altered"


def test_a_truncated_file_is_refused_as_incomplete(world):
    package = referral_package_export(actor=world.worker, referral=world.referral)
    assert _refused(world, package.content[:-40], package.password).code == "truncated"
    assert _refused(world, package.content[:20], package.password).code == "truncated"


def test_another_file_or_an_exported_case_is_not_a_package(world):
    assert _refused(world, b"%PDF-1.4 something else", "x").code == "not_a_package"
    exported = passworded.encrypt(b"{}", "secret")
    refusal = _refused(world, exported, "secret")
    assert refusal.code == "not_a_package" and "exported case" in str(refusal)


def _forged(plain: dict) -> bytes:
    return htcds_package.seal(json.dumps(plain).encode(), "forged-password")


def test_another_version_or_format_is_refused_by_name(world):
    package = referral_package_export(actor=world.worker, referral=world.referral)
    content = json.loads(_plain(package))
    content["package"]["version"] = 2
    refusal = _refused(world, _forged(content), "forged-password")
    assert refusal.code == "wrong_version" and "version 2" in str(refusal)
    content["package"] = {"format": "something-else", "version": 1}
    assert _refused(world, _forged(content), "forged-password").code == "not_a_package"


def test_a_package_holding_more_than_the_referral_shared_is_refused(world):
    package = referral_package_export(actor=world.worker, referral=world.referral)
    content = json.loads(_plain(package))
    content["referral"]["shared_sections"] = ["summary", "identity"]
    assert _refused(world, _forged(content), "forged-password").code == "invalid"
    content = json.loads(_plain(package))
    content["htcds"]["case"]["loc_Unexpected"] = "x"
    assert _refused(world, _forged(content), "forged-password").code == "invalid"


def test_a_package_without_the_persons_name_is_refused(kh, la):
    world = package_world(kh, la, shared=["summary", "medical"])
    package = referral_package_export(actor=world.worker, referral=world.referral)
    assert _refused(world, package.content, package.password).code == "no_identity"


def test_the_frame_digest_is_of_the_encrypted_body(world):
    package = referral_package_export(actor=world.worker, referral=world.referral)
    head = htcds_package.HEADER_BYTES
    assert package.content[head - 32 : head] == hashlib.sha256(package.content[head:]).digest()


def test_only_the_sending_team_exports_the_package(world):
    legal = staff(world.sender, CaseworkRole.LEGAL_OFFICER)
    with pytest.raises(PermissionDenied):
        referral_package_export(actor=legal, referral=world.referral)
    with pytest.raises(Http404):
        referral_package_export(actor=world.importer, referral=world.referral)
    supervisor = staff(world.sender, CaseworkRole.CASE_SUPERVISOR)
    assert referral_package_export(actor=supervisor, referral=world.referral).content


@pytest.mark.parametrize(
    ("field", "value"),
    [("transport", Referral.Transport.PATHWAYS), ("status", Referral.Status.ACCEPTED)],
)
def test_a_package_is_made_for_an_offered_manual_referral_only(world, field, value):
    Referral.objects.filter(pk=world.referral.pk).update(**{field: value})
    world.referral.refresh_from_db()
    with pytest.raises(TransitionRefused):
        referral_package_export(actor=world.worker, referral=world.referral)
    assert not AccessEvent.objects.filter(action=AccessEvent.Action.EXPORT).exists()


def test_only_a_case_supervisor_imports(world):
    package = referral_package_export(actor=world.worker, referral=world.referral)
    worker = staff(world.receiver, CaseworkRole.CASE_WORKER)
    with pytest.raises(PermissionDenied):
        referral_package_import(actor=worker, file=package.content, password=package.password)
    with pytest.raises(PermissionDenied):
        referral_package_import(
            actor=world.importer,
            file=package.content,
            password=package.password,
            agency=world.sender,
        )


def test_the_sending_agency_does_not_import_its_own_referral(world):
    package = referral_package_export(actor=world.worker, referral=world.referral)
    supervisor = staff(world.sender, CaseworkRole.CASE_SUPERVISOR)
    before = _written()
    with pytest.raises(PackageRefused) as refused:
        referral_package_import(actor=supervisor, file=package.content, password=package.password)
    assert refused.value.code == "own_referral" and _written() == before


def test_the_sender_records_the_agencys_answer_by_hand_after_sending_the_package(world):
    from pathways.casework.services.referrals import referral_record_answer

    referral_package_export(actor=world.worker, referral=world.referral)
    referral = referral_record_answer(
        actor=world.worker,
        referral=world.referral,
        version=world.referral.version,
        accepted=True,
        note="Accepted by phone",
    )
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACCEPTED and referral.responded_at is not None
    # Once answered, there is no package to send any more.
    with pytest.raises(TransitionRefused):
        referral_package_export(actor=world.worker, referral=referral)


def test_the_sender_records_a_decline_by_hand(world):
    from pathways.casework.services.referrals import referral_record_answer

    referral = referral_record_answer(
        actor=world.worker,
        referral=world.referral,
        version=world.referral.version,
        accepted=False,
        decline_reason=Referral.DeclineReason.NO_CAPACITY,
    )
    referral.refresh_from_db()
    assert referral.status == Referral.Status.DECLINED
    assert referral.decline_reason == Referral.DeclineReason.NO_CAPACITY
