"""Hand-built casework records for the counting rules' tests: people, cases, decisions on
chosen days, services, referrals, returns; written directly (a test's shortcut past the
services, whose own tests cover them)."""

from __future__ import annotations

import datetime as dt
import itertools

from pathways.casework import sealing
from pathways.casework.models import (
    Case,
    Client,
    ConsentRecord,
    IdentificationDecision,
    Referral,
    ReturnRequest,
    ServiceDelivery,
    ServiceType,
)
from pathways.casework.tests.conftest import open_case_for, register, sample_identity
from pathways.casework.tests.referral_helpers import consent, network

Decision = IdentificationDecision
UTC = dt.UTC
_numbers = itertools.count(1)


def at(year: int, month: int, day: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=UTC)


def person(country, agency, **extra) -> Client:
    n = next(_numbers)
    identity = sample_identity(mobile_phone="", identity_number=f"T{n:06d}", email="")
    values = {"sex": Client.Sex.FEMALE, "age_band": Client.AgeBand.ADULT_25_34, **extra}
    return register(country, agency, identity, **values)


def case_of(client: Client, **extra) -> Case:
    return open_case_for(client, opened_on=dt.date(2024, 1, 2), **extra)


def decide(
    case: Case,
    when: dt.datetime,
    *,
    level: str = Decision.Level.FORMAL,
    status: str = Decision.Status.ACTUAL,
    supersedes: Decision | None = None,
) -> Decision:
    decision = Decision(
        country=case.country,
        client=case.client,
        case=case,
        status=status,
        decision_making_org_type=Decision.DecisionMakingOrg.POLICE,
        decision_agency=case.owner_agency,
        decided_at=when,
        level=level,
        supersedes=supersedes,
    )
    sealing.seal_record(decision, {})
    decision.save()
    return decision


def presume(case: Case, when: dt.datetime) -> Decision:
    return decide(case, when, level=Decision.Level.PRELIMINARY, status=Decision.Status.POSSIBLE)


def identify(case: Case, when: dt.datetime, *, presumed_on: dt.datetime | None = None) -> Decision:
    """A preliminary decision, then a formal one identifying the person as a victim."""
    first = presume(case, presumed_on or when - dt.timedelta(days=20))
    return decide(case, when, supersedes=first)


def serve(case: Case, kind: str, on: dt.date, outcome: str = "completed") -> ServiceDelivery:
    return ServiceDelivery.objects.create(
        case=case,
        service_type=kind,
        provider=case.owner_agency,
        delivered_on=on,
        outcome=outcome,
        data_key_id="test",
    )


class Referrals:
    """A sending agency's case with the person's consent, and referrals from it."""

    def __init__(self, country) -> None:
        self.w = network(country)
        self.consent: ConsentRecord = consent(self.w)

    def make(self, status: str, offered: dt.datetime, **values) -> Referral:
        return Referral.objects.create(
            country=self.w.country,
            case=self.w.case,
            from_agency=self.w.sender,
            from_user=self.w.worker,
            to_agency=self.w.receiver,
            service_type=ServiceType.LEGAL,
            urgency=Referral.Urgency.URGENT,
            consent_record=self.consent,
            status=status,
            offered_at=offered,
            data_key_id="test",
            **values,
        )


def a_return(case: Case, to_country, requested_by, **values) -> ReturnRequest:
    return ReturnRequest.objects.create(
        case=case,
        from_country=case.country,
        to_country=to_country,
        requested_by=requested_by,
        **values,
    )
