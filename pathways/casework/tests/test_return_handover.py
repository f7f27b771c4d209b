"""A Thailand-to-Cambodia return through every step to its hand-over (casework.md §3.6): the
hand-over is a referral to a Cambodian agency, the return is handed over when that agency
accepts it and then closed; the agency reads the shared sections through the referral's
grant, Cambodia's coordinator the return's facts; a withdrawal revokes an open hand-over."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from pathways.casework.access import case_for, permitted_sections
from pathways.casework.access_returns import return_for
from pathways.casework.models import Referral, ReturnRequest, ServiceType
from pathways.casework.services.referrals import referral_accept, referral_decline
from pathways.casework.services.return_handover import return_close, return_hand_over
from pathways.casework.services.return_request import return_request
from pathways.casework.services.returns import (
    return_flag_safety_risk,
    return_issue_documents,
    return_resume,
    return_schedule,
    return_start_verification,
    return_verify_nationality,
    return_withdraw,
)
from pathways.casework.tests.pages import browser_as
from pathways.casework.tests.referral_helpers import listed
from pathways.casework.tests.return_helpers import return_world, risk_assessment
from pathways.casework.transitions import TransitionRefused
from pathways.notifications.models import Notification

pytestmark = pytest.mark.django_db
H = ReturnRequest.Status


def scheduled(w) -> ReturnRequest:
    """The return, requested, verified, documented and given a date."""
    listed(w.home, ServiceType.REPATRIATION)
    ret = return_request(actor=w.worker, case=w.case, to_country=w.kh)
    return_start_verification(actor=w.worker, ret=ret, version=ret.version)
    return_verify_nationality(actor=w.kh_nrm, ret=ret, version=ret.version)
    return_issue_documents(actor=w.worker, ret=ret, version=ret.version)
    on = dt.date.today() + dt.timedelta(days=7)
    return return_schedule(actor=w.worker, ret=ret, version=ret.version, on=on)


def handed(w, ret: ReturnRequest, **extra) -> ReturnRequest:
    values = {"to_agency": w.home, "shared_sections": ["summary", "identity"], **extra}
    return return_hand_over(actor=w.worker, ret=ret, version=ret.version, **values)


def fresh(ret: ReturnRequest) -> ReturnRequest:
    return ReturnRequest.objects.select_related("case", "handover_referral").get(pk=ret.pk)


def test_a_thai_case_returns_to_cambodia_and_is_handed_over_to_a_cambodian_agency():
    w = return_world()
    ret = handed(w, scheduled(w))
    referral = ret.handover_referral
    assert ret.status == H.RETURN_SCHEDULED
    assert (referral.status, referral.to_agency, referral.reason) == (
        Referral.Status.OFFERED,
        w.home,
        Referral.Reason.MIGRATION,
    )
    assert Notification.objects.filter(recipient=w.home_supervisor).exists()
    # The Cambodian agency sees the return once offered, not yet the case.
    assert return_for(w.home_supervisor, ret.pk) == ret
    with pytest.raises(Http404):
        case_for(w.home_supervisor, w.case.pk)
    with pytest.raises(TransitionRefused, match="hand-over referral is"):
        handed(w, fresh(ret))
    referral_accept(actor=w.home_supervisor, referral=referral, version=referral.version)
    ret = fresh(ret)
    assert (ret.status, ret.handed_over_at is not None) == (H.HANDED_OVER, True)
    # Through the referral's grant: exactly the shared sections; Cambodia's coordinator
    # still reads the return alone.
    assert permitted_sections(w.home_supervisor, w.case) == {"summary", "identity"}
    with pytest.raises(Http404):
        case_for(w.kh_nrm, w.case.pk)
    return_close(actor=w.worker, ret=ret, version=ret.version)
    ret = fresh(ret)
    assert (ret.status, ret.closed_reason) == (H.CLOSED, ReturnRequest.ClosedReason.RETURNED)


def test_a_declined_hand_over_is_offered_again_and_another_country_agency_is_refused():
    w = return_world()
    ret = scheduled(w)
    with pytest.raises(ValidationError, match="agency of the country of return"):
        handed(w, ret, to_agency=w.shelter)
    ret = handed(w, ret)
    first = ret.handover_referral
    referral_decline(
        actor=w.home_supervisor, referral=first, version=first.version, reason="no_capacity"
    )
    ret = fresh(ret)
    assert ret.status == H.RETURN_SCHEDULED
    ret = handed(w, ret)
    assert ret.handover_referral != first


def test_an_acceptance_while_on_hold_is_taken_up_on_resume():
    w = return_world()
    ret = handed(w, scheduled(w))
    return_flag_safety_risk(actor=w.worker, ret=ret, version=ret.version, reason="health")
    referral = ret.handover_referral
    referral_accept(actor=w.home_worker, referral=referral, version=referral.version)
    ret = fresh(ret)
    assert ret.status == H.ON_HOLD
    assessment = risk_assessment(w.worker, w.case)
    return_resume(actor=w.supervisor, ret=ret, version=ret.version, assessment=assessment)
    assert fresh(ret).status == H.HANDED_OVER


def test_a_withdrawal_revokes_the_open_hand_over():
    w = return_world()
    ret = handed(w, scheduled(w))
    return_withdraw(actor=w.worker, ret=ret, version=ret.version)
    referral = Referral.objects.get(pk=ret.handover_referral_id)
    assert (fresh(ret).status, referral.status) == (H.WITHDRAWN, Referral.Status.REVOKED)
    assert referral.revoke_reason == Referral.RevokeReason.CONSENT_WITHDRAWN


def test_the_hand_over_through_the_page():
    w = return_world()
    ret = scheduled(w)
    browser = browser_as(w.worker)
    page = browser.get(reverse("casework:return_detail", args=[ret.pk]))
    assert "Offer the hand-over" in page.content.decode()
    response = browser.post(
        reverse("casework:return_action", args=[ret.pk, "offer_handover"]),
        {
            "offer_handover-version": ret.version,
            "offer_handover-to_agency": w.home.pk,
            "offer_handover-service_type": ServiceType.REPATRIATION,
            "offer_handover-urgency": "urgent",
            "offer_handover-shared_sections": ["identity"],
        },
    )
    assert response.status_code == 302
    referral = fresh(ret).handover_referral
    assert referral.shared_sections == ["summary", "identity"]
