"""Identification decisions (casework.md §2.6, §3.2). For now the preliminary one a
screening's referral opens; formal decisions, reviews and recognition come with their pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record_without_values
from pathways.casework import sealing
from pathways.casework.models import (
    Case,
    Client,
    CountryCaseworkSettings,
    IdentificationDecision,
    Screening,
)
from pathways.programs.models import Organisation

# What kind of organisation decides, from the agency's programme type, unless the caller
# says (a police unit is a "government" organisation to the programme).
ORG_TYPES = {
    Organisation.Type.NGO: IdentificationDecision.DecisionMakingOrg.NGO,
    Organisation.Type.GOVERNMENT: IdentificationDecision.DecisionMakingOrg.NON_POLICE_GOVERNMENTAL,
}


def formal_identification_due(country_id: int, on: dt.date | None = None) -> dt.date:
    """When the formal identification is due for a referral made `on` (today): the country's
    `identification_due_days` later (15 unless set)."""
    days = CountryCaseworkSettings.settings_for(country_id).identification_due_days
    return (on or timezone.localdate()) + dt.timedelta(days=days)


def identification_preliminary_open(
    *,
    actor: Any,
    client: Client,
    case: Case,
    screening: Screening,
    decision_making_org_type: str = "",
    legal_basis: str = "",
    source: str = AuditEvent.Source.WEB,
) -> IdentificationDecision:
    """The preliminary decision that a screened person is a possible victim, made by the
    screening agency, with its due date for the formal identification (the protection
    clock). The country of origin is to be notified when the person is a foreign national
    (ACTIP 14(3)); whether they object is asked at the formal decision."""
    agency = screening.screening_agency
    org_type = decision_making_org_type or ORG_TYPES.get(
        agency.type, IdentificationDecision.DecisionMakingOrg.OTHER
    )
    with transaction.atomic():
        decision = IdentificationDecision(
            country=screening.country,
            client=client,
            case=case,
            screening=screening,
            status=IdentificationDecision.Status.POSSIBLE,
            decision_making_org_type=org_type,
            decision_agency=agency,
            decided_by=actor if getattr(actor, "is_authenticated", False) else None,
            decided_at=timezone.now(),
            level=IdentificationDecision.Level.PRELIMINARY,
            legal_basis=legal_basis,
            notify_country_of_origin=bool(client.nationality)
            and client.nationality != screening.country.code,
            reasons=list(screening.dimensions_met),
            state=IdentificationDecision.State.PRELIMINARY,
            formal_identification_due=formal_identification_due(screening.country_id),
        )
        sealing.seal_record(decision, {})
        decision.full_clean()
        decision.save()
        audit_record_without_values(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=decision,
            fields=[
                "client",
                "case",
                "screening",
                "status",
                "decision_making_org_type",
                "decision_agency",
                "decided_at",
                "level",
                "notify_country_of_origin",
                "reasons",
                "state",
                "formal_identification_due",
                *(["legal_basis"] if legal_basis else []),
            ],
            source=source,
        )
    return decision
