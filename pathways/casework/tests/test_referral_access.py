"""The referral grant and who sees a referral (casework.md §3.4, §6.3): the receiving agency
reads exactly the shared sections of the sender's case while the referral runs and 30 days
after it closes, read only; never an offer, never after a revocation; a receiver does not see
the case's other referrals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from freezegun import freeze_time

from pathways.casework.access import (
    case_for,
    cases_visible_to,
    forget_casework_scope,
    permitted_sections,
    sections_for_cases,
    writable_sections,
)
from pathways.casework.access_referrals import (
    referral_for,
    referral_role,
    referrals_visible_to,
    require_referral_action,
)
from pathways.casework.models import Referral
from pathways.casework.reading import open_case
from pathways.casework.services import (
    referral_accept,
    referral_acknowledge,
    referral_complete,
    referral_record_first_contact,
    referral_revoke,
)
from pathways.casework.tests.referral_helpers import consent, network, offer

R = Referral.Status


@pytest.fixture
def w(kh):
    world = network(kh)
    consent(world, agencies=[world.receiver, world.other])
    return world


def accepted(w, **values):
    referral = offer(w, **values)
    referral_accept(actor=w.r_worker, referral=referral, version=referral.version)
    return referral


def test_an_offer_shows_the_receiver_the_referral_but_not_the_case(w):
    referral = offer(w)
    assert referral_for(w.r_worker2, referral.pk) == referral
    assert referral_role(w.r_supervisor, referral) == "receiver"
    with pytest.raises(Http404):
        case_for(w.r_worker, w.case.pk)
    assert permitted_sections(w.r_supervisor, w.case) == frozenset()


def test_accepted_the_receiver_reads_exactly_the_shared_sections_read_only(w):
    accepted(w)
    for user in (w.r_worker, w.r_supervisor):
        forget_casework_scope(user)
        assert case_for(user, w.case.pk) == w.case
        assert permitted_sections(user, w.case) == {"summary", "legal"}
        assert writable_sections(user, w.case) == frozenset()
    view = open_case(w.r_worker, w.case, via="web")
    assert set(view.sections) == {"summary", "legal"}
    # the other case workers of the receiving agency: nothing
    assert permitted_sections(w.r_worker2, w.case) == frozenset()
    assert not cases_visible_to(w.r_worker2).exists()


def test_sections_of_two_referrals_add_up_and_stay_bounded_in_queries(w):
    accepted(w)
    second = offer(w, shared_sections=["summary", "identity"])
    referral_accept(actor=w.r_supervisor, referral=second, version=second.version)
    assert permitted_sections(w.r_supervisor, w.case) == {"summary", "legal", "identity"}
    assert permitted_sections(w.r_worker, w.case) == {"summary", "legal"}
    cases = list(cases_visible_to(w.r_supervisor))
    sections_for_cases(w.r_supervisor, cases)  # the scope is read once and kept
    with CaptureQueriesContext(connection) as queries:
        sections_for_cases(w.r_supervisor, cases * 30)
    assert len(queries) <= 3


def test_revocation_ends_the_receivers_access_at_once(w):
    referral = accepted(w)
    referral_revoke(actor=w.worker, referral=referral)
    forget_casework_scope(w.r_worker)
    assert permitted_sections(w.r_worker, w.case) == frozenset()
    with pytest.raises(Http404):
        case_for(w.r_worker, w.case.pk)


def test_closed_the_receiver_reads_for_thirty_days_then_nothing(w):
    referral = accepted(w)
    referral_record_first_contact(actor=w.r_worker, referral=referral, version=referral.version)
    referral_complete(
        actor=w.r_worker, referral=referral, version=referral.version, outcome="delivered_partly"
    )
    referral_acknowledge(actor=w.worker, referral=referral, version=referral.version)
    closed = referral.closed_at
    day_29 = closed + dt.timedelta(days=29)
    day_31 = closed + dt.timedelta(days=31)
    assert permitted_sections(w.r_worker, w.case, now=day_29) == {"summary", "legal"}
    assert permitted_sections(w.r_worker, w.case, now=day_31) == frozenset()
    with freeze_time(day_31):
        forget_casework_scope(w.r_worker)
        with pytest.raises(Http404):
            case_for(w.r_worker, w.case.pk)
    # the referral itself stays in the receiver's list, as history
    assert referral_for(w.r_worker, referral.pk) == referral


def test_a_decline_grants_nothing(w):
    from pathways.casework.services import referral_decline

    referral = offer(w)
    referral_decline(
        actor=w.r_supervisor, referral=referral, version=referral.version, reason="no_capacity"
    )
    assert permitted_sections(w.r_supervisor, w.case) == frozenset()


def test_a_receiver_does_not_see_the_cases_other_referrals(w):
    accepted(w)
    elsewhere = offer(w, to_agency=w.other)
    assert elsewhere not in referrals_visible_to(w.r_supervisor)
    assert elsewhere in referrals_visible_to(w.o_supervisor)
    assert elsewhere in referrals_visible_to(w.worker)
    assert elsewhere in referrals_visible_to(w.coordinator)
    assert elsewhere not in referrals_visible_to(w.outsider)
    assert referral_role(w.coordinator, elsewhere) == "coordinator"
    assert referral_role(w.worker, elsewhere) == "sender"


def test_actions_by_side(w):
    referral = offer(w)
    require_referral_action(w.r_worker2, referral, "accept")
    require_referral_action(w.worker, referral, "revoke")
    require_referral_action(w.coordinator, referral, "reroute")
    with pytest.raises(PermissionDenied):
        require_referral_action(w.worker, referral, "accept")
    with pytest.raises(PermissionDenied):
        require_referral_action(w.r_supervisor, referral, "revoke")
    with pytest.raises(PermissionDenied):
        require_referral_action(w.worker, referral, "reroute")
    with pytest.raises(Http404):
        require_referral_action(w.outsider, referral, "message")


def test_a_draft_is_never_seen_by_the_receiver(w):
    referral = Referral.objects.create(
        country=w.country,
        case=w.case,
        from_agency=w.sender,
        from_user=w.worker,
        to_agency=w.receiver,
        service_type="Legal",
        urgency="urgent",
        data_key_id="none",
    )
    assert referral not in referrals_visible_to(w.r_supervisor)
    assert referral in referrals_visible_to(w.supervisor)
