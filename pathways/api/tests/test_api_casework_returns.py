"""Returns across a border through API v1: asked on a case (422 saying why when refused), read
by both countries' coordinators (facts only), each step with the version last read (409 when
stale, nothing written), a step the user may not take 403, a return out of reach 404."""

from __future__ import annotations

import datetime as dt

import pytest

from pathways.api.tests.factories import api_client
from pathways.casework.models import ReturnRequest
from pathways.casework.tests.return_helpers import return_world, risk_assessment
from pathways.casework.tests.test_returns import PERSONAL

pytestmark = pytest.mark.django_db
H = ReturnRequest.Status


def post(client, url, data, status):
    response = client.post(url, data, content_type="application/json")
    assert response.status_code == status, response.content.decode()
    return response.json()


def step(client, ret_id, action, status=200, **data):
    return post(client, f"/api/v1/casework/returns/{ret_id}/{action}/", data, status)


def test_a_return_through_the_api_to_scheduled_with_a_hold_and_its_resume():
    w = return_world()
    worker, supervisor = api_client(w.worker), api_client(w.supervisor)
    url = f"/api/v1/casework/cases/{w.case.pk}/returns/"
    made = post(worker, url, {"to_country": "KH"}, 201)
    assert (made["status"], made["from_country"], made["to_country"]) == ("requested", "TH", "KH")
    assert "start_verification" in made["actions"]
    refused = post(worker, url, {"to_country": "KH"}, 422)
    assert "already has a return" in str(refused)
    rid = made["id"]
    got = step(worker, rid, "start_verification", version=0)
    assert got["verification_due"] == str(dt.date.today() + dt.timedelta(days=30))
    stale = step(worker, rid, "verify_nationality", 409, version=0)
    assert "Someone else acted on this return" in str(stale)
    home = api_client(w.kh_nrm)
    got = step(home, rid, "verify_nationality", version=got["version"])
    assert got["status"] == "documents_pending"
    step(home, rid, "issue_documents", 403, version=got["version"])
    got = step(worker, rid, "issue_documents", version=got["version"])
    step(worker, rid, "schedule", 422, version=got["version"])  # needs `on`
    on = dt.date.today() + dt.timedelta(days=10)
    got = step(worker, rid, "schedule", version=got["version"], on=str(on))
    assert (got["status"], got["scheduled_on"]) == ("return_scheduled", str(on))
    got = step(worker, rid, "flag_safety_risk", version=got["version"], reason="health")
    assert (got["status"], got["on_hold_from"]) == ("on_hold", "return_scheduled")
    assessment = risk_assessment(w.worker, w.case)
    step(worker, rid, "resume", 403, version=got["version"], assessment=assessment.pk)
    got = step(supervisor, rid, "resume", version=got["version"], assessment=assessment.pk)
    assert got["status"] == "return_scheduled"


def test_both_coordinators_read_the_return_facts_only_and_others_find_nothing():
    w = return_world()
    made = post(
        api_client(w.worker),
        f"/api/v1/casework/cases/{w.case.pk}/returns/",
        {"to_country": "KH"},
        201,
    )
    for user in (w.th_nrm, w.kh_nrm):
        listed = api_client(user).get("/api/v1/casework/returns/").json()
        assert [r["id"] for r in listed["results"]] == [made["id"]]
        body = api_client(user).get(f"/api/v1/casework/returns/{made['id']}/").content.decode()
        assert all(value not in body for value in PERSONAL)
    lao = api_client(w.la_nrm)
    assert lao.get("/api/v1/casework/returns/").json()["count"] == 0
    assert lao.get(f"/api/v1/casework/returns/{made['id']}/").status_code == 404
    step(lao, made["id"], "withdraw", 404, version=0)
    assert ReturnRequest.objects.get().status == H.REQUESTED


def test_a_withdrawal_through_the_api_ends_the_return():
    w = return_world()
    worker = api_client(w.worker)
    made = post(worker, f"/api/v1/casework/cases/{w.case.pk}/returns/", {"to_country": "KH"}, 201)
    got = step(worker, made["id"], "withdraw", version=0, note="Staying for the trial")
    assert got["status"] == "withdrawn" and got["actions"] == []
    step(worker, made["id"], "start_verification", 409, version=got["version"])
