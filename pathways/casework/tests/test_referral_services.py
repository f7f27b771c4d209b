"""The referral machine's services (casework.md §3.4): offered only with consent, answered by
the receiving agency, worked, completed and written back to the sender's case, closed by the
sender; each action refused to the wrong side and in the wrong status, writing nothing; the
notices name the case number, never the person or anyone's words."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from pathways.audit.models import AuditEvent
from pathways.casework.access import case_for, permitted_sections
from pathways.casework.models import (
    AccessEvent,
    Case,
    ConsentRecord,
    Referral,
    ReferralUpdate,
    ServiceDelivery,
)
from pathways.casework.reading_care import open_care
from pathways.casework.reading_referrals import referral_thread, referral_words
from pathways.casework.services import (
    consent_override,
    referral_accept,
    referral_acknowledge,
    referral_cannot_complete,
    referral_complete,
    referral_decline,
    referral_message,
    referral_record_answer,
    referral_record_first_contact,
    referral_reroute,
)
from pathways.casework.tests.referral_helpers import PERSON_WORDS, consent, network, offer
from pathways.casework.transitions import ConcurrentChange, TransitionRefused
from pathways.notifications.models import Notification

R = Referral.Status


@pytest.fixture
def w(kh):
    return network(kh)


def _no_personal_words(notices) -> None:
    for notice in notices:
        text = f"{notice.subject} {notice.body}"
        for word in (*PERSON_WORDS, "hearing", "lawyer", "Friday", "Moved away"):
            assert word not in text


def _inbox(user, kind: str):
    return list(Notification.objects.filter(recipient=user, kind=kind))


# --- offering ------------------------------------------------------------------------------------


def test_no_referral_without_consent_and_nothing_written(w):
    audits = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        offer(w)
    assert "consent" in refused.value.message_dict
    assert w.receiver.name in refused.value.message_dict["consent"][0]
    assert not Referral.objects.exists()
    assert AuditEvent.objects.count() == audits


def test_consent_must_cover_every_shared_section(w):
    consent(w, sections=("summary",))
    with pytest.raises(ValidationError) as refused:
        offer(w, shared_sections=["summary", "legal"])
    assert "consent" in refused.value.message_dict
    assert not Referral.objects.exists()


def test_consent_for_another_agency_does_not_cover(w):
    consent(w, agencies=[w.other])
    with pytest.raises(ValidationError):
        offer(w)


def test_offer_with_consent_notifies_receivers_and_sets_the_answer_due(w):
    given = consent(w)
    now = timezone.now()
    referral = offer(w, now=now)
    assert referral.status == R.OFFERED
    assert referral.consent_record == given and referral.consent_override is None
    assert referral.offered_at == now and referral.respond_by == now + dt.timedelta(hours=24)
    assert referral.from_agency == w.sender and referral.from_user == w.worker
    assert referral.warnings == []
    entry = ReferralUpdate.objects.get(referral=referral)
    assert entry.status == R.OFFERED and entry.kind == ReferralUpdate.Kind.STATUS
    told = Notification.objects.filter(kind="referral_offered")
    assert {n.recipient for n in told} == {w.r_supervisor, w.r_worker, w.r_worker2}
    assert all(n.case_number == w.case.case_number for n in told)
    assert "answer by" in told[0].body
    _no_personal_words(told)
    assert referral.details_sealed and b"hearing" not in bytes(referral.details_sealed)


def test_summary_is_always_shared_and_only_readable_sections(w):
    consent(w)
    with pytest.raises(ValidationError) as refused:
        offer(w, shared_sections=["legal"])
    assert "shared_sections" in refused.value.message_dict


def test_only_the_case_team_refers(w):
    consent(w)
    for stranger in (w.outsider, w.r_supervisor):  # not on the case: as if it did not exist
        with pytest.raises(Http404):
            offer(w, actor=stranger)
    assert not Referral.objects.exists()


def test_directory_refusal_blocks_the_offer(w, kh):
    from pathways.casework.tests.conftest import make_agency

    unlisted = make_agency(kh, "Not in the directory")
    consent(w, agencies=[unlisted])
    with pytest.raises(ValidationError) as refused:
        offer(w, to_agency=unlisted)
    assert "to_agency" in refused.value.message_dict


def test_override_needs_the_choice_and_the_capability(w):
    consent_override(
        actor=w.supervisor,
        case=w.case,
        kind=ConsentRecord.Kind.SHARE_FOR_REFERRAL,
        legal_basis="vital_interests",
        reason="Imminent danger",
    )
    with pytest.raises(ValidationError) as refused:
        offer(w)
    assert "override" in refused.value.message_dict["consent"][0]
    with pytest.raises(ValidationError):
        offer(w, use_override=True)  # the case worker holds no override capability
    referral = offer(w, actor=w.supervisor, use_override=True)
    assert referral.consent_override is not None and referral.consent_record is None


# --- the whole way --------------------------------------------------------------------------------


def test_accept_first_contact_complete_write_back_and_close(w):
    consent(w)
    referral = offer(w)
    referral_accept(
        actor=w.r_worker,
        referral=referral,
        version=referral.version,
        complete_by=timezone.localdate() + dt.timedelta(days=10),
        note="We will call tomorrow",
    )
    assert referral.status == R.ACCEPTED and referral.to_user == w.r_worker
    assert referral.responded_at is not None and referral.first_contact_by is not None
    accepted = _inbox(w.worker, "referral_answered")
    assert accepted and "accepted" in accepted[0].subject
    _no_personal_words(accepted)

    # the assigned worker and the receiving supervisor read the shared sections only
    assert permitted_sections(w.r_worker, w.case) == {"summary", "legal"}
    assert permitted_sections(w.r_supervisor, w.case) == {"summary", "legal"}
    assert permitted_sections(w.r_worker2, w.case) == frozenset()

    referral_record_first_contact(actor=w.r_worker, referral=referral, version=referral.version)
    assert referral.status == R.IN_PROGRESS and referral.first_contact_at is not None
    referral_complete(
        actor=w.r_worker,
        referral=referral,
        version=referral.version,
        outcome=Referral.Outcome.DELIVERED_FULLY,
        feedback="Represented at the hearing",
    )
    stored = Referral.objects.get(pk=referral.pk)
    assert stored.status == R.COMPLETED and stored.completed_at is not None
    back = ServiceDelivery.objects.get(case=w.case)
    assert back.referral == stored and back.provider == w.receiver
    assert back.outcome == ServiceDelivery.Outcome.COMPLETED
    view = open_care(w.worker, w.case, via="web", parts=("services_delivered",))
    assert [row for row, _note in view.services.object_list] == [back]
    done = _inbox(w.worker, "referral_completed")
    assert done and done[0].case_number == w.case.case_number
    _no_personal_words(done)

    referral_acknowledge(actor=w.worker, referral=stored, version=stored.version)
    assert stored.status == R.CLOSED
    assert stored.access_expires_at == stored.closed_at + dt.timedelta(days=30)
    assert _inbox(w.r_worker, "referral_closed")
    statuses = list(ReferralUpdate.objects.filter(referral=stored).values_list("status", flat=True))
    assert statuses == [R.OFFERED, R.ACCEPTED, R.IN_PROGRESS, R.COMPLETED, R.CLOSED]


def test_cannot_complete_is_written_back_with_its_reason(w):
    consent(w)
    referral = offer(w)
    referral_accept(actor=w.r_supervisor, referral=referral, version=referral.version)
    referral_record_first_contact(actor=w.r_supervisor, referral=referral, version=referral.version)
    referral_cannot_complete(
        actor=w.r_supervisor,
        referral=referral,
        version=referral.version,
        reason=Referral.NotCompletedReason.LOST_CONTACT,
        feedback="Moved away",
    )
    assert referral.status == R.NOT_COMPLETED
    back = ServiceDelivery.objects.get(referral=referral)
    assert back.outcome == ServiceDelivery.Outcome.NOT_COMPLETED
    _no_personal_words(_inbox(w.worker, "referral_completed"))


def test_decline_needs_a_reason_and_a_note_for_other(w):
    consent(w)
    referral = offer(w)
    with pytest.raises(ValidationError):
        referral_decline(
            actor=w.r_worker, referral=referral, version=referral.version, reason="busy"
        )
    with pytest.raises(ValidationError):
        referral_decline(
            actor=w.r_worker, referral=referral, version=referral.version, reason="other"
        )
    assert Referral.objects.get(pk=referral.pk).status == R.OFFERED
    referral_decline(
        actor=w.r_worker, referral=referral, version=referral.version, reason="no_capacity"
    )
    assert referral.status == R.DECLINED and referral.responded_at is not None
    declined = _inbox(w.supervisor, "referral_answered")
    assert declined and "No capacity" in declined[0].body
    assert permitted_sections(w.r_supervisor, w.case) == frozenset()


def test_a_stale_form_writes_nothing(w):
    consent(w)
    referral = offer(w)
    with pytest.raises(ConcurrentChange):
        referral_accept(actor=w.r_worker, referral=referral, version=referral.version - 1)
    assert Referral.objects.get(pk=referral.pk).status == R.OFFERED


def test_wrong_status_is_refused_naming_it(w):
    consent(w)
    referral = offer(w)
    with pytest.raises(TransitionRefused, match="Offered"):
        referral_complete(
            actor=w.r_worker, referral=referral, version=referral.version, outcome="delivered_fully"
        )
    assert referral.completed_at is None and not ServiceDelivery.objects.exists()


def test_sides_are_kept(w):
    consent(w)
    referral = offer(w)
    with pytest.raises(PermissionDenied):
        referral_accept(actor=w.worker, referral=referral, version=referral.version)
    with pytest.raises(Http404):
        referral_accept(actor=w.o_supervisor, referral=referral, version=referral.version)
    referral_accept(actor=w.r_worker, referral=referral, version=referral.version)
    with pytest.raises(Http404):  # assigned to the other worker now: out of their sight
        referral_record_first_contact(
            actor=w.r_worker2, referral=referral, version=referral.version
        )
    with pytest.raises(PermissionDenied):
        referral_acknowledge(actor=w.r_supervisor, referral=referral, version=referral.version)


def test_manual_answer_is_recorded_by_the_sender(w):
    consent(w)
    referral = offer(w, transport=Referral.Transport.MANUAL)
    assert not Notification.objects.filter(kind="referral_offered").exists()
    with pytest.raises(TransitionRefused):
        referral_accept(actor=w.worker, referral=referral, version=referral.version)
    with pytest.raises(PermissionDenied):
        referral_record_answer(
            actor=w.r_worker, referral=referral, version=referral.version, accepted=True
        )
    referral_record_answer(
        actor=w.worker, referral=referral, version=referral.version, accepted=True
    )
    assert referral.status == R.ACCEPTED and referral.to_user is None
    assert referral.first_contact_by is not None


def test_messages_are_sealed_and_the_other_side_told_without_words(w):
    consent(w)
    referral = offer(w)
    referral_message(actor=w.worker, referral=referral, note="She prefers a woman lawyer")
    told = Notification.objects.filter(kind="referral_message")
    assert {n.recipient for n in told} == {w.r_supervisor, w.r_worker, w.r_worker2}
    _no_personal_words(told)
    assert all("woman" not in n.body for n in told)
    referral_message(actor=w.r_worker, referral=referral, note="Noted")
    assert {n.recipient for n in _inbox(w.worker, "referral_message")} == {w.worker}
    with pytest.raises(Http404):
        referral_message(actor=w.outsider, referral=referral, note="Hello")
    with pytest.raises(PermissionDenied):  # sees it, but is on neither side
        referral_message(actor=w.coordinator, referral=referral, note="Hello")


def test_words_open_for_each_side_and_each_read_is_logged(w):
    consent(w)
    referral = offer(w)
    referral_message(actor=w.worker, referral=referral, note="Call before noon")
    before = AccessEvent.objects.count()
    assert referral_words(w.r_worker, referral)["details"].startswith("Needs a lawyer")
    thread = referral_thread(w.coordinator, referral)
    assert [e.kind for e in thread] == ["status", "message"] and thread[
        1
    ].note == "Call before noon"
    assert thread[1].by == w.worker.get_username()
    events = AccessEvent.objects.order_by("pk")[before:]
    assert [e.fields for e in events] == [["referral.details"], ["referral.thread"]]
    assert events[0].agency_id == w.receiver.pk and events[0].case_id == w.case.pk
    with pytest.raises(Http404):
        referral_words(w.o_supervisor, referral)
    with pytest.raises(Http404):
        referral_words(w.outsider, referral)


def test_the_case_is_out_of_reach_for_the_receiver_while_offered(w):
    consent(w)
    offer(w)
    with pytest.raises(Http404):
        case_for(w.r_supervisor, w.case.pk)


# --- re-routing -----------------------------------------------------------------------------------


def test_the_coordinator_reroutes_a_declined_referral_under_the_consent(w):
    consent(w, agencies=[w.receiver, w.other])
    referral = offer(w)
    with pytest.raises(TransitionRefused):
        referral_reroute(actor=w.coordinator, referral=referral, to_agency=w.other)
    referral_decline(
        actor=w.r_worker, referral=referral, version=referral.version, reason="no_capacity"
    )
    with pytest.raises(PermissionDenied):
        referral_reroute(actor=w.worker, referral=referral, to_agency=w.other)
    new = referral_reroute(actor=w.coordinator, referral=referral, to_agency=w.other)
    assert new.status == R.OFFERED and new.rerouted_from == referral
    assert new.from_user == w.worker and new.from_agency == w.sender
    assert new.shared_sections == ["summary", "legal"] and new.respond_by > new.offered_at
    assert Referral.objects.get(pk=referral.pk).status == R.DECLINED
    assert _inbox(w.o_supervisor, "referral_offered")
    assert referral_words(w.o_supervisor, new)["details"].startswith("Needs a lawyer")


def test_a_reroute_not_covered_by_consent_is_refused(w):
    consent(w)  # the receiver only
    referral = offer(w)
    referral_decline(
        actor=w.r_worker, referral=referral, version=referral.version, reason="out_of_area"
    )
    with pytest.raises(ValidationError) as refused:
        referral_reroute(actor=w.coordinator, referral=referral, to_agency=w.other)
    assert "to_agency" in refused.value.message_dict
    assert Referral.objects.count() == 1


def test_a_referral_of_a_case_closed_since_is_not_rerouted(w):
    # A case closes with a declined or expired referral on it (only running ones hold a
    # closure back), under a consent dated to outlive the closure; re-routing it would offer
    # the closed case to another agency.
    consent(w, agencies=[w.receiver, w.other])
    ConsentRecord.objects.update(valid_until=timezone.now() + dt.timedelta(days=90))
    referral = offer(w)
    referral_decline(
        actor=w.r_worker, referral=referral, version=referral.version, reason="no_capacity"
    )
    Case.objects.filter(pk=w.case.pk).update(
        status=Case.Status.CLOSED, stage=Case.Stage.CLOSED, closed_on=timezone.localdate()
    )
    referral = Referral.objects.get(pk=referral.pk)
    with pytest.raises(ValidationError) as refused:
        referral_reroute(actor=w.coordinator, referral=referral, to_agency=w.other)
    assert "case" in refused.value.message_dict
    assert Referral.objects.count() == 1
    assert not _inbox(w.o_supervisor, "referral_offered")
