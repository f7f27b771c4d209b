"""The casework demo's agencies, personas and colleagues, and their two-factor secret."""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass

from django_otp.oath import totp

from pathways.casework.models import (
    CaseworkRole,
)
from pathways.programs.models import Organisation

SEED = 20260119
COUNTRY = "KH"
DEMO_CLIENTS = 1500
FIRST_DAY = dt.date(2021, 1, 1)
LAST_DAY = dt.date(2026, 11, 30)

# Every casework persona signs in with this TOTP secret (base32, as authenticator apps take
# it): a demo secret, printed by `demo_logins`, never used outside the demo database.
DEMO_TOTP_SECRET = "PATHWAYSDEMOTOTPKEYFORCASEWORK22"  # noqa: S105 - documented demo secret
DEMO_TOTP_KEY = base64.b32decode(DEMO_TOTP_SECRET)

# key, name, acronym, type: made when missing; the other agencies are the seed's partners
# (reference data), found by acronym.
NEW_AGENCIES = [
    (
        "AHTJP",
        "Anti-Human Trafficking and Juvenile Protection Department",
        "AHTJP",
        Organisation.Type.GOVERNMENT,
    ),
    ("SHELTER", "Mekong Safe Shelter (synthetic demo agency)", "MSS", Organisation.Type.NGO),
]
PARTNER_AGENCIES = ("MoSVY", "LSCW", "NCCT")


@dataclass(frozen=True)
class StaffMember:
    username: str
    first_name: str
    last_name: str
    agency: str
    role: str
    can_break_glass: bool = False
    persona: bool = True


R = CaseworkRole
CASEWORK_PERSONAS = [
    StaffMember("kh_screener", "AHTU", "screener", "AHTJP", R.SCREENER),
    StaffMember("kh_caseworker", "MoSVY", "case worker", "MoSVY", R.CASE_WORKER),
    StaffMember("kh_supervisor", "MoSVY", "case supervisor", "MoSVY", R.CASE_SUPERVISOR),
    StaffMember("kh_lawyer", "LSCW", "legal officer", "LSCW", R.LEGAL_OFFICER),
    StaffMember("kh_coordinator", "NCCT", "NRM coordinator", "NCCT", R.NRM_COORDINATOR),
    StaffMember("kh_auditor", "MoSVY", "access auditor", "MoSVY", R.ACCESS_AUDITOR),
    StaffMember("kh_agency_admin", "MoSVY", "agency administrator", "MoSVY", R.AGENCY_ADMIN),
    StaffMember("kh_shelter_lead", "Shelter", "supervisor", "SHELTER", R.CASE_SUPERVISOR, True),
    StaffMember("kh_statistician", "NCCT", "casework statistician", "NCCT", R.STATISTICIAN),
    StaffMember("kh_dpo", "NCCT", "data-protection focal point", "NCCT", R.DATA_PROTECTION),
]
# Colleagues the cases are shared among; they cannot sign in (no password).
OTHER_STAFF = [
    StaffMember(
        "kh_mosvy_worker2",
        "MoSVY",
        "case worker 2 (synthetic)",
        "MoSVY",
        R.CASE_WORKER,
        persona=False,
    ),
    StaffMember(
        "kh_mosvy_worker3",
        "MoSVY",
        "case worker 3 (synthetic)",
        "MoSVY",
        R.CASE_WORKER,
        persona=False,
    ),
    StaffMember(
        "kh_shelter_worker",
        "Shelter",
        "case worker (synthetic)",
        "SHELTER",
        R.CASE_WORKER,
        persona=False,
    ),
    StaffMember(
        "kh_lscw_worker", "LSCW", "case worker (synthetic)", "LSCW", R.CASE_WORKER, persona=False
    ),
    StaffMember(
        "kh_lscw_supervisor",
        "LSCW",
        "case supervisor (synthetic)",
        "LSCW",
        R.CASE_SUPERVISOR,
        persona=False,
    ),
]
# Owner agency -> (case workers with weights, supervisor), and its share of the cases.
TEAMS = {
    "MoSVY": (("kh_caseworker", "kh_mosvy_worker2", "kh_mosvy_worker3"), "kh_supervisor", 60),
    "SHELTER": (("kh_shelter_worker",), "kh_shelter_lead", 25),
    "LSCW": (("kh_lscw_worker",), "kh_lscw_supervisor", 15),
}


def current_code() -> str:
    """The demo personas' two-factor code at this moment (it changes every 30 seconds)."""
    return f"{totp(DEMO_TOTP_KEY):06d}"


def secret_for_typing() -> str:
    return " ".join(DEMO_TOTP_SECRET[i : i + 4] for i in range(0, len(DEMO_TOTP_SECRET), 4))
