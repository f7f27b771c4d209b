"""A referral sent by hand (manual transport) from a Cambodian shelter to an agency on another
deployment, and that agency's case supervisor who imports its package."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.utils import timezone

from pathways.casework.models import CaseworkRole, ConsentRecord, Referral, ServiceType
from pathways.casework.services import case_note_add
from pathways.casework.tests.conftest import (
    make_agency,
    open_case_for,
    register,
    sample_identity,
    staff,
)

# A made-up value in each section of the sending case: the package holds the shared ones only.
SHARED_VALUES = {
    "first_name": "Velmorith",
    "last_name": "Quandary",
    "medical_notes": "Fractured wrist Ostrevan clinic",
    "medical_note": "Medical note Brackwen antibiotics",
}
UNSHARED_VALUES = {
    "safe_location": "Hidden annex Tollisbrook",
    "legal_notes": "Deposition Carvessin pending",
    "exploitation_details": "Recruited by agent Morlathe",
    "notes_note": "Case note Ferncastle home visit",
}
SHARED_SECTIONS = ["summary", "identity", "medical"]


def package_world(country, receiving_country=None, *, shared=SHARED_SECTIONS) -> SimpleNamespace:
    """The sending case with a value in every section, a manual referral of it offered, and a
    receiving agency (in `receiving_country`, another deployment's) with its supervisor."""
    sender = make_agency(country, "Package Sender Shelter")
    worker = staff(sender, CaseworkRole.CASE_WORKER)
    identity = sample_identity(
        first_name=SHARED_VALUES["first_name"],
        last_name=SHARED_VALUES["last_name"],
        mobile_phone="",
    )
    case = open_case_for(
        register(country, sender, identity),
        case_worker=worker,
        sections={
            "medical_notes": SHARED_VALUES["medical_notes"],
            "safe_location": UNSHARED_VALUES["safe_location"],
            "legal_notes": UNSHARED_VALUES["legal_notes"],
            "exploitation_details": UNSHARED_VALUES["exploitation_details"],
        },
    )
    case_note_add(actor=worker, case=case, text=SHARED_VALUES["medical_note"], section="medical")
    case_note_add(actor=worker, case=case, text=UNSHARED_VALUES["notes_note"], section="notes")
    receiver = make_agency(receiving_country or country, "Package Receiving Clinic")
    consent = ConsentRecord.objects.create(
        client=case.client,
        case=case,
        country=country,
        kind=ConsentRecord.Kind.SHARE_FOR_REFERRAL,
        decision=ConsentRecord.Decision.GIVEN,
        sections=list(shared),
        given_by=ConsentRecord.GivenBy.PERSON,
        method=ConsentRecord.Method.VERBAL,
        language="km",
        given_at=timezone.now(),
        recorded_by=worker,
        data_key_id="test",
    )
    now = timezone.now()
    referral = Referral.objects.create(
        country=country,
        case=case,
        from_agency=sender,
        from_user=worker,
        to_agency=make_agency(country, "Package Receiving Clinic (as the sender names it)"),
        service_type=ServiceType.HEALTH,
        urgency=Referral.Urgency.URGENT,
        consent_record=consent,
        shared_sections=list(shared),
        transport=Referral.Transport.MANUAL,
        status=Referral.Status.OFFERED,
        offered_at=now,
        respond_by=now + dt.timedelta(hours=24),
        data_key_id="test",
    )
    return SimpleNamespace(
        country=country,
        sender=sender,
        worker=worker,
        case=case,
        referral=referral,
        receiver=receiver,
        importer=staff(receiver, CaseworkRole.CASE_SUPERVISOR),
    )
