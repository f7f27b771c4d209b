"""The referral network's data (casework.md §2.1–2.2, §2.9–2.10, §3.4–3.6): a service is
listed once per agency and province; eligibility filters alike on SQLite and PostgreSQL; an
expired data-sharing agreement stops referrals; a referral cannot be declined, completed or
offered without what says why; the country's referral deadlines default to §3.4's; and the
referral, transfer and return tables reach every state, stop at their final ones and name
only declared states and actions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from pathways.casework.models import (
    AgencyProfile,
    CaseworkRole,
    Client,
    ConsentRecord,
    CountryCaseworkSettings,
    Referral,
    ReturnRequest,
    ServiceDirectoryEntry,
    ServiceType,
    Transfer,
)
from pathways.casework.tests.conftest import make_agency, open_case_for, register, staff
from pathways.casework.transitions import (
    REFERRAL_ACTIONS,
    REFERRAL_FINAL,
    REFERRAL_MOVES,
    RETURN_ACTIONS,
    RETURN_MOVES,
    TRANSFER_ACTIONS,
    TRANSFER_MOVES,
)
from pathways.programs.models import Province

R = Referral.Status
H = ReturnRequest.Status
T = Transfer.Status

# model's states, its first state, its table, its actions, the states no action leaves.
TABLES = {
    "referral": (R, R.DRAFT, REFERRAL_MOVES, REFERRAL_ACTIONS, set(REFERRAL_FINAL)),
    "transfer": (
        T,
        T.REQUESTED,
        TRANSFER_MOVES,
        TRANSFER_ACTIONS,
        {T.ACCEPTED, T.REJECTED, T.REVOKED},
    ),
    "return": (H, H.REQUESTED, RETURN_MOVES, RETURN_ACTIONS, {H.CLOSED, H.WITHDRAWN}),
}


def _targets(to) -> tuple[str, ...]:
    return to if isinstance(to, tuple) else (to,)


@pytest.mark.parametrize("name", TABLES)
def test_every_state_is_reached_from_the_first_and_only_final_states_end(name):
    states, first, moves, _actions, final = TABLES[name]
    reached, frontier = {first}, [first]
    while frontier:
        state = frontier.pop()
        for (from_state, _action), to in moves.items():
            if from_state == state:
                for target in _targets(to):
                    if target not in reached:
                        reached.add(target)
                        frontier.append(target)
    assert reached == set(states.values)
    leaving = {from_state for from_state, _action in moves}
    assert set(states.values) - leaving == final


@pytest.mark.parametrize("name", TABLES)
def test_each_move_names_declared_states_and_actions(name):
    states, _first, moves, actions, _final = TABLES[name]
    assert {action for _state, action in moves} == set(actions)
    for (from_state, _action), to in moves.items():
        assert from_state in states.values
        assert set(_targets(to)) <= set(states.values)


def test_a_referral_is_revoked_from_any_open_state_and_never_after_it_ends():
    revocable = {state for state, action in REFERRAL_MOVES if action == "revoke"}
    assert revocable == {R.DRAFT, R.OFFERED, R.ACCEPTED, R.IN_PROGRESS}
    assert (R.COMPLETED, "revoke") not in REFERRAL_MOVES


def test_a_return_on_hold_resumes_to_any_step_before_the_hand_over():
    assert set(RETURN_MOVES[(H.ON_HOLD, "resume")]) == {
        H.REQUESTED,
        H.NATIONALITY_VERIFICATION,
        H.DOCUMENTS_PENDING,
        H.RETURN_SCHEDULED,
    }
    assert (H.HANDED_OVER, "flag_safety_risk") not in RETURN_MOVES


def test_referral_deadlines_default_to_the_design(kh):
    defaults = CountryCaseworkSettings.settings_for(kh.id)
    assert defaults.pk is None
    assert (
        defaults.referral_respond_emergency_hours,
        defaults.referral_respond_urgent_hours,
        defaults.referral_respond_routine_working_days,
    ) == (2, 24, 3)
    assert (
        defaults.referral_first_contact_emergency_hours,
        defaults.referral_first_contact_urgent_hours,
        defaults.referral_first_contact_routine_working_days,
    ) == (24, 48, 5)
    assert defaults.referral_access_after_close_days == 30
    assert defaults.nationality_verification_days == 30
    assert defaults.consent_override_hours == 72
    saved = CountryCaseworkSettings.objects.create(country=kh, referral_respond_urgent_hours=12)
    assert CountryCaseworkSettings.settings_for(kh.id).referral_respond_urgent_hours == 12
    assert saved.consent_override_hours == 72


def test_a_service_is_listed_once_per_agency_and_province(kh, kh_agency):
    province = Province.objects.filter(country=kh).first()
    entry = dict(agency=kh_agency, service_type=ServiceType.SHELTER, country=kh)
    ServiceDirectoryEntry.objects.create(province=province, **entry)
    ServiceDirectoryEntry.objects.create(province=None, **entry)
    # The form's check says it in words...
    with pytest.raises(ValidationError, match="already lists this service in this province"):
        ServiceDirectoryEntry(province=province, **entry).full_clean()
    with pytest.raises(ValidationError, match="for the whole country"):
        ServiceDirectoryEntry(province=None, **entry).full_clean()
    # ...and the database holds it, nationwide entries included (NULL is no exception).
    for where in (province, None):
        with pytest.raises(IntegrityError), transaction.atomic():
            ServiceDirectoryEntry.objects.create(province=where, **entry)
    ServiceDirectoryEntry.objects.create(
        province=province, **{**entry, "service_type": ServiceType.LEGAL}
    )
    assert ServiceDirectoryEntry.objects.filter(agency=kh_agency).count() == 3


def test_eligibility_finds_the_entries_open_to_the_person(kh, kh_agency):
    def listed(service, **eligibility):
        return ServiceDirectoryEntry.objects.create(
            agency=kh_agency, service_type=service, country=kh, **eligibility
        )

    anyone = listed(ServiceType.HEALTH)
    women = listed(ServiceType.SHELTER, sexes=["female"], age_bands=["18-24", "25-34"])
    men = listed(ServiceType.LEGAL, sexes=["male"])
    thai_children = listed(ServiceType.REPATRIATION, nationalities=["TH"], age_bands=["0-11"])

    def found(**person):
        return set(ServiceDirectoryEntry.objects.eligible_for(**person))

    # "female" holds "male": the quoted value tells them apart.
    assert found(sex="female", age_band="18-24", nationality="KH") == {anyone, women}
    assert found(sex="male", age_band="0-11", nationality="TH") == {anyone, men, thai_children}
    assert found(sex="male", age_band="12-17", nationality="TH") == {anyone, men}
    assert found() == {anyone, women, men, thai_children}


def test_no_referral_after_the_data_sharing_agreement_expires(kh_agency):
    profile = AgencyProfile.objects.create(
        organisation=kh_agency,
        htcds_type=AgencyProfile.OrgType.NGO,
        accepts_referrals=True,
        data_sharing_agreement_reference="NCCT-DSA-2026-04",
        data_sharing_signed_on=dt.date(2026, 1, 1),
        data_sharing_expires_on=dt.date(2026, 12, 31),
    )
    assert profile.agreement_current_on(dt.date(2026, 12, 31))
    assert not profile.agreement_current_on(dt.date(2027, 1, 1))
    profile.data_sharing_agreement_reference = ""
    assert not profile.agreement_current_on(dt.date(2026, 6, 1))
    profile.data_sharing_expires_on = dt.date(2025, 12, 1)
    with pytest.raises(ValidationError, match="expires after the day it was signed"):
        profile.full_clean()


@pytest.fixture
def a_case(kh, kh_agency):
    return open_case_for(register(kh, kh_agency, sex=Client.Sex.MALE))


def _referral(case, **values) -> Referral:
    sender = staff(case.owner_agency, CaseworkRole.CASE_WORKER)
    return Referral(
        country=case.country,
        case=case,
        from_agency=case.owner_agency,
        from_user=sender,
        to_agency=make_agency(case.country),
        service_type=ServiceType.LEGAL,
        urgency=Referral.Urgency.URGENT,
        data_key_id="test",
        **values,
    )


def _consent(case) -> ConsentRecord:
    return ConsentRecord.objects.create(
        client=case.client,
        case=case,
        country=case.country,
        kind=ConsentRecord.Kind.SHARE_FOR_REFERRAL,
        decision=ConsentRecord.Decision.GIVEN,
        sections=["summary", "legal"],
        given_by=ConsentRecord.GivenBy.PERSON,
        method=ConsentRecord.Method.VERBAL,
        language="km",
        given_at=timezone.now(),
        recorded_by=staff(case.owner_agency, CaseworkRole.CASE_WORKER),
        data_key_id="test",
    )


def test_a_referral_is_not_offered_without_consent_nor_declined_without_a_reason(a_case):
    _referral(a_case).save()  # a draft may wait for its consent
    with pytest.raises(IntegrityError), transaction.atomic():
        _referral(a_case, status=R.OFFERED).save()
    consent = _consent(a_case)
    _referral(a_case, status=R.OFFERED, consent_record=consent).save()
    refused = {
        "declined without a reason": {"status": R.DECLINED},
        "completed without an outcome": {"status": R.COMPLETED},
        "not completed without a reason": {"status": R.NOT_COMPLETED},
        "revoked without a date": {"status": R.REVOKED},
    }
    for values in refused.values():
        with pytest.raises(IntegrityError), transaction.atomic():
            _referral(a_case, consent_record=consent, **values).save()
    _referral(
        a_case, consent_record=consent, status=R.DECLINED, decline_reason="no_capacity"
    ).save()
    to_itself = _referral(a_case, consent_record=consent)
    to_itself.to_agency = a_case.owner_agency
    with pytest.raises(IntegrityError), transaction.atomic():
        to_itself.save()
    _referral(a_case, consent_record=consent, status=R.REVOKED, revoked_at=timezone.now()).save()
    assert Referral.objects.filter(case=a_case).count() == 4


def test_a_best_interests_decision_names_its_approver(a_case):
    consent = _consent(a_case)
    consent.given_by = ConsentRecord.GivenBy.BEST_INTERESTS
    with pytest.raises(ValidationError, match="names who approved it"):
        consent.full_clean()
    consent.best_interests_approver = staff(a_case.owner_agency, CaseworkRole.CASE_SUPERVISOR)
    consent.full_clean()


def test_lists_take_only_their_values(kh, kh_agency, a_case):
    entry = ServiceDirectoryEntry(
        agency=kh_agency, service_type=ServiceType.HEALTH, country=kh, sexes=["femme"]
    )
    with pytest.raises(ValidationError, match="femme"):
        entry.full_clean()
    entry.sexes, entry.nationalities = ["female", "female"], []
    with pytest.raises(ValidationError, match="at most once"):
        entry.full_clean()
    entry.sexes, entry.nationalities = ["female"], ["kh"]
    with pytest.raises(ValidationError, match="kh"):
        entry.full_clean()
    entry.nationalities = ["KH", "TH"]
    entry.full_clean()
    referral = _referral(a_case, shared_sections=["legal", "everything"])
    with pytest.raises(ValidationError, match="everything"):
        referral.full_clean()


def test_an_agency_phone_is_in_international_form(kh_agency):
    profile = AgencyProfile(
        organisation=kh_agency, htcds_type=AgencyProfile.OrgType.NGO, phone="023 123 456"
    )
    with pytest.raises(ValidationError, match="international form"):
        profile.full_clean()
    profile.phone = "+85523123456"
    profile.full_clean()
