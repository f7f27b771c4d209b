"""The casework routes of API v1: need to know per role, every read recorded (via "api"),
404 for every route to a token without casework roles."""

from __future__ import annotations

import pytest

from pathways.api.tests.factories import api_client
from pathways.audit.models import AuditEvent
from pathways.casework.models import AccessEvent, Attachment, CaseNote, CaseworkRole, Section
from pathways.casework.services import attachment_add, case_note_add
from pathways.casework.tests.conftest import (
    make_agency,
    open_case_for,
    register,
    sample_identity,
    staff,
)
from pathways.programs.models import Country

pytestmark = pytest.mark.django_db

SECTIONS = {
    "safe_location": "Shelter 7, room 3",
    "medical_notes": "Needs follow-up for an injured wrist",
    "legal_notes": "Statement given to the provincial court",
}
PDF = b"%PDF-1.4\nConsent signed by Sreyneang\n%%EOF\n"


@pytest.fixture
def world(db):
    kh = Country.objects.get(code="KH")
    shelter = make_agency(kh, "Shelter A")
    people = {
        "supervisor": staff(shelter, CaseworkRole.CASE_SUPERVISOR),
        "worker": staff(shelter, CaseworkRole.CASE_WORKER),
        "colleague": staff(shelter, CaseworkRole.CASE_WORKER),
        "lawyer": staff(shelter, CaseworkRole.LEGAL_OFFICER),
        "coordinator": staff(make_agency(kh), CaseworkRole.NRM_COORDINATOR),
    }
    case = open_case_for(register(kh, shelter), case_worker=people["worker"], sections=SECTIONS)
    # A second case, not the worker's: its client is "Dara".
    open_case_for(register(kh, shelter, sample_identity(first_name="Dara", last_name="Keo")))
    case_note_add(actor=people["worker"], case=case, text="Met her mother at the market")
    case_note_add(
        actor=people["lawyer"], case=case, text="Hearing set for March", section=Section.LEGAL
    )
    consent = attachment_add(
        actor=people["worker"], case=case, kind="consent_scan", data=PDF, filename="consent.pdf"
    )
    return {"case": case, "consent": consent, **people}


def events(user, **filters):
    return AccessEvent.objects.filter(user=user, **filters)


def detail_url(case) -> str:
    return f"/api/v1/casework/cases/{case.pk}/"


