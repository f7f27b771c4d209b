"""The casework counting rules on small hand-built records (docs/counting-rules.md,
"Casework statistics")."""

from __future__ import annotations

import datetime as dt

import pytest

from pathways.casework.models import Case, Referral, ReturnRequest, ServiceType
from pathways.casework.tests.conftest import make_agency
from pathways.programs.models import Country
from pathways.stats import counting
from pathways.stats.counting import ReferralOutcome
from pathways.stats.tests.helpers import (
    Decision,
    Referrals,
    a_return,
    at,
    case_of,
    decide,
    identify,
    person,
    presume,
    serve,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def kh():
    return Country.objects.get(code="KH")


@pytest.fixture
def agency(kh):
    return make_agency(kh)


def test_a_person_counts_once_in_the_year_of_the_first_formal_identification(kh, agency):
    case = case_of(person(kh, agency))
    formal = identify(case, at(2025, 5, 1), presumed_on=at(2025, 3, 1))
    # A review confirming the identification later in the year is not a new one.
    decide(case, at(2025, 8, 1), supersedes=formal)

    people = counting.victims_identified(kh, 2025)

    assert [(p.case_number, p.retrafficked) for p in people] == [(case.case_number, False)]
    assert people[0].decided_at == at(2025, 5, 1)
    assert counting.presumed_victims(kh, 2025) == []
    assert counting.victims_identified(kh, 2026) == []
    assert counting.victims_identified_records(kh, 2025) == [case.case_number]


def test_the_year_ends_at_midnight_in_the_countrys_time_zone(kh, agency):
    case = case_of(person(kh, agency))
    # 17:30 UTC on 31 December is 00:30 on 1 January in Phnom Penh.
    identify(case, dt.datetime(2025, 12, 31, 17, 30, tzinfo=dt.UTC))

    assert counting.victims_identified(kh, 2025) == []
    assert len(counting.victims_identified(kh, 2026)) == 1


def test_a_person_identified_again_on_another_case_counts_again_and_is_flagged(kh, agency):
    client = person(kh, agency)
    first, second = case_of(client), case_of(client)
    identify(first, at(2024, 4, 1))
    identify(second, at(2025, 6, 1))

    [in_2024] = counting.victims_identified(kh, 2024)
    [in_2025] = counting.victims_identified(kh, 2025)

    assert (in_2024.case_number, in_2024.retrafficked) == (first.case_number, False)
    assert (in_2025.case_number, in_2025.retrafficked) == (second.case_number, True)
    assert counting.victims_retrafficked(kh, 2024) == []
    assert counting.victims_retrafficked_records(kh, 2025) == [second.case_number]


def test_two_identifications_in_one_year_count_the_person_once_flagged(kh, agency):
    client = person(kh, agency)
    first, second = case_of(client), case_of(client)
    identify(first, at(2025, 2, 1))
    identify(second, at(2025, 9, 1))

    [counted] = counting.victims_identified(kh, 2025)

    assert counted.case_number == first.case_number
    assert counted.retrafficked


def test_an_identification_overturned_on_review_is_not_counted(kh, agency):
    case = case_of(person(kh, agency))
    formal = identify(case, at(2025, 2, 1))
    decide(case, at(2025, 4, 1), status=Decision.Status.NOT_A_VICTIM, supersedes=formal)

    assert counting.victims_identified(kh, 2025) == []
    # Nor presumed: a formal decision followed the preliminary one within the year.
    assert counting.presumed_victims(kh, 2025) == []


def test_presumed_victims_are_those_without_a_formal_decision_by_the_years_end(kh, agency):
    waiting = case_of(person(kh, agency))
    presume(waiting, at(2025, 3, 1))
    identified = case_of(person(kh, agency))
    identify(identified, at(2025, 6, 1), presumed_on=at(2025, 3, 1))
    late = case_of(person(kh, agency))
    identify(late, at(2026, 1, 20), presumed_on=at(2025, 11, 1))
    negative = case_of(person(kh, agency))
    decide(negative, at(2025, 7, 1), status=Decision.Status.NOT_A_VICTIM,
           supersedes=presume(negative, at(2025, 5, 1)))  # fmt: skip
    screened_out = case_of(person(kh, agency))
    decide(screened_out, at(2025, 5, 1), level=Decision.Level.PRELIMINARY,
           status=Decision.Status.NOT_A_VICTIM)  # fmt: skip

    assert counting.presumed_victims_records(kh, 2025) == sorted(
        [waiting.case_number, late.case_number]
    )
    assert [p.case_number for p in counting.victims_identified(kh, 2025)] == [
        identified.case_number
    ]
    assert [p.case_number for p in counting.victims_identified(kh, 2026)] == [late.case_number]
    assert counting.presumed_victims(kh, 2026) == []


def test_a_person_formally_identified_in_the_year_is_not_also_presumed_in_it(kh, agency):
    client = person(kh, agency)
    identify(case_of(client), at(2025, 2, 1))
    presume(case_of(client), at(2025, 10, 1))

    assert len(counting.victims_identified(kh, 2025)) == 1
    assert counting.presumed_victims(kh, 2025) == []


def test_identified_people_carry_their_cases_form_and_country_of_exploitation(kh, agency):
    client = person(kh, agency, nationality="", is_stateless=True, age_band="12-17")
    case = case_of(client, exploitation_type=Case.ExploitationType.FORCED_CRIMINALITY)
    Case.objects.filter(pk=case.pk).update(exploitation_country="MM")
    identify(case, at(2025, 5, 1))
    unknown = case_of(person(kh, agency, age_band="unknown"))
    identify(unknown, at(2025, 5, 1))

    first, second = counting.victims_identified(kh, 2025)

    assert (first.exploitation_type, first.exploitation_country) == ("ForcedCriminality", "MM")
    assert (first.nationality, first.child_or_adult) == ("stateless", "child")
    assert (second.exploitation_type, second.exploitation_country) == ("Unknown", "not_known")
    assert (second.nationality, second.child_or_adult) == ("KH", "unknown")


def test_victims_assisted_are_distinct_people_per_service_type(kh, agency):
    one = case_of(person(kh, agency))
    other = case_of(person(kh, agency))
    serve(one, ServiceType.HEALTH, dt.date(2025, 2, 1))
    serve(one, ServiceType.HEALTH, dt.date(2025, 3, 1))
    serve(one, ServiceType.LEGAL, dt.date(2025, 3, 1), outcome="ongoing")
    serve(other, ServiceType.HEALTH, dt.date(2025, 3, 1), outcome="refused")
    serve(other, ServiceType.SHELTER, dt.date(2024, 12, 31))

    assisted = counting.victims_assisted(kh, 2025)

    assert sorted((a.case_number, a.service_type) for a in assisted) == [
        (one.case_number, "Health"),
        (one.case_number, "Legal"),
    ]
    assert counting.victims_assisted_records(kh, 2025) == [one.case_number]


def test_referrals_offered_in_the_year_each_have_one_outcome_and_their_days(kh):
    refs = Referrals(kh)
    S = Referral.Status
    offered = at(2025, 3, 1)
    answered = {"responded_at": offered + dt.timedelta(days=2)}
    made = {
        "pending": refs.make(S.OFFERED, offered),
        "accepted": refs.make(S.IN_PROGRESS, offered, **answered),
        "completed": refs.make(
            S.CLOSED, offered, outcome="delivered_fully",
            completed_at=offered + dt.timedelta(days=10), **answered,
        ),
        "not_completed": refs.make(
            S.NOT_COMPLETED, offered, not_completed_reason="lost_contact",
            completed_at=offered + dt.timedelta(days=12), **answered,
        ),
        "declined": refs.make(
            S.DECLINED, offered, decline_reason="no_capacity",
            responded_at=offered + dt.timedelta(hours=12),
        ),
        "expired": refs.make(S.EXPIRED, offered),
        "withdrawn": refs.make(S.REVOKED, offered, revoked_at=offered + dt.timedelta(days=1)),
    }  # fmt: skip
    refs.make(S.OFFERED, at(2024, 12, 1))

    counted = {r.referral_id: r for r in counting.referrals_offered(kh, 2025)}

    assert {outcome: counted[r.pk].outcome for outcome, r in made.items()} == {
        outcome: outcome for outcome in made
    }
    assert set(ReferralOutcome.ALL) == set(made)
    assert sorted(r.days_to_answer for r in counted.values() if r.days_to_answer) == [
        0.5, 2, 2, 2,
    ]  # fmt: skip
    assert [r.days_to_completion for r in counting.referrals_completed(kh, 2025)] == [10]
    assert len(counting.referrals_offered_records(kh, 2025)) == 7


def test_returns_completed_in_the_year_with_their_verification_days(kh, agency):
    case = case_of(person(kh, agency))
    vn = Country.objects.get(code="VN")
    by = Referrals(kh).w.worker
    start = at(2025, 1, 10)
    done = a_return(
        case, vn, by, status=ReturnRequest.Status.CLOSED, closed_reason="returned",
        verification_started_at=start, verified_at=start + dt.timedelta(days=9),
        handed_over_at=at(2025, 3, 1),
    )  # fmt: skip
    a_return(case, vn, by, status=ReturnRequest.Status.HANDED_OVER, handed_over_at=at(2024, 6, 1))
    a_return(case, vn, by, status=ReturnRequest.Status.RETURN_SCHEDULED)

    [counted] = counting.returns_completed(kh, 2025)

    assert (counted.return_id, counted.to_country, counted.verification_days) == (done.pk, "VN", 9)
    assert counting.returns_completed_records(kh, 2025) == [
        f"return {done.pk} ({case.case_number})"
    ]


def test_cases_closed_in_the_year_by_reason(kh, agency):
    closed = case_of(person(kh, agency))
    unexplained = case_of(person(kh, agency))
    still_open = case_of(person(kh, agency))
    for case, reason in ((closed, "goals_achieved"), (unexplained, "")):
        Case.objects.filter(pk=case.pk).update(
            status="closed", stage="closed", closed_on=dt.date(2025, 7, 1), closure_reason=reason
        )

    counted = counting.cases_closed(kh, 2025)

    assert sorted((c.case_number, c.reason) for c in counted) == [
        (closed.case_number, "goals_achieved"),
        (unexplained.case_number, "not_recorded"),
    ]
    assert still_open.case_number not in counting.cases_closed_records(kh, 2025)
    assert counting.cases_closed(kh, 2024) == []
