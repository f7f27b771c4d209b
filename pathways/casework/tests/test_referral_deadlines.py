"""A referral's deadlines follow the urgency and the country's settings (casework.md §3.4):
hours count the clock, working days skip Saturdays and Sundays in the country's time zone;
and a deadline passed is late whenever it is read, no job needed."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from pathways.casework.models import CountryCaseworkSettings, Referral
from pathways.casework.referral_deadlines import (
    access_expires_at,
    first_contact_by,
    referral_lateness,
    respond_by,
)

U = Referral.Urgency
PHNOM_PENH = ZoneInfo("Asia/Phnom_Penh")
MANILA = ZoneInfo("Asia/Manila")


def at(zone: ZoneInfo, *args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=zone)


@pytest.fixture
def kh_rules(kh) -> CountryCaseworkSettings:
    return CountryCaseworkSettings.settings_for(kh.id)


def test_a_routine_offer_on_friday_afternoon_is_due_on_wednesday_afternoon(kh_rules):
    friday = at(PHNOM_PENH, 2026, 3, 6, 16, 0)
    assert respond_by(friday, U.ROUTINE, kh_rules) == at(PHNOM_PENH, 2026, 3, 11, 16, 0)


def test_an_emergency_offer_is_due_in_two_hours_and_an_urgent_one_in_a_day(kh_rules):
    saturday_night = at(PHNOM_PENH, 2026, 3, 7, 23, 30)
    assert respond_by(saturday_night, U.EMERGENCY, kh_rules) == at(PHNOM_PENH, 2026, 3, 8, 1, 30)
    assert respond_by(saturday_night, U.URGENT, kh_rules) == at(PHNOM_PENH, 2026, 3, 8, 23, 30)


def test_working_days_cross_a_month_end(kh_rules):
    thursday = at(PHNOM_PENH, 2026, 4, 30, 9, 15)
    # Fri 1 May, Mon 4, Tue 5: three working days (no holiday table).
    assert respond_by(thursday, U.ROUTINE, kh_rules) == at(PHNOM_PENH, 2026, 5, 5, 9, 15)
    # Five working days to first contact: Fri 1, Mon 4 ... Thu 7.
    assert first_contact_by(thursday, U.ROUTINE, kh_rules) == at(PHNOM_PENH, 2026, 5, 7, 9, 15)


def test_an_offer_made_on_a_weekend_counts_from_monday(kh_rules):
    sunday = at(PHNOM_PENH, 2026, 3, 8, 14, 0)
    assert respond_by(sunday, U.ROUTINE, kh_rules) == at(PHNOM_PENH, 2026, 3, 12, 0, 0)


def test_working_days_are_the_countrys_own(db):
    """Each country counts its own Mondays to Fridays, in its own zone."""
    from pathways.programs.models import Country

    ph = Country.objects.get(code="PH")
    rules = CountryCaseworkSettings.settings_for(ph.id)
    friday_night = at(MANILA, 2026, 3, 6, 23, 30)
    assert respond_by(friday_night, U.ROUTINE, rules) == at(MANILA, 2026, 3, 11, 23, 30)
    # The same moment is Friday 22:30 in Phnom Penh: Cambodia's deadline is the same hour.
    kh = Country.objects.get(code="KH")
    kh_due = respond_by(friday_night, U.ROUTINE, CountryCaseworkSettings.settings_for(kh.id))
    assert kh_due == at(PHNOM_PENH, 2026, 3, 11, 22, 30)
    # Saturday 06:30 in Manila is Saturday in both: counted from Monday's midnight, each its own.
    saturday = at(MANILA, 2026, 3, 7, 6, 30)
    assert respond_by(saturday, U.ROUTINE, rules) == at(MANILA, 2026, 3, 12, 0, 0)


def test_the_countrys_settings_change_the_deadlines(kh):
    rules = CountryCaseworkSettings.objects.create(
        country=kh,
        referral_respond_emergency_hours=1,
        referral_first_contact_urgent_hours=72,
        referral_first_contact_routine_working_days=2,
        referral_access_after_close_days=10,
    )
    monday = at(PHNOM_PENH, 2026, 3, 2, 10, 0)
    assert respond_by(monday, U.EMERGENCY, rules) == at(PHNOM_PENH, 2026, 3, 2, 11, 0)
    assert first_contact_by(monday, U.URGENT, rules) == at(PHNOM_PENH, 2026, 3, 5, 10, 0)
    assert first_contact_by(monday, U.ROUTINE, rules) == at(PHNOM_PENH, 2026, 3, 4, 10, 0)
    assert first_contact_by(monday, U.EMERGENCY, rules) == at(PHNOM_PENH, 2026, 3, 3, 10, 0)
    assert access_expires_at(monday, rules) == at(PHNOM_PENH, 2026, 3, 12, 10, 0)


def test_access_ends_thirty_days_after_closure_by_default(kh_rules):
    closed = at(PHNOM_PENH, 2026, 1, 20, 8, 0)
    assert access_expires_at(closed, kh_rules) == at(PHNOM_PENH, 2026, 2, 19, 8, 0)


def _referral(status: str, **dates) -> SimpleNamespace:
    values = {"respond_by": None, "first_contact_by": None, "complete_by": None, **dates}
    return SimpleNamespace(status=status, **values)


NOW = at(PHNOM_PENH, 2026, 3, 10, 12, 0)


def test_an_offer_past_its_answer_is_overdue_in_hours_when_read():
    late = referral_lateness(
        _referral(Referral.Status.OFFERED, respond_by=NOW - dt.timedelta(hours=3)), NOW
    )
    assert late.overdue and late.kind == "respond"
    assert late.words == "Overdue by 3 hours"
    assert late.hours_late == 3.0


def test_an_accepted_referral_late_for_first_contact_is_overdue_in_days():
    referral = _referral(Referral.Status.ACCEPTED, first_contact_by=NOW - dt.timedelta(days=4))
    late = referral_lateness(referral, NOW)
    assert (late.kind, late.overdue, late.words) == ("first_contact", True, "Overdue by 4 days")


def test_one_in_progress_reads_its_completion_date():
    referral = _referral(Referral.Status.IN_PROGRESS, complete_by=NOW + dt.timedelta(days=2))
    late = referral_lateness(referral, NOW)
    assert (late.kind, late.overdue, late.words) == ("complete", False, "Due in 2 days")
    soon = referral_lateness(
        _referral(Referral.Status.OFFERED, respond_by=NOW + dt.timedelta(minutes=90)), NOW
    )
    assert (soon.words, soon.state) == ("Due in 1 hour", "soon")


def test_nothing_runs_on_a_draft_a_closed_referral_or_one_without_a_date():
    assert referral_lateness(_referral(Referral.Status.DRAFT), NOW) is None
    closed = _referral(Referral.Status.CLOSED, respond_by=NOW - dt.timedelta(days=9))
    assert referral_lateness(closed, NOW) is None
    assert referral_lateness(_referral(Referral.Status.IN_PROGRESS), NOW) is None
