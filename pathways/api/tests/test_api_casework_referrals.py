"""Referrals through API v1 (issue 21, "done when"): a whole referral — refused without the
person's consent, offered with it, accepted, first contact, completed and written back to
the sender's case; a withdrawal of consent revokes an open referral and the receiver's reads
of the case answer 404; and the refusals: a stale version, someone who may not, another
agency that finds nothing. Expiry, escalation and the re-route are in
test_api_casework_referral_deadlines.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from pathways.api.tests.referral_helpers import (
    DETAILS,
    FEEDBACK,
    MEDICAL,
    MESSAGE,
    case_url,
    get,
    offer_body,
    offered,
    post,
    referral_api_world,
    url,
)
from pathways.casework.models import (
    AccessEvent,
    Referral,
    ReferralUpdate,
)
from pathways.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(db):
    return referral_api_world()


def test_a_whole_referral_through_the_api(w):
    # Refused without consent: a clear 409 and nothing written.
    refusal = post(w.api.worker, case_url(w, "referrals/"), offer_body(w), 409)
    assert "consent" in refusal["detail"] and w.receiving.name in refusal["detail"]
    assert not Referral.objects.exists()

    referral = offered(w)
    assert referral["status"] == "offered" and referral["role"] == "sender"
    assert referral["respond_by"] and referral["late"]["kind"] == "respond"
    assert not referral["late"]["overdue"]
    assert referral["words"]["details"] == DETAILS
    assert any("age band" in warning for warning in referral["warnings"])
    # An offer shows the receiver the referral, never the case.
    get(w.api.receiver, case_url(w), 404)
    seen = get(w.api.receiver, url(referral))
    assert seen["role"] == "receiver" and seen["words"]["details"] == DETAILS
    assert seen["actions"] == ["accept", "decline", "message"]
    inbox = get(w.api.receiver, "/api/v1/casework/referrals/?box=received")
    assert [r["id"] for r in inbox["results"]] == [referral["id"]]

    version = seen["version"]
    accepted = post(w.api.receiver, url(referral, "accept/"), {"version": version})
    assert accepted["status"] == "accepted" and accepted["first_contact_by"]
    assert accepted["to_user_id"] == w.receiver.pk
    # The same form again: stale, nothing written.
    stale = post(w.api.receiver, url(referral, "accept/"), {"version": version}, 409)
    assert "Accepted" in stale["detail"]
    # Accepted: the receiver reads the shared sections, nothing else.
    shared = get(w.api.receiver, case_url(w))
    assert shared["sections"] == ["medical", "summary"]
    assert MEDICAL in str(shared) and shared["identity"] is None

    step = post(w.api.receiver, url(referral, "first-contact/"), {"version": accepted["version"]})
    assert step["status"] == "in_progress" and step["first_contact_at"]
    done = post(
        w.api.receiver,
        url(referral, "complete/"),
        {"version": step["version"], "outcome": "delivered_fully", "feedback": FEEDBACK},
    )
    assert done["status"] == "completed" and done["outcome"] == "delivered_fully"

    # Written back: the sender reads the outcome on the case, from the receiving agency.
    care = get(w.api.worker, case_url(w, "care/"))
    back = [s for s in care["services_delivered"] if s["referral"] == referral["id"]]
    assert len(back) == 1 and back[0]["service_type"] == "Legal"
    assert back[0]["provider"] == w.receiving.pk and back[0]["outcome"] == "completed"
    assert get(w.api.worker, url(referral))["words"]["feedback"] == FEEDBACK

    closed = post(w.api.worker, url(referral, "acknowledge/"), {"version": done["version"]})
    assert closed["status"] == "closed" and closed["access_expires_at"]
    kinds = [e["status"] for e in closed["thread"] if e["kind"] == "status"]
    assert kinds == ["offered", "accepted", "in_progress", "completed", "closed"]


def test_withdrawing_consent_revokes_an_open_referral_and_ends_the_receivers_reads(w):
    referral = offered(w)
    post(w.api.receiver, url(referral, "accept/"), {"version": referral["version"]})
    get(w.api.receiver, case_url(w))
    consent_id = Referral.objects.get(pk=referral["id"]).consent_record_id
    post(w.api.worker, case_url(w, f"consents/{consent_id}/withdraw/"), {"note": "Changed mind"})
    revoked = get(w.api.worker, url(referral))
    assert revoked["status"] == "revoked" and revoked["revoke_reason"] == "consent_withdrawn"
    for tail in ("", "consents/", "care/", "stage/"):
        get(w.api.receiver, case_url(w, tail), 404)
    assert Notification.objects.filter(recipient=w.receiver, kind="referral_revoked").exists()


def test_the_detail_records_the_words_read_and_the_list_does_not(w):
    referral = offered(w)
    before = AccessEvent.objects.count()
    get(w.api.worker, "/api/v1/casework/referrals/")
    assert AccessEvent.objects.count() == before
    get(w.api.receiver, url(referral))
    read = AccessEvent.objects.filter(user=w.receiver).latest("pk")
    assert read.via == AccessEvent.Via.API and DETAILS not in str(read.__dict__)


def test_who_may_take_which_move(w):
    referral = offered(w)
    body = {"version": referral["version"]}
    # The sender does not answer its own offer; the legal officer does not refer.
    post(w.api.worker, url(referral, "accept/"), body, 403)
    post(w.api.legal, case_url(w, "referrals/"), offer_body(w, to=w.second_agency), 403)
    # Another agency finds nothing, neither the referral nor the route to the case.
    get(w.api.outsider, url(referral), 404)
    post(w.api.outsider, url(referral, "decline/"), {**body, "reason": "no_capacity"}, 404)
    post(w.api.outsider, case_url(w, "referrals/"), offer_body(w), 404)
    # The receiver does not revoke, nor re-route; the coordinator reads it and re-routes
    # only an offer that expired or was declined.
    post(w.api.receiver, url(referral, "revoke/"), body, 403)
    reroute = {**body, "to_agency": w.second_agency.pk}
    post(w.api.receiver, url(referral, "reroute/"), reroute, 403)
    assert get(w.api.coordinator, url(referral))["role"] == "coordinator"
    assert "Offered" in post(w.api.coordinator, url(referral, "reroute/"), reroute, 409)["detail"]
    assert Referral.objects.get(pk=referral["id"]).status == "offered"


def test_decline_needs_a_reason_and_other_needs_a_note(w):
    referral = offered(w)
    body = {"version": referral["version"]}
    answer = post(w.api.receiver, url(referral, "decline/"), {**body, "reason": "busy"}, 422)
    assert "reason" in answer["detail"]
    answer = post(w.api.receiver, url(referral, "decline/"), {**body, "reason": "other"}, 422)
    assert "note" in str(answer["errors"])
    declined = post(w.api.receiver, url(referral, "decline/"), {**body, "reason": "no_capacity"})
    assert declined["status"] == "declined" and declined["decline_reason"] == "no_capacity"
    # Declined: nothing more to answer.
    again = {"version": declined["version"]}
    assert "Declined" in post(w.api.receiver, url(referral, "accept/"), again, 409)["detail"]


def test_the_thread_carries_messages_and_tells_the_other_side_without_the_words(w):
    referral = offered(w)
    post(w.api.receiver, url(referral, "message/"), {"note": MESSAGE}, 201)
    thread = get(w.api.worker, url(referral))["thread"]
    assert [(e["by"], e["note"]) for e in thread if e["kind"] == "message"] == [
        ("ref-receiver", MESSAGE)
    ]
    assert ReferralUpdate.objects.filter(referral_id=referral["id"], kind="message").count() == 1
    told = Notification.objects.filter(recipient=w.worker).order_by("-pk").first()
    assert told is not None and MESSAGE not in f"{told.subject} {told.body}"
    assert w.case.case_number in told.subject + told.body


def test_a_referral_sent_by_package_is_answered_by_hand(w):
    referral = offered(w, transport="manual")
    actions = get(w.api.worker, url(referral))["actions"]
    assert "record-answer" in actions and "accept" not in actions
    body = {"version": referral["version"]}
    post(w.api.receiver, url(referral, "accept/"), body, 403)
    accepted = post(w.api.worker, url(referral, "record-answer/"), {**body, "accepted": True})
    assert accepted["status"] == "accepted"


def test_the_list_filters_and_marks_late_when_read(w):
    referral = offered(w)
    # The answer was due an hour ago: late on reading, whether any job ran or not.
    Referral.objects.filter(pk=referral["id"]).update(
        respond_by=timezone.now() - dt.timedelta(hours=1)
    )
    listed = get(w.api.receiver, "/api/v1/casework/referrals/?overdue=true")
    assert [r["id"] for r in listed["results"]] == [referral["id"]]
    assert listed["results"][0]["late"]["overdue"] is True
    assert get(w.api.worker, "/api/v1/casework/referrals/?box=received")["count"] == 0
    assert get(w.api.worker, "/api/v1/casework/referrals/?box=sent")["count"] == 1
    assert get(w.api.worker, "/api/v1/casework/referrals/?status=accepted")["count"] == 0
    get(w.api.worker, "/api/v1/casework/referrals/?box=everything", 422)
    get(w.api.worker, "/api/v1/casework/referrals/?status=lost", 422)
