"""Helpers of the identification and case-stage tests: a presumed victim's preliminary
decision reached through the screening services, agencies named for formal identification,
and records put in a state directly (a test's shortcut past earlier actions)."""

from __future__ import annotations

from django.utils import timezone

from pathways.casework import sealing
from pathways.casework.models import (
    Case,
    CountryCaseworkSettings,
    IdentificationDecision,
    Screening,
)
from pathways.casework.services import screening_refer_for_identification
from pathways.casework.tests.conftest import sample_identity
from pathways.casework.tests.screening_helpers import in_state, start

RELATED = ("case", "country", "client", "decision_agency")


def presumed(actor, agency, nationality: str = "VN") -> IdentificationDecision:
    """The preliminary decision (and case in stage PRESUMED) of a person screened by `actor`
    for `agency` and referred for identification."""
    screening = in_state(
        start(actor, agency, nationality=nationality), Screening.State.INDICATORS_PRESENT
    )
    screening_refer_for_identification(
        actor=actor,
        screening=screening,
        identity=sample_identity(),
        birthdate_precision="day",
        identity_document_type="national_id",
    )
    return IdentificationDecision.objects.select_related(*RELATED).get(screening=screening)


def name_formal_identifier(agency) -> None:
    settings, _created = CountryCaseworkSettings.objects.get_or_create(country=agency.country)
    settings.formal_identifier_agencies.add(agency)


def decision_in_state(decision: IdentificationDecision, state: str) -> IdentificationDecision:
    IdentificationDecision.objects.filter(pk=decision.pk).update(state=state)
    return IdentificationDecision.objects.select_related(*RELATED).get(pk=decision.pk)


def case_in_stage(case: Case, stage: str) -> Case:
    closed = stage == Case.Stage.CLOSED
    Case.objects.filter(pk=case.pk).update(
        stage=stage,
        status=Case.Status.CLOSED if closed else Case.Status.OPEN,
        closed_on=timezone.localdate() if closed else None,
        stage_before_closure=Case.Stage.MONITORING if stage == Case.Stage.CLOSURE_PENDING else "",
    )
    return Case.objects.select_related("client", "country", "owner_agency").get(pk=case.pk)


def formal_decision(case: Case, status: str) -> IdentificationDecision:
    """A formal decision on the case's client, written directly."""
    state = IdentificationDecision.State
    decision = IdentificationDecision(
        country=case.country,
        client=case.client,
        case=case,
        status=status,
        decision_making_org_type=IdentificationDecision.DecisionMakingOrg.POLICE,
        decision_agency=case.owner_agency,
        decided_at=timezone.now(),
        level=IdentificationDecision.Level.FORMAL,
        state=state.IDENTIFIED
        if status == IdentificationDecision.Status.ACTUAL
        else state.NOT_IDENTIFIED,
    )
    sealing.seal_record(decision, {})
    decision.save()
    return decision