def test_supervisor_lists_every_case_of_the_agency_with_names_recorded(world):
    response = api_client(world["supervisor"]).get("/api/v1/casework/cases/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    names = sorted((r["first_name"], r["last_name"]) for r in body["results"])
    assert names == [("Dara", "Keo"), ("Sreyneang", "Chhorvann")]
    row = body["results"][0]
    assert {"case_number", "status", "sex", "age_band", "owner_agency"} <= set(row)
    listed = events(world["supervisor"], action="list_with_identifiers")
    assert listed.count() == 2
    assert {(e.via, tuple(e.fields)) for e in listed} == {("api", ("first_name", "last_name"))}
    # Like a page, one request id for the whole list, and the reader's network.
    assert len({e.request_id for e in listed}) == 1 and all(e.request_id for e in listed)
    assert all(e.ip_prefix for e in listed)


def test_the_list_opens_names_for_the_page_only(world):
    response = api_client(world["supervisor"]).get("/api/v1/casework/cases/?limit=1")
    body = response.json()
    assert body["count"] == 2 and len(body["results"]) == 1 and body["next"]
    assert events(world["supervisor"], action="list_with_identifiers").count() == 1


def test_case_worker_sees_their_case_and_not_a_colleagues(world):
    worker = api_client(world["worker"])
    body = worker.get("/api/v1/casework/cases/").json()
    assert [r["id"] for r in body["results"]] == [world["case"].pk]
    colleague = api_client(world["colleague"])
    assert colleague.get("/api/v1/casework/cases/").json()["count"] == 0
    response = colleague.get(detail_url(world["case"]))
    assert response.status_code == 404
    assert "Sreyneang" not in response.text
    assert not events(world["colleague"]).exists()


def test_supervisor_reads_every_section_recorded_via_the_api(world):
    response = api_client(world["supervisor"]).get(detail_url(world["case"]))
    assert response.status_code == 200
    body = response.json()
    assert set(body["sections"]) == {s.value for s in Section}
    assert body["identity"]["first_name"] == "Sreyneang"
    assert body["identity"]["identity_number"] == "N0123-4567"
    assert body["fields"]["safety"]["safe_location"] == "Shelter 7, room 3"
    assert body["fields"]["legal"]["legal_notes"] == SECTIONS["legal_notes"]
    assert [(n["section"], n["text"]) for n in body["notes"]] == [
        ("notes", "Met her mother at the market"),
        ("legal", "Hearing set for March"),
    ]
    assert [a["filename"] for a in body["attachments"]] == ["consent.pdf"]
    viewed = events(world["supervisor"], action="view", via="api")
    fields = set().union(*(e.fields for e in viewed))
    assert {"first_name", "safe_location", "notes.legal", "attachments"} <= fields
    assert all(e.case_id == world["case"].pk for e in viewed)


def test_legal_officer_sees_identity_and_legal_sections_only(world):
    body = api_client(world["lawyer"]).get(detail_url(world["case"])).json()
    assert set(body["sections"]) == {"summary", "identity", "legal", "unlawful_acts"}
    assert set(body["fields"]) == {"legal", "unlawful_acts"}
    assert [n["section"] for n in body["notes"]] == ["legal"]
    assert body["attachments"] == []  # the consent form is in the notes section
    text = str(body)
    assert "Shelter 7" not in text and "wrist" not in text and "market" not in text
    viewed = events(world["lawyer"], via="api").values_list("fields", flat=True)
    assert all("medical_notes" not in f and "notes.notes" not in f for f in viewed)


def test_nrm_coordinator_gets_tier_one_only(world):
    client = api_client(world["coordinator"])
    body = client.get("/api/v1/casework/cases/").json()
    assert body["count"] == 2
    assert {(r["first_name"], r["last_name"]) for r in body["results"]} == {(None, None)}
    detail = client.get(detail_url(world["case"])).json()
    assert detail["sections"] == ["summary"]
    assert (detail["identity"], detail["fields"], detail["notes"], detail["attachments"]) == (
        None,
        {},
        [],
        [],
    )
    assert "Sreyneang" not in str(detail)
    assert not events(world["coordinator"]).exists()  # no tier-2 or tier-3 read
    url = f"/api/v1/casework/cases/{world['case'].pk}/attachments/{world['consent'].pk}/"
    assert client.get(url).status_code == 404


def test_a_programme_persona_gets_404_on_every_casework_route(world, kh_manager):
    client = api_client(kh_manager)
    case, consent = world["case"], world["consent"]
    for url in (
        "/api/v1/casework/cases/",
        detail_url(case),
        f"/api/v1/casework/cases/{case.pk}/attachments/{consent.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(
        f"{detail_url(case)}notes/", {"text": "x"}, content_type="application/json"
    )
    assert response.status_code == 404
    assert not AccessEvent.objects.filter(user=kh_manager).exists()


def test_notes_are_written_in_writable_sections_only_and_audited(world):
    url = f"{detail_url(world['case'])}notes/"
    lawyer = api_client(world["lawyer"])
    refused = lawyer.post(url, {"text": "A note", "section": "medical"}, "application/json")
    assert refused.status_code == 403
    made = lawyer.post(url, {"text": "Appeal lodged", "section": "legal"}, "application/json")
    assert made.status_code == 201
    note = CaseNote.objects.get(pk=made.json()["id"])
    assert note.section == "legal" and note.written_by == world["lawyer"]
    audit = AuditEvent.objects.get(object_repr=f"casework.CaseNote {note.pk}")
    assert audit.source == "api" and "Appeal" not in str(audit.changes)
    coordinator = api_client(world["coordinator"])
    assert coordinator.post(url, {"text": "x"}, "application/json").status_code == 403
    worker = api_client(world["worker"])
    bad = worker.post(url, {"text": "x", "section": "identity"}, "application/json")
    assert bad.status_code == 422
    empty = worker.post(url, {"text": "  "}, "application/json")
    assert empty.status_code == 422


def test_attachment_download_through_the_api(world):
    url = f"/api/v1/casework/cases/{world['case'].pk}/attachments/{world['consent'].pk}/"
    response = api_client(world["worker"]).get(url)
    assert response.status_code == 200
    assert response.content == PDF
    assert response["Content-Disposition"] == 'attachment; filename="consent.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store"
    event = events(world["worker"], action="download_attachment").get()
    assert (event.via, event.fields) == ("api", ["attachments"])
    assert api_client(world["lawyer"]).get(url).status_code == 404
    assert Attachment.objects.count() == 1


def test_the_casework_routes_are_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/casework/cases/" in paths
    assert "post" in paths["/api/v1/casework/cases/{case_id}/notes/"]
    assert "/api/v1/casework/cases/{case_id}/attachments/{attachment_id}/" in paths


def test_every_step_of_the_htcds_export_and_the_care_records_is_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/casework/cases/{case_id}/exports/",
        "/api/v1/casework/exports/{export_id}/decide/",
        "/api/v1/casework/exports/{export_id}/prepare/",
        "/api/v1/casework/exports/{export_id}/download/",
        "/api/v1/casework/cases/{case_id}/care/goals/{goal_id}/status/",
        "/api/v1/casework/cases/{case_id}/care/services/",
    ):
        assert "post" in paths[path], path
    assert "get" in paths["/api/v1/casework/exports/"]
    assert "get" in paths["/api/v1/casework/exports/{export_id}/"]
    action = paths["/api/v1/casework/screenings/{screening_id}/actions/{action}/"]["post"]
    assert "void" in action["description"] and "mark_duplicate" in action["description"]
