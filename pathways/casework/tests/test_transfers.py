"""Transfers of a case's ownership (casework.md §3.5): refused without the person's consent
to move the case to that agency; ownership, worker and team move on acceptance; the old owner
keeps the summary only, the new owner reads everything; rejection and revocation leave the
case where it is; every notice carries the case number, never the person's data."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from pathways.audit.models import AuditEvent
from pathways.casework.access import cases_visible_to, permitted_sections, writable_sections
from pathways.casework.access_transfers import transfer_for, transfers_waiting_for
from pathways.casework.models import (
    ALL_SECTIONS,
    Case,
    ConsentRecord,
    Section,
    Transfer,
)
from pathways.casework.reading import open_case
from pathways.casework.reading_transfers import open_transfer_words
from pathways.casework.services import (
    consent_withdraw,
    transfer_accept,
    transfer_reject,
    transfer_request,
    transfer_revoke,
)
from pathways.casework.tests.conftest import make_agency
from pathways.casework.tests.transfer_helpers import (
    MEDICAL,
    REASON,
    REJECTION,
    requested,
    transfer_consent,
    transfer_world,
)
from pathways.casework.transitions import ConcurrentChange, TransitionRefused
from pathways.notifications.models import Notification

T = Transfer.Status


@pytest.fixture
def w(kh):
    return transfer_world(kh)


def fresh(user):
    """The user as a new request loads them (no cached casework scope)."""
    return type(user).objects.get(pk=user.pk)


def test_a_transfer_is_refused_without_a_consent_naming_the_receiving_agency(w, kh):
    with pytest.raises(ValidationError) as refused:
        transfer_request(actor=w.worker, case=w.case, to_agency=w.receiver)
    assert "consent" in refused.value.message_dict["to_agency"][0]
    # A consent to move the case to another agency does not cover this one.
    transfer_consent(w, agency=make_agency(kh, "Elsewhere"))
    with pytest.raises(ValidationError):
        transfer_request(actor=w.worker, case=w.case, to_agency=w.receiver)
    # Nor does a consent to share for a referral that names it.
    transfer_consent(w, kind=ConsentRecord.Kind.SHARE_FOR_REFERRAL)
    with pytest.raises(ValidationError):
        transfer_request(actor=w.worker, case=w.case, to_agency=w.receiver)
    assert not Transfer.objects.exists()


def test_only_the_case_team_asks_and_one_request_waits_at_a_time(w):
    transfer_consent(w)
    with pytest.raises(PermissionDenied):
        transfer_request(actor=w.legal, case=w.case, to_agency=w.receiver)
    with pytest.raises(Http404):
        transfer_request(actor=w.outsider, case=w.case, to_agency=w.receiver)
    with pytest.raises(Http404):
        transfer_request(actor=w.receiver_sup, case=w.case, to_agency=w.receiver)
    transfer_request(actor=w.supervisor, case=w.case, to_agency=w.receiver)
    with pytest.raises(ValidationError) as refused:
        transfer_request(actor=w.worker, case=w.case, to_agency=w.receiver)
    assert "already has a transfer waiting" in refused.value.message_dict["to_agency"][0]


def test_a_request_seals_its_reason_and_tells_the_receiving_supervisors_the_case_number(w):
    transfer = requested(w)
    assert transfer.status == T.REQUESTED and transfer.from_agency == w.shelter
    assert REASON.encode() not in bytes(transfer.reason_sealed)
    assert list(transfers_waiting_for(fresh(w.receiver_sup))) == [transfer]
    notice = Notification.objects.get(recipient=w.receiver_sup, kind="case_transfer")
    assert w.case.case_number in notice.subject
    assert REASON not in notice.body and "Sreyneang" not in notice.body + notice.subject
    assert not Notification.objects.filter(recipient=w.receiver_worker).exists()
    audit = AuditEvent.objects.filter(object_id=str(transfer.pk)).last()
    assert REASON not in str(audit.changes)
    # The receiving supervisor reads the reason (the read recorded), not the case.
    words = open_transfer_words(fresh(w.receiver_sup), transfer, via="command")
    assert words.reason == REASON
    assert not cases_visible_to(fresh(w.receiver_sup)).filter(pk=w.case.pk).exists()
    with pytest.raises(Http404):
        open_transfer_words(fresh(w.colleague), transfer, via="command")


def test_accepting_moves_ownership_worker_and_team(w):
    transfer = requested(w)
    transfer_accept(
        actor=w.receiver_sup, transfer=transfer, version=0, case_worker=w.receiver_worker
    )
    case = Case.objects.get(pk=w.case.pk)
    assert case.owner_agency == w.receiver
    assert case.case_worker == w.receiver_worker and case.supervisor == w.receiver_sup
    assert not case.team_members.exists()
    assert case.version == w.case.version + 1
    assert case.client.owner_agency == w.receiver
    transfer.refresh_from_db()
    assert transfer.status == T.ACCEPTED and transfer.from_case_worker == w.worker
    assert transfer.decided_by == w.receiver_sup


def test_after_the_transfer_the_old_owner_reads_only_the_summary_and_the_new_owner_all(w):
    transfer = requested(w)
    transfer_accept(actor=w.receiver_sup, transfer=transfer, version=0)
    case = Case.objects.get(pk=w.case.pk)
    for old in (w.supervisor, w.worker):
        assert permitted_sections(fresh(old), case) == {Section.SUMMARY}
        assert not writable_sections(fresh(old), case)
        assert open_case(fresh(old), case, via="command").fields == {}
    # The team member who was not the case worker, and the old legal officer, keep nothing.
    for gone in (w.colleague, w.legal):
        assert not permitted_sections(fresh(gone), case)
    assert permitted_sections(fresh(w.receiver_sup), case) == ALL_SECTIONS
    view = open_case(fresh(w.receiver_sup), case, via="command")
    assert view.fields["medical_notes"] == MEDICAL
    # The receiving agency's worker sees it once assigned, not before.
    assert not permitted_sections(fresh(w.receiver_worker), case)


def test_accept_notifies_the_requesting_side_without_personal_data(w):
    transfer = requested(w)
    transfer_accept(actor=w.receiver_sup, transfer=transfer, version=0)
    notices = Notification.objects.filter(kind="case_transfer").exclude(recipient=w.receiver_sup)
    assert {n.recipient for n in notices} == {w.supervisor, w.worker}
    for notice in notices:
        assert w.case.case_number in notice.subject
        assert "summary" in notice.body
        for secret in (REASON, MEDICAL, "Sreyneang", "Chhorvann"):
            assert secret not in notice.subject + notice.body


def test_only_a_receiving_supervisor_accepts_a_worker_of_their_agency(w):
    transfer = requested(w)
    with pytest.raises(PermissionDenied):
        transfer_accept(actor=w.supervisor, transfer=transfer, version=0)
    with pytest.raises(Http404):
        transfer_accept(actor=w.receiver_worker, transfer=transfer, version=0)
    with pytest.raises(ValidationError) as refused:
        transfer_accept(actor=w.receiver_sup, transfer=transfer, version=0, case_worker=w.colleague)
    assert "case_worker" in refused.value.message_dict
    assert Case.objects.get(pk=w.case.pk).owner_agency == w.shelter


def test_a_stale_version_or_a_withdrawn_consent_writes_nothing(w):
    transfer = requested(w)
    with pytest.raises(ConcurrentChange):
        transfer_accept(actor=w.receiver_sup, transfer=transfer, version=3)
    consent = ConsentRecord.objects.get(kind=ConsentRecord.Kind.TRANSFER_CASE)
    consent_withdraw(actor=w.worker, consent=consent)
    with pytest.raises(TransitionRefused) as refused:
        transfer_accept(actor=w.receiver_sup, transfer=fresh_transfer(transfer), version=0)
    assert "consent" in str(refused.value)
    assert fresh_transfer(transfer).status == T.REQUESTED
    assert Case.objects.get(pk=w.case.pk).owner_agency == w.shelter


def fresh_transfer(transfer):
    return Transfer.objects.select_related("case", "to_agency").get(pk=transfer.pk)


def test_rejecting_needs_a_reason_keeps_the_case_and_tells_the_requester(w):
    transfer = requested(w)
    with pytest.raises(TransitionRefused):
        transfer_reject(actor=w.receiver_sup, transfer=transfer, version=0, reason=" ")
    transfer_reject(actor=w.receiver_sup, transfer=transfer, version=0, reason=REJECTION)
    assert transfer.status == T.REJECTED
    assert REJECTION.encode() not in bytes(transfer.decision_note_sealed)
    words = open_transfer_words(fresh(w.worker), fresh_transfer(transfer), via="command")
    assert words.decision_note == REJECTION
    assert Case.objects.get(pk=w.case.pk).owner_agency == w.shelter
    notice = Notification.objects.get(recipient=w.worker, kind="case_transfer")
    assert "rejected" in notice.subject and REJECTION not in notice.body
    # Decided: no other move.
    with pytest.raises(TransitionRefused) as refused:
        transfer_revoke(actor=w.worker, transfer=transfer, version=transfer.version)
    assert "Rejected" in str(refused.value)


def test_the_requesting_side_revokes_and_the_receiver_is_told(w):
    transfer = requested(w)
    with pytest.raises(PermissionDenied):
        transfer_revoke(actor=w.receiver_sup, transfer=transfer, version=0)
    transfer_revoke(actor=w.worker, transfer=transfer, version=0)
    assert transfer.status == T.REVOKED
    notices = Notification.objects.filter(recipient=w.receiver_sup, kind="case_transfer")
    assert notices.count() == 2 and "withdrawn" in notices.latest("pk").subject
    # A new request may wait again.
    transfer_request(actor=w.worker, case=w.case, to_agency=w.receiver)


def test_transfers_are_out_of_sight_for_other_agencies(w, kh):
    transfer = requested(w)
    stranger = make_agency(kh, "Unrelated shelter")
    from pathways.casework.models import CaseworkRole
    from pathways.casework.tests.conftest import staff

    outsider_sup = staff(stranger, CaseworkRole.CASE_SUPERVISOR, "tr-stranger")
    with pytest.raises(Http404):
        transfer_for(fresh(outsider_sup), transfer.pk)
    assert transfer_for(fresh(w.receiver_sup), transfer.pk) == transfer
    assert transfer_for(fresh(w.legal), transfer.pk) == transfer
