"""A small casework world for the page tests: two Cambodian agencies and one Lao, staff in
every role, and cases whose sealed values each test looks for in the HTML."""

from __future__ import annotations

from types import SimpleNamespace

from django.test import Client as Browser

from pathways.casework.models import CaseworkRole
from pathways.casework.services import case_note_add
from pathways.casework.tests.conftest import (
    make_agency,
    open_case_for,
    register,
    sample_identity,
    signed_in,
    staff,
)

# Sealed values of the shelter's case, by section: a page may show a value only to a
# reader permitted its section.
SECTION_VALUES = {
    "safety": "Shelter seven room three",
    "medical": "Injured wrist needs follow-up",
    "exploitation": "Recruited through a fishing agent",
    "legal": "Statement given to the provincial court",
    "unlawful_acts": "Made to send scam messages",
}
NOTE_VALUES = {
    "notes": "Family visit planned for Friday",
    "safety": "Recruiter phoned the family twice",
    "legal": "Hearing moved to next month",
}
IDENTITY = sample_identity()
IDENTITY_VALUES = [
    IDENTITY.first_name,
    IDENTITY.last_name,
    IDENTITY.local_script_name,
    IDENTITY.email,
    "012 345 678",
    "+85512345678",
    "N0123-4567",
]
OTHER_IDENTITY = sample_identity(
    first_name="Bopha",
    last_name="Kimsour",
    local_script_name="បុប្ផា គឹមសួរ",
    identity_number="K7788-9900",
    mobile_phone="097 111 2233",
    email="bopha@example.org",
    address="Village 3, Kampot",
)


def build_world(kh, la) -> SimpleNamespace:
    shelter = make_agency(kh, "Shelter Alpha")
    other = make_agency(kh, "Shelter Beta")
    abroad = make_agency(la, "Shelter Lao")
    people = {
        "supervisor": staff(shelter, CaseworkRole.CASE_SUPERVISOR, "sup"),
        "worker": staff(shelter, CaseworkRole.CASE_WORKER, "worker"),
        "colleague": staff(shelter, CaseworkRole.CASE_WORKER, "colleague"),
        "lawyer": staff(shelter, CaseworkRole.LEGAL_OFFICER, "lawyer"),
        "agency_admin": staff(shelter, CaseworkRole.AGENCY_ADMIN, "agencyadmin"),
        "auditor": staff(shelter, CaseworkRole.ACCESS_AUDITOR, "auditor"),
        "statistician": staff(shelter, CaseworkRole.STATISTICIAN, "statistician"),
        "screener": staff(shelter, CaseworkRole.SCREENER, "screener"),
        "coordinator": staff(other, CaseworkRole.NRM_COORDINATOR, "coordinator"),
        "other_worker": staff(other, CaseworkRole.CASE_WORKER, "otherworker"),
        "other_breaker": staff(
            other, CaseworkRole.CASE_SUPERVISOR, "otherbreaker", can_break_glass=True
        ),
        "lao_auditor": staff(abroad, CaseworkRole.ACCESS_AUDITOR, "laoauditor"),
    }
    client = register(kh, shelter, IDENTITY)
    case = open_case_for(
        client,
        case_worker=people["worker"],
        sections={
            "safe_location": SECTION_VALUES["safety"],
            "medical_notes": SECTION_VALUES["medical"],
            "exploitation_details": SECTION_VALUES["exploitation"],
            "legal_notes": SECTION_VALUES["legal"],
            "unlawful_acts": SECTION_VALUES["unlawful_acts"],
        },
    )
    for section, text in NOTE_VALUES.items():
        case_note_add(actor=None, case=case, text=text, section=section)
    other_client = register(kh, other, OTHER_IDENTITY)
    other_case = open_case_for(other_client, case_worker=people["other_worker"])
    return SimpleNamespace(
        shelter=shelter,
        other=other,
        abroad=abroad,
        case=case,
        client=client,
        other_case=other_case,
        other_client=other_client,
        **people,
    )


def browser_as(user) -> Browser:
    browser = Browser()
    signed_in(browser, user)
    return browser
