"""The casework demo's referrals: taken with the real services, they leave one referral at
each step a reader should find on the pages — waiting for an answer, in progress, completed
and written back, declined, and expired and escalated to the NRM coordinator — each under
the person's consent, with its words sealed."""

from __future__ import annotations

import pytest

from conftest import PASSWORD
from pathways.casework.models import Referral, ServiceDelivery
from pathways.demo.casework import load_casework_demo
from pathways.demo.casework.referrals import SAID, SHARED

pytestmark = pytest.mark.django_db
S = Referral.Status


@pytest.fixture
def demo():
    return load_casework_demo(password=PASSWORD, clients=20)


def test_the_demo_leaves_a_referral_at_each_step(demo):
    # The stories' referrals, taken with the services (the statistics cohort's are in bulk).
    referrals = Referral.objects.filter(case__screenings__isnull=False).order_by("pk")
    assert sorted(referrals.values_list("status", flat=True)) == sorted(
        [S.OFFERED, S.IN_PROGRESS, S.COMPLETED, S.DECLINED, S.EXPIRED]
    )
    for referral in referrals:
        assert referral.consent_record is not None
        assert referral.shared_sections == list(SHARED)
        assert referral.from_agency.acronym == "MoSVY"
    expired = referrals.get(status=S.EXPIRED)
    assert expired.escalated_at is not None and expired.to_agency.acronym == "LSCW"
    declined = referrals.get(status=S.DECLINED)
    assert declined.decline_reason == Referral.DeclineReason.NO_CAPACITY
    completed = referrals.get(status=S.COMPLETED)
    assert completed.outcome == Referral.Outcome.DELIVERED_FULLY


def test_the_completed_referral_is_written_back_to_the_senders_case(demo):
    completed = Referral.objects.get(status=S.COMPLETED)
    assert ServiceDelivery.objects.filter(case=completed.case, referral=completed).exists()


def test_the_referrals_words_are_sealed(demo):
    rows = [
        bytes(value or b"")
        for value in Referral.objects.values_list("details_sealed", "decline_note_sealed")
        for value in value
    ]
    for words in SAID:
        assert all(words.encode() not in row for row in rows)


def test_a_second_load_adds_no_referral(demo):
    count = Referral.objects.count()
    load_casework_demo(password=PASSWORD, clients=20)
    assert Referral.objects.count() == count
