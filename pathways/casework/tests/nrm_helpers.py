"""Referrals made directly in the database, at the statuses and dates a test needs: the
dashboard reads rows, whichever service wrote them."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.utils import timezone

from pathways.casework.models import CaseworkRole, ConsentRecord, Referral, ServiceType
from pathways.casework.tests.conftest import (
    make_agency,
    open_case_for,
    register,
    sample_identity,
    staff,
)


def referral_world(country, prefix: str) -> SimpleNamespace:
    """A sending agency with one case and its consent, and two receiving agencies."""
    sender = make_agency(country, f"{prefix} Sender")
    worker = staff(sender, CaseworkRole.CASE_WORKER)
    identity = sample_identity(mobile_phone="")  # a Cambodian number fits Cambodia alone
    case = open_case_for(register(country, sender, identity), case_worker=worker)
    consent = ConsentRecord.objects.create(
        client=case.client,
        case=case,
        country=country,
        kind=ConsentRecord.Kind.SHARE_FOR_REFERRAL,
        decision=ConsentRecord.Decision.GIVEN,
        sections=["summary"],
        given_by=ConsentRecord.GivenBy.PERSON,
        method=ConsentRecord.Method.VERBAL,
        language="km",
        given_at=timezone.now(),
        recorded_by=worker,
        data_key_id="test",
    )
    return SimpleNamespace(
        country=country,
        sender=sender,
        worker=worker,
        case=case,
        consent=consent,
        first=make_agency(country, f"{prefix} Receiver One"),
        second=make_agency(country, f"{prefix} Receiver Two"),
    )


def make_referral(
    world: SimpleNamespace,
    to_agency=None,
    *,
    status: str = Referral.Status.OFFERED,
    offered_ago: dt.timedelta = dt.timedelta(days=1),
    service: str = ServiceType.LEGAL,
    urgency: str = Referral.Urgency.URGENT,
    **values,
) -> Referral:
    """A referral offered `offered_ago` before now; the other dates as given."""
    return Referral.objects.create(
        country=world.country,
        case=world.case,
        from_agency=world.sender,
        from_user=world.worker,
        to_agency=to_agency or world.first,
        service_type=service,
        urgency=urgency,
        consent_record=world.consent,
        status=status,
        offered_at=timezone.now() - offered_ago,
        data_key_id="test",
        **values,
    )
