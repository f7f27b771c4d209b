"""Returns across a border (casework.md §3.6): asked with the person's consent, verified,
documented, scheduled, put on hold and resumed, withdrawn; who may take each step; what each
step tells whom (never personal data); the home country's view of the return."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from pathways.audit.models import AuditEvent
from pathways.casework.access import case_for
from pathways.casework.access_returns import return_actions_for, return_for, returns_visible_to
from pathways.casework.models import ConsentRecord, ReturnRequest
from pathways.casework.services import consent_withdraw
from pathways.casework.services.return_request import return_request
from pathways.casework.services.returns import (
    return_find_not_national,
    return_flag_safety_risk,
    return_issue_documents,
    return_resume,
    return_schedule,
    return_start_verification,
    return_verify_nationality,
    return_withdraw,
)
from pathways.casework.tests.conftest import sample_identity
from pathways.casework.tests.return_helpers import give_consent, return_world, risk_assessment
from pathways.casework.transitions import ConcurrentChange, TransitionRefused
from pathways.notifications.models import Notification

pytestmark = pytest.mark.django_db
H = ReturnRequest.Status
IDENTITY = sample_identity(mobile_phone="")
PERSONAL = [IDENTITY.first_name, IDENTITY.last_name, IDENTITY.local_script_name, "N0123-4567"]


def requested(w) -> ReturnRequest:
    return return_request(actor=w.worker, case=w.case, to_country=w.kh)


def fresh(ret: ReturnRequest) -> ReturnRequest:
    return ReturnRequest.objects.select_related("case", "handover_referral").get(pk=ret.pk)


def assert_no_personal_data():
    for n in Notification.objects.all():
        for value in PERSONAL:
            assert value not in n.subject and value not in n.body


def test_a_return_is_asked_with_consent_and_both_countries_coordinators_are_told():
    w = return_world()
    ret = requested(w)
    assert (ret.status, ret.from_country, ret.to_country) == (H.REQUESTED, w.th, w.kh)
    assert ret.consent_record == w.transfer
    told = set(
        Notification.objects.filter(kind="return_requested").values_list("recipient", flat=True)
    )
    assert {w.th_nrm.pk, w.kh_nrm.pk, w.supervisor.pk} <= told
    assert w.la_nrm.pk not in told and w.worker.pk not in told
    n = Notification.objects.filter(recipient=w.kh_nrm).get()
    assert n.case_number == w.case.case_number and w.case.case_number in n.subject
    assert_no_personal_data()
    assert AuditEvent.objects.filter(
        content_type__model="returnrequest", object_id=str(ret.pk)
    ).exists()


def test_a_return_is_refused_without_the_consent_to_move_the_case():
    w = return_world(consent=False)
    with pytest.raises(ValidationError, match="consent to move their case"):
        requested(w)
    assert not ReturnRequest.objects.exists()


def test_a_return_is_refused_while_the_person_objects_to_their_country_being_told():
    w = return_world()
    give_consent(w.worker, w.case, ConsentRecord.Kind.ORIGIN_NOTIFICATION_OBJECTION)
    with pytest.raises(ValidationError, match="objects to their country of origin"):
        requested(w)
    assert not ReturnRequest.objects.exists()


def test_a_return_goes_abroad_one_at_a_time_and_only_by_the_case_team():
    w = return_world()
    with pytest.raises(ValidationError, match="another country"):
        return_request(actor=w.worker, case=w.case, to_country=w.th)
    with pytest.raises(Http404):
        return_request(actor=w.kh_nrm, case=w.case, to_country=w.kh)
    with pytest.raises(Http404):  # a case worker not on the case does not see it
        return_request(actor=w.colleague, case=w.case, to_country=w.kh)
    requested(w)
    with pytest.raises(ValidationError, match="already has a return"):
        requested(w)


def test_verification_is_due_in_the_countrys_days_and_answered_by_the_home_coordinator():
    w = return_world()
    ret = requested(w)
    now = timezone.now()
    return_start_verification(actor=w.worker, ret=ret, version=ret.version, now=now)
    assert ret.status == H.NATIONALITY_VERIFICATION
    assert ret.verification_due == timezone.localdate(now) + dt.timedelta(days=30)
    assert Notification.objects.filter(kind="return_verification", recipient=w.kh_nrm).exists()
    # Cambodia's coordinator sees the return's facts, never the case.
    home_view = return_for(w.kh_nrm, ret.pk)
    with pytest.raises(Http404):
        case_for(w.kh_nrm, w.case.pk)
    assert return_actions_for(w.kh_nrm, home_view) == ["verify_nationality", "find_not_national"]
    assert not returns_visible_to(w.la_nrm).exists()
    return_verify_nationality(actor=w.kh_nrm, ret=home_view, version=home_view.version)
    assert fresh(ret).status == H.DOCUMENTS_PENDING and fresh(ret).verified_at


def test_not_a_national_closes_the_return_with_its_reason():
    w = return_world()
    ret = requested(w)
    return_start_verification(actor=w.worker, ret=ret, version=ret.version)
    return_find_not_national(actor=w.supervisor, ret=ret, version=ret.version)
    ret = fresh(ret)
    assert (ret.status, ret.closed_reason) == (H.CLOSED, ReturnRequest.ClosedReason.NOT_NATIONAL)
    with pytest.raises(TransitionRefused, match="Closed"):
        return_issue_documents(actor=w.worker, ret=ret, version=ret.version)
    # The case may ask again (for another country) once this one is closed.
    assert return_request(actor=w.worker, case=w.case, to_country=w.la).status == H.REQUESTED


def test_a_stale_version_writes_nothing():
    w = return_world()
    ret = requested(w)
    return_start_verification(actor=w.worker, ret=ret, version=0)
    stale = ReturnRequest.objects.get(pk=ret.pk)
    return_verify_nationality(actor=w.worker, ret=ret, version=ret.version)
    with pytest.raises(ConcurrentChange, match="Someone else"):
        return_find_not_national(actor=w.worker, ret=stale, version=1)
    assert fresh(ret).status == H.DOCUMENTS_PENDING


def test_a_scheduled_date_is_not_in_the_past():
    w = return_world()
    ret = requested(w)
    for step in (return_start_verification, return_verify_nationality, return_issue_documents):
        step(actor=w.worker, ret=ret, version=ret.version)
    with pytest.raises(TransitionRefused, match="past"):
        return_schedule(
            actor=w.worker, ret=ret, version=ret.version, on=dt.date.today() - dt.timedelta(1)
        )
    on = dt.date.today() + dt.timedelta(days=14)
    return_schedule(actor=w.worker, ret=ret, version=ret.version, on=on)
    assert (fresh(ret).status, fresh(ret).scheduled_on) == (H.RETURN_SCHEDULED, on)


def test_a_hold_needs_a_supervisor_and_a_risk_assessment_since_to_resume():
    w = return_world()
    ret = requested(w)
    return_start_verification(actor=w.worker, ret=ret, version=ret.version)
    with pytest.raises(TransitionRefused, match="Choose the safety risk"):
        return_flag_safety_risk(actor=w.worker, ret=ret, version=ret.version, reason="")
    return_flag_safety_risk(
        actor=w.worker, ret=ret, version=ret.version, reason="threat_from_traffickers"
    )
    ret = fresh(ret)
    assert (ret.status, ret.on_hold_from) == (H.ON_HOLD, H.NATIONALITY_VERIFICATION)
    on_hold = Notification.objects.filter(kind="return_on_hold")
    assert on_hold.filter(recipient=w.supervisor).exists()
    assert_no_personal_data()
    earlier = risk_assessment(w.worker, w.case, on=dt.date.today() - dt.timedelta(days=1))
    with pytest.raises(PermissionDenied):
        return_resume(actor=w.worker, ret=ret, version=ret.version, assessment=earlier)
    with pytest.raises(TransitionRefused, match="since the return was put on hold"):
        return_resume(actor=w.supervisor, ret=ret, version=ret.version, assessment=earlier)
    with pytest.raises(TransitionRefused, match="risk assessment"):
        return_resume(actor=w.supervisor, ret=ret, version=ret.version, assessment=None)
    assessment = risk_assessment(w.worker, w.case)
    return_resume(actor=w.supervisor, ret=ret, version=ret.version, assessment=assessment)
    ret = fresh(ret)
    assert (ret.status, ret.on_hold_from) == (H.NATIONALITY_VERIFICATION, "")
    assert ret.resumed_on_assessment == assessment


def test_the_person_withdraws_and_the_return_ends():
    w = return_world()
    ret = requested(w)
    return_start_verification(actor=w.worker, ret=ret, version=ret.version)
    return_withdraw(actor=w.worker, ret=ret, version=ret.version, note="Wants to stay for trial")
    ret = fresh(ret)
    assert ret.status == H.WITHDRAWN and ret.withdrawn_at
    assert w.case.notes.count() == 1  # the words, a sealed case note
    with pytest.raises(TransitionRefused):
        return_start_verification(actor=w.worker, ret=ret, version=ret.version)


def test_withdrawing_the_consent_to_move_the_case_leaves_no_new_return():
    w = return_world()
    consent_withdraw(actor=w.worker, consent=w.transfer, note="", version=w.transfer.version)
    with pytest.raises(ValidationError):
        requested(w)


def test_a_case_with_a_return_under_way_is_not_put_forward_for_closure():
    from pathways.casework.models import Case
    from pathways.casework.services import case_request_closure
    from pathways.casework.tests.identification_helpers import case_in_stage

    w = return_world()
    requested(w)
    case = case_in_stage(w.case, Case.Stage.SERVICES)
    with pytest.raises(TransitionRefused, match="return under way"):
        case_request_closure(actor=w.supervisor, case=case, reason="repatriated")
