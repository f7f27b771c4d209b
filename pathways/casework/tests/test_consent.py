"""Consent (casework.md §5): who gives it (an adult; a child's assent and a guardian; a
best-interests decision approved by a supervisor when the guardian is suspected), the fields
that must be there, the override only with the capability and for 72 hours, withdrawal that
revokes the open referrals relying on it and tells their receivers, and the consent that
covers a referral by recipient, exclusion, section and date."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from freezegun import freeze_time

from pathways.casework.access_consent import consent_covering
from pathways.casework.models import (
    CaseworkRole,
    Client,
    ConsentOverride,
    ConsentRecord,
    Referral,
    ReferralUpdate,
    ServiceType,
)
from pathways.casework.reading_consent import open_consent_words
from pathways.casework.services import (
    consent_override,
    consent_record,
    consent_withdraw,
    referral_revoke,
)
from pathways.casework.tests.conftest import make_agency, open_case_for, register, staff
from pathways.casework.transitions import REFERRAL_MOVES, TransitionRefused
from pathways.notifications.models import Notification
from pathways.programs.models import Organisation

K = ConsentRecord.Kind
G = ConsentRecord.GivenBy
R = Referral.Status


@pytest.fixture
def world(kh):
    shelter = make_agency(kh, "Consent shelter")
    worker = staff(shelter, CaseworkRole.CASE_WORKER, "consent-worker")
    supervisor = staff(shelter, CaseworkRole.CASE_SUPERVISOR, "consent-sup")
    adult = register(kh, shelter, age_band=Client.AgeBand.ADULT_18_24)
    child = register(kh, shelter, age_band=Client.AgeBand.CHILD_12_17)
    receiver = make_agency(kh, "Legal aid receiver")
    receiver_worker = staff(receiver, CaseworkRole.CASE_WORKER, "receiver-worker")
    return type(
        "World",
        (),
        {
            "shelter": shelter,
            "worker": worker,
            "supervisor": supervisor,
            "case": open_case_for(adult, case_worker=worker),
            "child_case": open_case_for(child, case_worker=worker),
            "receiver": receiver,
            "receiver_worker": receiver_worker,
        },
    )


def record(world, case=None, **overrides):
    values = {
        "actor": world.worker,
        "case": case or world.case,
        "kind": K.SHARE_FOR_REFERRAL,
        "decision": ConsentRecord.Decision.GIVEN,
        "given_by": G.PERSON,
        "method": ConsentRecord.Method.VERBAL,
        "language": "km",
        "interpreter_used": False,
        "capacity_note": "Understood and repeated what is shared",
        "recipient_agencies": [world.receiver],
        "sections": ["summary", "legal"],
    }
    return consent_record(**{**values, **overrides})


def referral(world, consent, status=R.OFFERED, **values) -> Referral:
    return Referral.objects.create(
        country=world.case.country,
        case=world.case,
        from_agency=world.shelter,
        from_user=world.worker,
        to_agency=world.receiver,
        service_type=ServiceType.LEGAL,
        urgency=Referral.Urgency.URGENT,
        consent_record=consent,
        shared_sections=["summary"],
        status=status,
        data_key_id="none",
        **values,
    )


# --- who gives it ---------------------------------------------------------------------------------


def test_an_adult_gives_consent_themselves_and_the_note_is_sealed(world):
    consent = record(world)
    assert consent.given_by == G.PERSON
    assert b"Understood" not in bytes(consent.capacity_note_sealed)
    words = open_consent_words(world.worker, consent, via="command")
    assert words.capacity_note == "Understood and repeated what is shared"
    with pytest.raises(ValidationError) as refused:
        record(world, given_by=G.CHILD_AND_GUARDIAN, guardian_relationship="parent")
    assert "given_by" in refused.value.message_dict


def test_a_child_needs_assent_and_a_guardian(world):
    with pytest.raises(ValidationError) as refused:
        record(world, case=world.child_case)
    assert "given_by" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        record(world, case=world.child_case, given_by=G.CHILD_AND_GUARDIAN)
    assert {"child_assent", "guardian_relationship"} <= set(refused.value.message_dict)
    consent = record(
        world,
        case=world.child_case,
        given_by=G.CHILD_AND_GUARDIAN,
        child_assent=True,
        guardian_relationship="parent",
    )
    assert consent.guardian_relationship == "parent"


def test_a_suspected_guardian_is_replaced_by_a_supervisors_best_interests_decision(world):
    child = {"case": world.child_case, "child_assent": True, "guardian_relationship": "parent"}
    with pytest.raises(ValidationError) as refused:
        record(world, given_by=G.CHILD_AND_GUARDIAN, guardian_suspected=True, **child)
    assert "given_by" in refused.value.message_dict
    # The approver must be a case supervisor of the owner agency, not the case worker.
    with pytest.raises(ValidationError) as refused:
        record(
            world,
            case=world.child_case,
            given_by=G.BEST_INTERESTS,
            guardian_suspected=True,
            best_interests_approver=world.worker,
        )
    assert "best_interests_approver" in refused.value.message_dict
    consent = record(
        world,
        case=world.child_case,
        given_by=G.BEST_INTERESTS,
        guardian_suspected=True,
        best_interests_approver=world.supervisor,
    )
    assert consent.best_interests_approver == world.supervisor


def test_a_missing_capacity_note_language_or_interpreter_is_refused_by_name(world):
    with pytest.raises(ValidationError) as refused:
        record(world, capacity_note="  ", language="", interpreter_used=None)
    assert {"capacity_note", "language", "interpreter_used"} <= set(refused.value.message_dict)
    assert not ConsentRecord.objects.exists()


def test_sharing_names_recipients_and_sections_and_evidence_is_a_consent_scan(world):
    with pytest.raises(ValidationError) as refused:
        record(world, recipient_agencies=[], sections=[])
    assert {"recipient_agencies", "sections"} <= set(refused.value.message_dict)
    with pytest.raises(ValidationError) as refused:
        record(world, kind=K.INTERVIEW)
    assert "sections" in refused.value.message_dict
    consent = record(world, kind=K.INTERVIEW, recipient_agencies=[], sections=[])
    assert consent.valid_until is None  # until the case closes


def test_only_the_case_team_records_consent(world, kh):
    stranger = staff(make_agency(kh), CaseworkRole.CASE_WORKER)
    with pytest.raises(Http404):
        record(world, actor=stranger)
    lawyer = staff(world.shelter, CaseworkRole.LEGAL_OFFICER)
    with pytest.raises(PermissionDenied):
        record(world, actor=lawyer)


# --- override -----------------------------------------------------------------------------------


def test_override_needs_the_capability_and_ends_after_72_hours(world):
    with pytest.raises(PermissionDenied):
        consent_override(
            actor=world.worker,
            case=world.case,
            kind=K.SHARE_FOR_REFERRAL,
            legal_basis="vital_interests",
            reason="Imminent danger",
        )
    with pytest.raises(ValidationError) as refused:
        consent_override(
            actor=world.supervisor,
            case=world.case,
            kind=K.SHARE_FOR_REFERRAL,
            legal_basis="whim",
            reason="",
        )
    assert {"legal_basis", "reason"} <= set(refused.value.message_dict)
    other_supervisor = staff(world.shelter, CaseworkRole.CASE_SUPERVISOR)
    override = consent_override(
        actor=world.supervisor,
        case=world.case,
        kind=K.SHARE_FOR_REFERRAL,
        legal_basis="vital_interests",
        reason="Imminent danger from the recruiter",
    )
    assert override.expires_at - override.at == dt.timedelta(hours=72)
    assert override.supervisor_notified
    notice = Notification.objects.get(recipient=other_supervisor, kind="consent_override")
    assert world.case.case_number in notice.subject
    assert "recruiter" not in notice.body
    sections = ["summary", "medical"]
    covering = {"case": world.case, "kind": K.SHARE_FOR_REFERRAL, "sections": sections}
    assert consent_covering(agency=world.receiver, **covering) == override
    with freeze_time(timezone.now() + dt.timedelta(hours=72, minutes=1)):
        assert consent_covering(agency=world.receiver, **covering) is None


# --- withdrawal ---------------------------------------------------------------------------------


def test_withdrawal_revokes_open_referrals_tells_receivers_and_leaves_completed_ones(world):
    consent = record(world)
    offered = referral(world, consent)
    accepted = referral(world, consent, status=R.ACCEPTED)
    draft = referral(world, consent, status=R.DRAFT)
    completed = referral(world, consent, status=R.COMPLETED, outcome="delivered_fully")
    consent_withdraw(actor=world.worker, consent=consent, note="She changed her mind")
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None and consent.withdrawn_by == world.worker
    for open_one in (offered, accepted, draft):
        open_one.refresh_from_db()
        assert open_one.status == R.REVOKED
        assert open_one.revoke_reason == Referral.RevokeReason.CONSENT_WITHDRAWN
        assert open_one.access_expires_at == consent.withdrawn_at
        assert ReferralUpdate.objects.filter(referral=open_one, status=R.REVOKED).exists()
    completed.refresh_from_db()
    assert completed.status == R.COMPLETED
    notices = Notification.objects.filter(recipient=world.receiver_worker, kind="referral_revoked")
    assert notices.count() == 2  # the offered and the accepted one; a draft was never sent
    assert all(world.case.case_number in n.subject for n in notices)
    assert all("changed her mind" not in n.body for n in notices)
    assert (
        consent_covering(
            case=world.case, kind=K.SHARE_FOR_REFERRAL, agency=world.receiver, sections=["summary"]
        )
        is None
    )
    with pytest.raises(ValidationError):
        consent_withdraw(actor=world.worker, consent=consent)
    assert open_consent_words(world.worker, consent, via="command").withdrawal_note == (
        "She changed her mind"
    )


def test_revoke_is_refused_outside_the_open_states_naming_the_state(world):
    consent = record(world)
    for status, action in REFERRAL_MOVES:
        if action != "revoke":
            continue
        one = referral(world, consent, status=status)
        referral_revoke(actor=world.worker, referral=one, note="Wrong agency")
        assert one.status == R.REVOKED
    declined = referral(world, consent, status=R.DECLINED, decline_reason="no_capacity")
    with pytest.raises(TransitionRefused, match="Declined"):
        referral_revoke(actor=world.worker, referral=declined)


# --- what covers a referral -----------------------------------------------------------------------


def test_consent_covering_respects_recipients_exclusions_sections_and_expiry(world, kh):
    ngo = make_agency(kh, "Category NGO")  # an NGO: "other service providers"
    police = Organisation.objects.create(
        name="Provincial police", type=Organisation.Type.GOVERNMENT, country=kh
    )
    excluded = make_agency(kh, "Excluded NGO")
    end = timezone.now() + dt.timedelta(days=10)
    consent = record(
        world,
        recipient_agencies=[world.receiver],
        recipient_categories=["service_providers"],
        excluded_agencies=[excluded],
        sections=["summary", "medical"],
        valid_until=end,
    )

    def covers(agency, sections=("summary",), at=None):
        return consent_covering(
            case=world.case, kind=K.SHARE_FOR_REFERRAL, agency=agency, sections=sections, at=at
        )

    assert covers(world.receiver) == consent  # by name
    assert covers(ngo) == consent  # by category
    assert covers(police) is None  # authorities not named
    assert covers(excluded) is None  # excluded, though an NGO
    assert covers(world.receiver, ("summary", "legal")) is None  # legal not consented
    assert covers(world.receiver, at=end + dt.timedelta(minutes=1)) is None
    assert (
        consent_covering(
            case=world.case, kind=K.TRANSFER_CASE, agency=world.receiver, sections=["summary"]
        )
        is None
    )


def test_a_refused_consent_covers_nothing(world):
    record(world, decision=ConsentRecord.Decision.REFUSED)
    assert (
        consent_covering(
            case=world.case, kind=K.SHARE_FOR_REFERRAL, agency=world.receiver, sections=["summary"]
        )
        is None
    )
    assert not ConsentOverride.objects.exists()
