"""Helpers of the return tests: a Cambodian woman's case held by a Thai shelter, the Thai and
Cambodian NRM coordinators, and a Cambodian agency to hand her over to, with the consents a
return and its hand-over need (recorded through the consent service)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.utils import timezone

from pathways.casework.domains import load_file, shipped_files
from pathways.casework.models import AssessmentDomainSet, CaseworkRole, ConsentRecord
from pathways.casework.services import assessment_record, consent_record
from pathways.casework.tests.conftest import (
    make_agency,
    open_case_for,
    register,
    sample_identity,
    staff,
)
from pathways.programs.models import Country

CONSENT = {
    "decision": "given",
    "given_by": "person",
    "method": "verbal",
    "language": "km",
    "interpreter_used": True,
    "capacity_note": "Understood through the Khmer interpreter",
}


def give_consent(actor, case, kind: str, **extra) -> ConsentRecord:
    return consent_record(actor=actor, case=case, kind=kind, **{**CONSENT, **extra})


def return_world(*, consent: bool = True) -> SimpleNamespace:
    """A Thai shelter's case of a Cambodian national (an adult), its team, the NRM
    coordinators of both countries, a Cambodian receiving agency and one in Laos."""
    th, kh, la = (Country.objects.get(code=c) for c in ("TH", "KH", "LA"))
    shelter = make_agency(th, "Thai Shelter")
    home = make_agency(kh, "Cambodian Reintegration NGO")
    people = {
        "worker": staff(shelter, CaseworkRole.CASE_WORKER, "th_worker"),
        "supervisor": staff(shelter, CaseworkRole.CASE_SUPERVISOR, "th_supervisor"),
        "colleague": staff(shelter, CaseworkRole.CASE_WORKER, "th_colleague"),
        "th_nrm": staff(make_agency(th, "Thai NRM"), CaseworkRole.NRM_COORDINATOR, "th_nrm"),
        "kh_nrm": staff(make_agency(kh, "Cambodian NRM"), CaseworkRole.NRM_COORDINATOR, "kh_nrm"),
        "la_nrm": staff(make_agency(la, "Lao NRM"), CaseworkRole.NRM_COORDINATOR, "la_nrm"),
        "home_supervisor": staff(home, CaseworkRole.CASE_SUPERVISOR, "kh_home_sup"),
        "home_worker": staff(home, CaseworkRole.CASE_WORKER, "kh_home_worker"),
    }
    identity = sample_identity(mobile_phone="")
    client = register(th, shelter, identity, nationality="KH", age_band="18-24")
    opened = timezone.localdate() - dt.timedelta(days=10)
    case = open_case_for(client, case_worker=people["worker"], opened_on=opened)
    world = SimpleNamespace(th=th, kh=kh, la=la, shelter=shelter, home=home, case=case, **people)
    if consent:
        world.transfer = give_consent(
            people["worker"],
            case,
            ConsentRecord.Kind.TRANSFER_CASE,
            recipient_agencies=[home],
            sections=["summary"],
        )
        world.sharing = give_consent(
            people["worker"],
            case,
            ConsentRecord.Kind.SHARE_FOR_REFERRAL,
            recipient_agencies=[home],
            sections=["summary", "identity"],
        )
    return world


def risk_assessment(actor, case, on: dt.date | None = None):
    """A risk assessment of the person (the HTCDS risk set), every domain scored 2."""
    for path in shipped_files():
        load_file(path)
    risk = AssessmentDomainSet.objects.get(code="htcds-risk")
    return assessment_record(
        actor=actor,
        case=case,
        domain_set=risk,
        assessed_on=on or timezone.localdate(),
        scores=dict.fromkeys(risk.domain_codes, 2),
    )
