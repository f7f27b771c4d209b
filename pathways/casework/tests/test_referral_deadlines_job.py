"""`casework_deadlines` on referrals (casework.md §3.4), the clock moved forward with `now=`:
the receiver is reminded once before the answer is due; an unanswered offer expires and goes
to the NRM coordinator, the sender told; a late first contact is escalated to the receiver
with a copy to the sender; run twice, nothing is sent twice; nothing names the person."""

from __future__ import annotations

import datetime as dt
import io
import threading

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from freezegun import freeze_time

from pathways.casework.models import Referral, ReferralUpdate
from pathways.casework.services import (
    deadline_notices_send,
    referral_accept,
    referral_deadline_notices,
)
from pathways.casework.tests.referral_helpers import PERSON_WORDS, consent, network, offer
from pathways.notifications.models import Notification
from pathways.programs.models import Country
from pathways.programs.services import load_reference_data

R = Referral.Status
HOUR = dt.timedelta(hours=1)


@pytest.fixture
def w(kh):
    world = network(kh)
    consent(world)
    return world


def run(now):
    return deadline_notices_send(country_code="KH", now=now)


def kinds(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_the_receiver_is_reminded_once_before_the_answer_is_due(w):
    start = timezone.now()
    referral = offer(w, now=start)  # urgent: an answer within 24 hours
    assert run(start + HOUR).total == 0  # more than half the window ahead
    first = run(start + 13 * HOUR)
    assert first.sent[("KH", "referral_respond", "reminder")] == 1
    assert run(start + 14 * HOUR).total == 0
    referral.refresh_from_db()
    assert referral.reminded_at == start + 13 * HOUR and referral.status == R.OFFERED
    reminders = Notification.objects.filter(kind="referral_reminder")
    assert {n.recipient for n in reminders} == {w.r_supervisor, w.r_worker, w.r_worker2}
    assert ReferralUpdate.objects.filter(referral=referral, kind="reminder").count() == 1


def test_an_offer_made_to_someone_by_name_reminds_only_who_sees_it(w):
    # Assigned, the offer is out of sight of the agency's other case workers (a link they
    # would follow answers 404): the reminder goes where the offer's notice went.
    start = timezone.now()
    offer(w, to_user=w.r_worker, now=start)
    run(start + 13 * HOUR)
    reminders = Notification.objects.filter(kind="referral_reminder")
    assert {n.recipient for n in reminders} == {w.r_supervisor, w.r_worker}


def test_an_emergency_is_reminded_an_hour_before(w):
    start = timezone.now()
    offer(w, urgency=Referral.Urgency.EMERGENCY, now=start)
    assert run(start + dt.timedelta(minutes=50)).total == 0
    assert run(start + dt.timedelta(minutes=65)).total == 1


def test_an_unanswered_offer_expires_and_goes_to_the_coordinator_once(w):
    start = timezone.now()
    referral = offer(w, now=start)
    late = start + 25 * HOUR
    first = run(late)
    assert first.sent[("KH", "referral_respond", "escalation")] == 1
    again = run(late + HOUR)
    assert again.total == 0
    referral.refresh_from_db()
    assert referral.status == R.EXPIRED and referral.escalated_at == late
    assert kinds(w.coordinator) == ["referral_escalation"]
    assert "referral_escalation" in kinds(w.worker)
    assert "referral_escalation" in kinds(w.supervisor)
    thread = list(ReferralUpdate.objects.filter(referral=referral).values_list("kind", "status"))
    assert thread == [("status", R.OFFERED), ("status", R.EXPIRED), ("escalation", "")]
    for notice in Notification.objects.filter(kind="referral_escalation"):
        assert notice.case_number == w.case.case_number
        assert not any(word in notice.body for word in PERSON_WORDS)
        assert "hearing" not in notice.body


def test_a_late_first_contact_is_escalated_once_with_a_copy_to_the_sender(w):
    start = timezone.now()
    referral = offer(w, now=start)
    referral_accept(actor=w.r_worker, referral=referral, version=referral.version, now=start)
    late = referral.first_contact_by + HOUR
    assert run(late).sent[("KH", "referral_first_contact", "escalation")] == 1
    assert run(late + HOUR).total == 0
    referral.refresh_from_db()
    assert referral.status == R.ACCEPTED and referral.first_contact_escalated_at == late
    assert "referral_reminder" in kinds(w.r_worker)
    assert "referral_reminder" not in kinds(w.r_worker2)  # not theirs
    assert "referral_escalation" in kinds(w.worker)


def test_a_dry_run_counts_and_writes_nothing(w):
    start = timezone.now()
    referral = offer(w, now=start)
    counted = deadline_notices_send(country_code="KH", now=start + 25 * HOUR, dry_run=True)
    assert counted.total == 1
    referral.refresh_from_db()
    assert referral.status == R.OFFERED
    assert not Notification.objects.filter(kind="referral_escalation").exists()


def test_the_command_expires_what_is_due_now(w):
    referral = offer(w, urgency=Referral.Urgency.EMERGENCY)
    out = io.StringIO()
    with freeze_time(timezone.now() + 3 * HOUR):
        call_command("casework_deadlines", country="KH", stdout=out)
    referral.refresh_from_db()
    assert referral.status == R.EXPIRED
    assert "KH referral_respond escalation: 1" in out.getvalue()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="in-memory SQLite test databases are one connection"
)
def test_two_runs_at_once_expire_and_escalate_once(monkeypatch):
    load_reference_data()
    world = network(Country.objects.get(code="KH"), "Race")
    consent(world)
    start = timezone.now()
    referral = offer(world, now=start)
    barrier = threading.Barrier(2, timeout=10)
    atomic = referral_deadline_notices.transaction.atomic

    class Rendezvous:
        """Both runs have found the offer due before either expires it."""

        @staticmethod
        def atomic():
            barrier.wait()
            return atomic()

    monkeypatch.setattr(referral_deadline_notices, "transaction", Rendezvous)
    runs = []

    def one_run() -> None:
        try:
            runs.append(run(start + 25 * HOUR))
        finally:
            connection.close()

    threads = [threading.Thread(target=one_run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r.total for r in runs) == [0, 1]
    referral.refresh_from_db()
    assert referral.status == R.EXPIRED
    assert Notification.objects.filter(recipient=world.coordinator).count() == 1
    assert ReferralUpdate.objects.filter(referral=referral, kind="escalation").count() == 1
