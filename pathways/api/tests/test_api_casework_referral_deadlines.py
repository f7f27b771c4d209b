"""Referral deadlines through API v1 (issue 21, "done when"): with the clock moved past the
answer due, the deadline job (`manage.py casework_deadlines`' service) expires the offer and
escalates it to the NRM coordinator, who finds it in the escalated box and re-routes it to
another agency; a late first contact is flagged on the referral the API reads."""

from __future__ import annotations

import datetime as dt

import pytest

from pathways.api.tests.referral_helpers import get, offered, post, referral_api_world, url
from pathways.casework.models import Referral
from pathways.casework.services import deadline_notices_send
from pathways.casework.tests.conftest import make_agency
from pathways.notifications.models import Notification

pytestmark = pytest.mark.django_db

LIST = "/api/v1/casework/referrals/"


@pytest.fixture
def w(db):
    return referral_api_world()


def run_job(w, at: dt.datetime) -> None:
    """The periodic job, run with its clock at `at`."""
    deadline_notices_send(country_code=w.kh.code, now=at)


def test_an_unanswered_offer_expires_escalates_and_is_rerouted(w):
    referral = offered(w)
    due = dt.datetime.fromisoformat(referral["respond_by"])
    run_job(w, due - dt.timedelta(minutes=1))
    assert get(w.api.worker, url(referral))["status"] == "offered"

    later = due + dt.timedelta(minutes=1)
    run_job(w, later)
    run_job(w, later)  # twice: nothing twice
    expired = get(w.api.coordinator, url(referral))
    assert expired["status"] == "expired" and expired["escalated_at"]
    assert expired["late"] is None and expired["actions"] == ["reroute"]
    assert [e["kind"] for e in expired["thread"]].count("escalation") == 1
    escalated = get(w.api.coordinator, f"{LIST}?box=escalated")
    assert [r["id"] for r in escalated["results"]] == [referral["id"]]
    told = Notification.objects.filter(recipient=w.coordinator, case_number=w.case.case_number)
    assert told.count() == 1
    # The receiver may no longer answer; the sender does not re-route.
    body = {"version": expired["version"]}
    assert "Expired" in post(w.api.receiver, url(referral, "accept/"), body, 409)["detail"]
    reroute = {**body, "to_agency": w.second_agency.pk}
    post(w.api.worker, url(referral, "reroute/"), reroute, 403)
    # An agency the person's consent does not name: refused, naming the field.
    stranger = make_agency(w.kh, "Referral API unnamed agency")
    refused = post(
        w.api.coordinator, url(referral, "reroute/"), {**body, "to_agency": stranger.pk}, 422
    )
    assert "consent" in refused["detail"] and Referral.objects.count() == 1

    new = post(w.api.coordinator, url(referral, "reroute/"), reroute, 201)
    assert new["status"] == "offered" and new["rerouted_from_id"] == referral["id"]
    assert new["to_agency"]["id"] == w.second_agency.pk and new["respond_by"]
    assert get(w.api.worker, url(referral))["status"] == "expired"
    # The new receiver finds it in its box; the stale form on the original is refused.
    inbox = get(w.api.second, f"{LIST}?box=received")
    assert [r["id"] for r in inbox["results"]] == [new["id"]]
    post(w.api.coordinator, url(referral, "reroute/"), {**reroute, "version": 0}, 409)


def test_a_late_first_contact_is_flagged_and_read_late(w):
    referral = offered(w)
    accepted = post(w.api.receiver, url(referral, "accept/"), {"version": referral["version"]})
    due = dt.datetime.fromisoformat(accepted["first_contact_by"])
    run_job(w, due + dt.timedelta(hours=1))
    flagged = get(w.api.worker, url(referral))
    assert flagged["status"] == "accepted" and flagged["first_contact_escalated_at"]
    # Read now, the first contact is not late yet; the job's clock ran ahead of it.
    assert flagged["late"]["kind"] == "first_contact" and not flagged["late"]["overdue"]
