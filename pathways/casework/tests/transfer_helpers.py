"""A small world for the transfer tests: a shelter's case (with a team and a sealed medical
note) and a receiving agency in the same country, with its supervisor and case worker."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from pathways.casework.models import CaseworkRole, Client, ConsentRecord
from pathways.casework.services import consent_record, transfer_request
from pathways.casework.tests.conftest import make_agency, open_case_for, register, staff

MEDICAL = "Fractured ankle Qelmarin clinic"
REASON = "Moving to Battambang near her aunt Sovirath"
REJECTION = "No bed free at Vantrell house until March"


def transfer_world(kh: Any) -> SimpleNamespace:
    shelter = make_agency(kh, "Transfer shelter")
    receiver = make_agency(kh, "Receiving shelter")
    people = {
        "worker": staff(shelter, CaseworkRole.CASE_WORKER, "tr-worker"),
        "colleague": staff(shelter, CaseworkRole.CASE_WORKER, "tr-colleague"),
        "outsider": staff(shelter, CaseworkRole.CASE_WORKER, "tr-outsider"),
        "supervisor": staff(shelter, CaseworkRole.CASE_SUPERVISOR, "tr-sup"),
        "legal": staff(shelter, CaseworkRole.LEGAL_OFFICER, "tr-legal"),
        "receiver_sup": staff(receiver, CaseworkRole.CASE_SUPERVISOR, "tr-rsup"),
        "receiver_worker": staff(receiver, CaseworkRole.CASE_WORKER, "tr-rworker"),
    }
    client = register(kh, shelter, age_band=Client.AgeBand.ADULT_25_34)
    case = open_case_for(
        client,
        case_worker=people["worker"],
        supervisor=people["supervisor"],
        team_members=[people["colleague"]],
        sections={"medical_notes": MEDICAL},
    )
    return SimpleNamespace(shelter=shelter, receiver=receiver, client=client, case=case, **people)


def transfer_consent(w: SimpleNamespace, agency: Any = None, **overrides: Any) -> ConsentRecord:
    values = {
        "actor": w.worker,
        "case": w.case,
        "kind": ConsentRecord.Kind.TRANSFER_CASE,
        "decision": ConsentRecord.Decision.GIVEN,
        "given_by": ConsentRecord.GivenBy.PERSON,
        "method": ConsentRecord.Method.VERBAL,
        "language": "km",
        "interpreter_used": False,
        "capacity_note": "Understood the move",
        "recipient_agencies": [agency or w.receiver],
        "sections": ["summary"],
    }
    return consent_record(**{**values, **overrides})


def requested(w: SimpleNamespace, **kwargs: Any):
    """A transfer of the world's case to the receiver, asked by its worker with consent."""
    transfer_consent(w)
    return transfer_request(
        actor=w.worker, case=w.case, to_agency=w.receiver, reason=REASON, **kwargs
    )
