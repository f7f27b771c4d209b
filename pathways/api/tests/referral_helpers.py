"""The referral API tests' world and steps: a case at a shelter, two receiving agencies in
the directory, the people on each side with their API clients, and the requests the tests
repeat."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.utils import timezone

from pathways.api.tests.factories import api_client
from pathways.casework.models import AgencyProfile, CaseworkRole
from pathways.casework.services.directory import (
    EntryInput,
    ProfileInput,
    agency_profile_save,
    directory_entry_add,
)
from pathways.casework.tests.conftest import make_agency, open_case_for, register, staff
from pathways.programs.models import Country

DETAILS = "Needs a lawyer before the hearing on Thursday"
FEEDBACK = "Represented at the hearing; the claim for wages was filed"
MESSAGE = "Can she come on Monday morning instead?"
MEDICAL = "Sprained wrist treated at the district hospital"


def in_directory(agency, **eligibility) -> None:
    """The agency takes referrals for legal help, under an agreement in force."""
    profile = ProfileInput(
        htcds_type=AgencyProfile.OrgType.NGO,
        accepts_referrals=True,
        data_sharing_agreement_reference=f"DSA-{agency.pk}",
        data_sharing_signed_on=dt.date(2025, 1, 1),
        data_sharing_expires_on=timezone.localdate() + dt.timedelta(days=365),
    )
    agency_profile_save(actor=None, agency=agency, values=profile)
    directory_entry_add(actor=None, agency=agency, values=EntryInput("Legal", **eligibility))


def referral_api_world() -> SimpleNamespace:
    """A sending shelter with one case, two legal-aid agencies in the directory, their
    staff, the country's coordinator and an outsider, each with an API client."""
    kh = Country.objects.get(code="KH")
    sender = make_agency(kh, "Referral API shelter")
    receiver = make_agency(kh, "Referral API legal aid")
    second = make_agency(kh, "Referral API second legal aid")
    in_directory(receiver, age_bands=["50+"])  # a warning, not a refusal
    in_directory(second)
    people = {
        "worker": staff(sender, CaseworkRole.CASE_WORKER, "ref-worker"),
        "supervisor": staff(sender, CaseworkRole.CASE_SUPERVISOR, "ref-sup"),
        "legal": staff(sender, CaseworkRole.LEGAL_OFFICER, "ref-legal"),
        "receiver": staff(receiver, CaseworkRole.CASE_SUPERVISOR, "ref-receiver"),
        "receiver_worker": staff(receiver, CaseworkRole.CASE_WORKER, "ref-receiver-worker"),
        "second": staff(second, CaseworkRole.CASE_SUPERVISOR, "ref-second"),
        "coordinator": staff(
            make_agency(kh, "Referral API NRM"), CaseworkRole.NRM_COORDINATOR, "ref-nrm"
        ),
        "outsider": staff(make_agency(kh, "Referral API other"), CaseworkRole.CASE_SUPERVISOR),
    }
    case = open_case_for(
        register(kh, sender, age_band="25-34"),
        case_worker=people["worker"],
        supervisor=people["supervisor"],
        sections={"medical_notes": MEDICAL},
    )
    return SimpleNamespace(
        kh=kh,
        case=case,
        receiving=receiver,
        second_agency=second,
        api=SimpleNamespace(**{name: api_client(user) for name, user in people.items()}),
        **people,
    )


def post(client, url: str, body: dict, status: int = 200) -> dict:
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == status, response.content.decode()
    return response.json()


def get(client, url: str, status: int = 200) -> dict:
    response = client.get(url)
    assert response.status_code == status, response.content.decode()
    return response.json()


def case_url(w, tail: str = "") -> str:
    return f"/api/v1/casework/cases/{w.case.pk}/{tail}"


def url(referral: dict | int, tail: str = "") -> str:
    pk = referral["id"] if isinstance(referral, dict) else referral
    return f"/api/v1/casework/referrals/{pk}/{tail}"


def consent(w, *agencies) -> dict:
    """The person consents to share the summary and the medical section with `agencies`."""
    body = {
        "kind": "share_for_referral",
        "decision": "given",
        "given_by": "person",
        "method": "verbal",
        "language": "km",
        "interpreter_used": False,
        "capacity_note": "Explained in Khmer who would read what",
        "recipient_agencies": [a.pk for a in agencies],
        "sections": ["summary", "medical"],
    }
    return post(w.api.worker, case_url(w, "consents/"), body, 201)


def offer_body(w, to=None, **extra) -> dict:
    return {
        "to_agency": (to or w.receiving).pk,
        "service_type": "Legal",
        "urgency": "urgent",
        "shared_sections": ["summary", "medical"],
        "details": DETAILS,
        **extra,
    }


def offered(w, **extra) -> dict:
    consent(w, w.receiving, w.second_agency)
    return post(w.api.worker, case_url(w, "referrals/"), offer_body(w, **extra), 201)
