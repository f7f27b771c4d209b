"""Transfers through API v1: refused without consent (422 naming `to_agency`); asked with
it; listed as waiting for the receiving supervisor; accepted with a case worker (ownership
moves, the old owner keeps the summary); a stale version is a 409 with nothing written;
rejected and revoked as the pages; another agency finds nothing."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from pathways.api.tests.factories import api_client
from pathways.casework.models import Case, CaseworkRole, Transfer
from pathways.casework.tests.conftest import make_agency, staff
from pathways.casework.tests.transfer_helpers import (
    MEDICAL,
    REASON,
    REJECTION,
    transfer_consent,
    transfer_world,
)
from pathways.programs.models import Country

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(db):
    kh = Country.objects.get(code="KH")
    world = transfer_world(kh)
    stranger = staff(make_agency(kh, "API stranger"), CaseworkRole.CASE_SUPERVISOR, "tr-api-x")
    world.api = SimpleNamespace(
        **{
            name: api_client(getattr(world, name))
            for name in ("worker", "supervisor", "legal", "receiver_sup", "receiver_worker")
        },
        stranger=api_client(stranger),
    )
    world.ask = f"/api/v1/casework/cases/{world.case.pk}/transfers/"
    return world


def post(client, url, data, status):
    response = client.post(url, data, content_type="application/json")
    assert response.status_code == status, response.content.decode()
    return response.json()


def action(transfer_id: int, name: str) -> str:
    return f"/api/v1/casework/transfers/{transfer_id}/{name}/"


def test_a_request_without_consent_is_422_and_writes_nothing(w):
    refused = post(w.api.worker, w.ask, {"to_agency": w.receiver.pk}, 422)
    assert refused["errors"][0]["field"] == "to_agency"
    assert not Transfer.objects.exists()
    post(w.api.legal, w.ask, {"to_agency": w.receiver.pk}, 403)
    post(w.api.stranger, w.ask, {"to_agency": w.receiver.pk}, 404)


def test_ask_list_accept_through_the_api(w):
    transfer_consent(w)
    made = post(w.api.worker, w.ask, {"to_agency": w.receiver.pk, "reason": REASON}, 201)
    assert made["status"] == "requested" and made["actions"] == ["revoke"]
    assert made["reason"] == ""  # the list and the answers to writes give no words
    waiting = w.api.receiver_sup.get("/api/v1/casework/transfers/?waiting=true").json()
    assert [t["id"] for t in waiting["results"]] == [made["id"]]
    assert waiting["results"][0]["actions"] == ["accept", "reject"]
    detail = w.api.receiver_sup.get(f"/api/v1/casework/transfers/{made['id']}/").json()
    assert detail["reason"] == REASON
    stale = {"version": 4, "case_worker": w.receiver_worker.pk}
    conflict = post(w.api.receiver_sup, action(made["id"], "accept"), stale, 409)
    assert "Requested" in conflict["detail"] and "version 0" in conflict["detail"]
    assert Case.objects.get(pk=w.case.pk).owner_agency == w.shelter
    accepted = post(
        w.api.receiver_sup,
        action(made["id"], "accept"),
        {"version": 0, "case_worker": w.receiver_worker.pk},
        200,
    )
    assert accepted["status"] == "accepted" and accepted["actions"] == []
    case_url = f"/api/v1/casework/cases/{w.case.pk}/"
    assert MEDICAL in w.api.receiver_worker.get(case_url).content.decode()
    old = w.api.worker.get(case_url)
    assert old.status_code == 200 and MEDICAL not in old.content.decode()
    # Decided: a second decision is refused by the workflow.
    again = post(w.api.receiver_sup, action(made["id"], "reject"), {"version": 1}, 409)
    assert "Accepted" in again["detail"]


def test_reject_and_revoke_through_the_api(w):
    transfer_consent(w)
    first = post(w.api.supervisor, w.ask, {"to_agency": w.receiver.pk}, 201)
    post(w.api.receiver_sup, action(first["id"], "revoke"), {"version": 0}, 403)
    post(w.api.worker, action(first["id"], "revoke"), {"version": 0}, 200)
    second = post(w.api.worker, w.ask, {"to_agency": w.receiver.pk}, 201)
    post(w.api.receiver_sup, action(second["id"], "reject"), {"version": 0}, 409)
    rejected = post(
        w.api.receiver_sup, action(second["id"], "reject"), {"version": 0, "reason": REJECTION}, 200
    )
    assert rejected["status"] == "rejected"
    read = w.api.worker.get(f"/api/v1/casework/transfers/{second['id']}/").json()
    assert read["decision_note"] == REJECTION
    assert w.api.stranger.get(f"/api/v1/casework/transfers/{second['id']}/").status_code == 404
    assert w.api.stranger.get("/api/v1/casework/transfers/").json()["count"] == 0
