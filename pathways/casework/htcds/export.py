"""A case as an HTCDS 2.0 document (`htcds-2.0.schema.json`), built from what a reader was
allowed to open (`reading.CaseView`): the summary's facts in clear, then each further section
only when the view holds it. Values of Pathways' own lists go in `loc_…` fields beside the
standard's; a type of exploitation the standard lacks (forced criminality) is exported as
"Other" with the local value in `loc_TypeOfExploitation`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pathways.casework.htcds.schema import LOCAL_EXPLOITATION_TYPES
from pathways.casework.htcds.standard import VERSION
from pathways.casework.models import Case, IdentificationDecision, Section

# `cas_Status` from the stage (casework.md §2.7): the stage is finer than the standard.
CASE_STATUS = {
    Case.Stage.CLOSED: "Closed",
    Case.Stage.TRANSFERRED: "ClosedReferred",
    Case.Stage.MONITORING: "FollowUp",
}
# The case's sealed fields, by where each goes in the document.
CASE_LOCAL_FIELDS = {
    "safe_location": ("case", "loc_SafeLocation"),
    "safety_risk_level": ("case", "loc_SafetyRiskLevel"),
    "safety_notes": ("case", "loc_SafetyNotes"),
    "medical_notes": ("case", "loc_MedicalNotes"),
    "legal_notes": ("case", "loc_LegalNotes"),
    "exploitation_details": ("victim", "loc_ExploitationDetails"),
    "unlawful_acts": ("victim", "loc_UnlawfulActs"),
}
# The client's identifiers: the standard's field, or a local one.
IDENTITY_FIELDS = {
    "first_name": "prs_FirstName",
    "middle_name": "prs_MiddleName",
    "last_name": "prs_SecondName",
    "identity_number": "prs_IdentityNumber",
    "mobile_phone": "prs_MobilePhone",
    "home_phone": "prs_HomePhone",
    "email": "prs_Email",
    "local_script_name": "loc_LocalScriptName",
    "nickname": "loc_Nickname",
    "address": "loc_Address",
}


def exploitation_type(value: str) -> tuple[list[str], str]:
    """`vic_TypeOfExploitation` and the local value beside it (or "")."""
    if value == Case.ExploitationType.UNKNOWN:
        return [], value
    if value in LOCAL_EXPLOITATION_TYPES:
        return [Case.ExploitationType.OTHER.value], value
    return [value], ""


def _compact(record: dict[str, Any]) -> dict[str, Any]:
    """Without the empty values: an unrecorded field is left out, not sent as ""."""
    return {k: v for k, v in record.items() if v not in ("", None, [])}


def _summary(case: Case, decision: IdentificationDecision | None) -> dict[str, dict[str, Any]]:
    client = case.client
    types, local_type = exploitation_type(case.exploitation_type)
    victim = {
        "vic_TypeOfExploitation": types,
        "loc_TypeOfExploitation": local_type,
        "loc_CountryOfExploitation": case.exploitation_country,
    }
    if decision is not None:
        victim |= {
            "vic_TraffickingStatus": decision.status,
            "vic_TraffickingStatusDecisionMakingOrg": decision.decision_making_org_type,
            "loc_IdentificationLevel": decision.level,
            "loc_IdentificationDecidedOn": decision.decided_at.date().isoformat(),
        }
    owner = case.owner_agency
    return {
        "organisation": {"org_Name": owner.name, "org_ShippingCountry": case.country.code},
        "person": {
            "prs_Citizenship": [client.nationality] if client.nationality else [],
            "loc_Sex": client.sex,
            "loc_AgeBand": client.age_band,
            "loc_IsStateless": client.is_stateless,
        },
        "victim": victim,
        "case": {
            "cas_Status": CASE_STATUS.get(case.stage, "Active"),
            "cas_CaseOwner": case.case_worker.display_name if case.case_worker else "",
            "loc_CaseNumber": case.case_number,
            "loc_GlobalId": str(case.global_id),
            "loc_Stage": case.stage,
            "loc_OpenedOn": case.opened_on.isoformat(),
            "loc_ClosedOn": case.closed_on.isoformat() if case.closed_on else "",
            "loc_ReasonForCaseClosure": case.closure_reason,
        },
    }


def _identity(view: Any) -> dict[str, Any]:
    identity = view.identity
    client = view.case.client
    person = {name: getattr(identity, field) for field, name in IDENTITY_FIELDS.items()}
    person["prs_Birthdate"] = identity.birthdate.isoformat() if identity.birthdate else ""
    person["loc_BirthdatePrecision"] = client.birthdate_precision if identity.birthdate else ""
    person["loc_IdentityDocumentType"] = (
        client.identity_document_type if identity.identity_number else ""
    )
    return person


def build_document(
    view: Any,
    *,
    decision: IdentificationDecision | None,
    exported_by: str,
    exported_at: dt.datetime,
) -> dict[str, Any]:
    """The HTCDS document of an opened case (`reading.CaseView`) and the client's
    identification: what the view holds and nothing more, with the export's watermark (who,
    when, which sections)."""
    case = view.case
    groups = _summary(case, decision) if Section.SUMMARY in view.sections else {"case": {}}
    if view.identity is not None:
        groups.setdefault("person", {}).update(_identity(view))
    for field, value in view.fields.items():
        group, name = CASE_LOCAL_FIELDS[field]
        groups.setdefault(group, {})[name] = value
    comments = [
        _compact(
            {
                "cco_CaseComment": text,
                "loc_Section": note.section,
                "loc_WrittenAt": note.written_at.isoformat(),
            }
        )
        for note, text in view.notes
    ]
    document: dict[str, Any] = {
        "export": {
            "standard": "HTCDS",
            "version": VERSION,
            "case_number": case.case_number,
            "exported_by": exported_by,
            "exported_at": exported_at.isoformat(),
            "sections": sorted(view.sections),
        }
    }
    for key, record in groups.items():
        document[key] = _compact(record)
    if comments:
        document["case_comments"] = comments
    return document
