"""Helpers of the CTDC contribution file tests: a Cambodian shelter, its supervisor who
records consents, a regional administrator, and people identified formally or presumed in a
year, with or without a consent to non-identifiable reporting."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.utils import timezone

from pathways.accounts.models import Role
from pathways.api.tests.factories import make_user
from pathways.casework import sealing
from pathways.casework.models import (
    Case,
    CaseworkRole,
    ConsentRecord,
    CountryCaseworkSettings,
    IdentificationDecision,
)
from pathways.casework.services import consent_record, consent_withdraw
from pathways.casework.tests.conftest import make_agency, open_case_for, register, staff
from pathways.casework.tests.return_helpers import CONSENT
from pathways.programs.models import Country

Decision = IdentificationDecision
YEAR = timezone.localdate().year
REPORTING = ConsentRecord.Kind.REPORTING


def ctdc_world(*, enabled: bool = True) -> SimpleNamespace:
    kh = Country.objects.get(code="KH")
    shelter = make_agency(kh, "Shelter Ctdc")
    CountryCaseworkSettings.objects.update_or_create(
        country=kh, defaults={"ctdc_contribution_enabled": enabled}
    )
    return SimpleNamespace(
        kh=kh,
        la=Country.objects.get(code="LA"),
        shelter=shelter,
        supervisor=staff(shelter, CaseworkRole.CASE_SUPERVISOR, "ctdc_supervisor"),
        admin=make_user("ctdc_admin", Role.MEL_ADMIN),
    )


def decide(case: Case, *, level: str, status: str, year: int = YEAR) -> Decision:
    """A decision on the case's client, written directly, in the middle of `year`."""
    decision = Decision(
        country=case.country,
        client=case.client,
        case=case,
        status=status,
        decision_making_org_type=Decision.DecisionMakingOrg.POLICE,
        decision_agency=case.owner_agency,
        decided_at=dt.datetime(year, 6, 15, 10, tzinfo=dt.UTC),
        level=level,
        state=Decision.State.IDENTIFIED,
    )
    sealing.seal_record(decision, {})
    decision.save()
    return decision


def victim(
    w: SimpleNamespace,
    *,
    consent: str | None = "given",
    level: str = Decision.Level.FORMAL,
    status: str = Decision.Status.ACTUAL,
    year: int = YEAR,
    exploitation_type: str = Case.ExploitationType.FORCED_LABOUR,
    exploitation_country: str = "TH",
    **client: str,
) -> Case:
    """A person's case with one decision in `year` and a reporting consent: "given",
    "refused", "withdrawn" (given, then withdrawn) or None (none recorded)."""
    person = register(w.kh, w.shelter, **{"nationality": "KH", "age_band": "25-34", **client})
    case = open_case_for(person, exploitation_type=exploitation_type)
    Case.objects.filter(pk=case.pk).update(exploitation_country=exploitation_country)
    case.refresh_from_db()
    decide(case, level=level, status=status, year=year)
    if consent is not None:
        given = "refused" if consent == "refused" else "given"
        record = consent_record(
            actor=w.supervisor, case=case, kind=REPORTING, **consent_of(person, given)
        )
        if consent == "withdrawn":
            consent_withdraw(actor=w.supervisor, consent=record, note="Changed her mind")
    return case


def consent_of(person, decision: str) -> dict:
    """A consent's fields: a child's is their assent and a parent's."""
    values = {**CONSENT, "decision": decision}
    if person.age_band in ("0-11", "12-17"):
        values |= {
            "given_by": ConsentRecord.GivenBy.CHILD_AND_GUARDIAN,
            "child_assent": True,
            "guardian_relationship": ConsentRecord.GuardianRelationship.PARENT,
        }
    return values


def unique_identity_values(case: Case) -> list[str]:
    """What would identify the case or the person if it showed in a file."""
    client = case.client
    return [case.case_number, str(case.global_id), str(client.global_id)]
