"""A referral network for the machine's tests: a sending agency with a case and its people,
a receiving agency in the directory with its people, another agency, the country's NRM
coordinator, and the person's consent to share with the receiver."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.utils import timezone

from pathways.casework.models import (
    AgencyProfile,
    CaseworkRole,
    Client,
    ConsentRecord,
    Referral,
    ServiceType,
)
from pathways.casework.services import consent_record, referral_offer
from pathways.casework.services.directory import (
    EntryInput,
    ProfileInput,
    agency_profile_save,
    directory_entry_add,
)
from pathways.casework.tests.conftest import make_agency, open_case_for, register, staff

W, S = CaseworkRole.CASE_WORKER, CaseworkRole.CASE_SUPERVISOR
# A name the notifications must never carry (the person's, in `conftest.sample_identity`).
PERSON_WORDS = ("Sreyneang", "Chhorvann", "ស្រីនាង")


def listed(agency, service=ServiceType.LEGAL) -> None:
    """The agency takes referrals for `service`, under an agreement that has not expired."""
    today = timezone.localdate()
    agency_profile_save(
        actor=None,
        agency=agency,
        values=ProfileInput(
            htcds_type=AgencyProfile.OrgType.NGO,
            accepts_referrals=True,
            is_nrm_member=True,
            data_sharing_agreement_reference="DSA-TEST",
            data_sharing_signed_on=today - dt.timedelta(days=30),
            data_sharing_expires_on=today + dt.timedelta(days=365),
        ),
    )
    directory_entry_add(actor=None, agency=agency, values=EntryInput(service_type=service))


def network(country, prefix: str = "Ref") -> SimpleNamespace:
    sender = make_agency(country, f"{prefix} sending shelter")
    receiver = make_agency(country, f"{prefix} legal aid")
    other = make_agency(country, f"{prefix} other legal aid")
    listed(receiver)
    listed(other)
    w = SimpleNamespace(country=country, sender=sender, receiver=receiver, other=other)
    w.worker = staff(sender, W, f"{prefix.lower()}-worker")
    w.supervisor = staff(sender, S, f"{prefix.lower()}-supervisor")
    w.outsider = staff(sender, W, f"{prefix.lower()}-outsider")  # not on the case's team
    w.r_supervisor = staff(receiver, S, f"{prefix.lower()}-r-supervisor")
    w.r_worker = staff(receiver, W, f"{prefix.lower()}-r-worker")
    w.r_worker2 = staff(receiver, W, f"{prefix.lower()}-r-worker2")
    w.o_supervisor = staff(other, S, f"{prefix.lower()}-o-supervisor")
    w.coordinator = staff(
        make_agency(country, f"{prefix} NCCT"), CaseworkRole.NRM_COORDINATOR, f"{prefix}-nrm"
    )
    client = register(country, sender, age_band=Client.AgeBand.ADULT_18_24)
    w.case = open_case_for(client, case_worker=w.worker)
    return w


def consent(w, agencies=None, sections=("summary", "identity", "legal")) -> ConsentRecord:
    return consent_record(
        actor=w.worker,
        case=w.case,
        kind=ConsentRecord.Kind.SHARE_FOR_REFERRAL,
        decision=ConsentRecord.Decision.GIVEN,
        given_by=ConsentRecord.GivenBy.PERSON,
        method=ConsentRecord.Method.VERBAL,
        language="km",
        interpreter_used=False,
        capacity_note="Understood what is shared",
        recipient_agencies=agencies if agencies is not None else [w.receiver],
        sections=list(sections),
    )


def offer(w, **values) -> Referral:
    kwargs = {
        "actor": w.worker,
        "case": w.case,
        "to_agency": w.receiver,
        "service_type": ServiceType.LEGAL,
        "urgency": Referral.Urgency.URGENT,
        "shared_sections": ["summary", "legal"],
        "details": "Needs a lawyer for the hearing on Friday",
    }
    return referral_offer(**{**kwargs, **values})
