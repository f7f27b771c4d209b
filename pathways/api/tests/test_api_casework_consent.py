"""Consent through API v1: list a case's consents, record one (each field at fault named),
withdraw it (its open referral revoked), override (a supervisor alone); another agency finds
nothing."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from pathways.api.tests.factories import api_client
from pathways.casework.models import CaseworkRole, ConsentRecord, Referral, ServiceType
from pathways.casework.tests.conftest import make_agency, open_case_for, register, staff
from pathways.programs.models import Country

pytestmark = pytest.mark.django_db
NOTE = "Understood who will see the medical section"


@pytest.fixture
def w(db):
    kh = Country.objects.get(code="KH")
    agency = make_agency(kh, "Consent API shelter")
    other = make_agency(kh, "Consent API receiver")
    worker = staff(agency, CaseworkRole.CASE_WORKER, "api-worker")
    supervisor = staff(agency, CaseworkRole.CASE_SUPERVISOR, "api-sup")
    outsider = staff(other, CaseworkRole.CASE_SUPERVISOR, "api-outsider")
    case = open_case_for(register(kh, agency, age_band="25-34"), case_worker=worker)
    return SimpleNamespace(
        case=case,
        other=other,
        worker=worker,
        url=f"/api/v1/casework/cases/{case.pk}/consents/",
        api=SimpleNamespace(
            worker=api_client(worker),
            supervisor=api_client(supervisor),
            outsider=api_client(outsider),
        ),
    )


def body(w, **extra) -> dict:
    values = {
        "kind": "share_for_referral",
        "decision": "given",
        "given_by": "person",
        "method": "electronic",
        "language": "en",
        "interpreter_used": False,
        "capacity_note": NOTE,
        "recipient_agencies": [w.other.pk],
        "sections": ["summary", "medical"],
    }
    return {**values, **extra}


def post(client, url, data, status):
    response = client.post(url, data, content_type="application/json")
    assert response.status_code == status, response.content.decode()
    return response.json()


def test_record_list_withdraw_through_the_api(w):
    made = post(w.api.worker, w.url, body(w), 201)
    consent = ConsentRecord.objects.get(pk=made["id"])
    listed = w.api.worker.get(w.url).json()
    assert [c["id"] for c in listed["consents"]] == [consent.pk]
    assert listed["consents"][0]["recipient_agencies"] == [w.other.pk]
    assert NOTE not in str(listed)
    referral = Referral.objects.create(
        country=w.case.country,
        case=w.case,
        from_agency=w.case.owner_agency,
        from_user=w.worker,
        to_agency=w.other,
        service_type=ServiceType.LEGAL,
        urgency="routine",
        consent_record=consent,
        status="offered",
        data_key_id="none",
    )
    post(w.api.worker, f"{w.url}{consent.pk}/withdraw/", {"note": "No longer"}, 200)
    referral.refresh_from_db()
    assert referral.status == "revoked"
    assert w.api.worker.get(w.url).json()["consents"][0]["withdrawn_at"] is not None
    # Twice: refused, naming why.
    again = post(w.api.worker, f"{w.url}{consent.pk}/withdraw/", {}, 422)
    assert "already withdrawn" in str(again)


def test_bad_input_names_the_field_and_writes_nothing(w):
    answer = post(w.api.worker, w.url, body(w, capacity_note="", sections=[]), 422)
    assert "capacity_note" in str(answer) and "sections" in str(answer)
    assert not ConsentRecord.objects.exists()


def test_override_is_a_supervisors_and_another_agency_finds_nothing(w):
    url = f"/api/v1/casework/cases/{w.case.pk}/consent-overrides/"
    data = {"kind": "share_for_referral", "legal_basis": "vital_interests", "reason": "Danger"}
    post(w.api.worker, url, data, 403)
    made = post(w.api.supervisor, url, data, 201)
    assert made["expires_at"]
    assert w.api.outsider.get(w.url).status_code == 404
    post(w.api.outsider, w.url, body(w), 404)
