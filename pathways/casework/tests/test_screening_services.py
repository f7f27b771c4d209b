"""Screening services: consent refusal keeps four facts, triage overrides need a reason, a
presumed victim becomes a client, a case and a preliminary identification with its due date,
who may act, and no sealed value in the audit trail or the access log."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import serializers
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from pathways.audit.models import AuditEvent
from pathways.casework import reading
from pathways.casework.models import (
    SCREENING_SEALED_FIELDS,
    AccessEvent,
    Case,
    CaseworkRole,
    CountryCaseworkSettings,
    IdentificationDecision,
    Screening,
)
from pathways.casework.services import (
    screening_answer,
    screening_refer_for_identification,
    screening_refuse_consent,
    screening_start,
    screening_submit,
    screening_triage,
    screening_void,
)
from pathways.casework.services.screening import SCREENING
from pathways.casework.tests.conftest import make_agency, sample_identity, staff
from pathways.casework.tests.screening_helpers import load_set, start
from pathways.casework.transitions import TransitionRefused

KEPT = {"sex": "male", "age_band": "18-24", "nationality": "MM", "location_type": "shelter"}
PRESUMED = {"dr-s": "yes", "ec-s": "yes", "cd-s": "yes"}


def _refer(actor, screening, **extra):
    return screening_refer_for_identification(
        actor=actor,
        screening=screening,
        identity=sample_identity(),
        birthdate_precision="day",
        identity_document_type="national_id",
        **extra,
    )


def _to_indicators_present(actor, screening, answers=PRESUMED, **triage):
    screening_answer(actor=actor, screening=screening, answers=answers)
    screening_submit(actor=actor, screening=screening)
    outcome = triage.pop("confirmed_outcome", Screening.Outcome.PRESUMED_VICTIM)
    return screening_triage(actor=actor, screening=screening, confirmed_outcome=outcome, **triage)


def _only_kept(screening: Screening) -> None:
    screening.refresh_from_db()
    assert screening.state == Screening.State.DECLINED_BY_PERSON
    assert {name: getattr(screening, name) for name in KEPT} == KEPT
    assert screening.consent_to_interview in ("no", "refused")
    assert (screening.province, screening.interview_language) == ("", "")
    assert screening.indicator_set_id is None and screening.consent_set_id is None
    assert not any(getattr(screening, f"informed_of_{i}") for i in ("purpose", "data_use"))
    assert screening.immediate_needs == [] and not screening.urgent_referral_made
    assert screening.client_id is None and screening.case_id is None
    assert all(getattr(screening, f"{f}_sealed") is None for f in SCREENING_SEALED_FIELDS)


def test_refusal_at_the_start_keeps_only_sex_age_band_nationality_and_location(kh, kh_agency):
    screener = staff(kh_agency, CaseworkRole.SCREENER)
    screening = start(screener, kh_agency, consent_to_interview="no", **KEPT)
    _only_kept(screening)
    fields = {f for e in AuditEvent.objects.all() for f in e.changes.get("fields", [])}
    assert "province" not in fields and "interview_language" not in fields


def test_refusal_later_clears_what_the_interview_recorded(kh, kh_agency):
    screener = staff(kh_agency, CaseworkRole.SCREENER)
    screening = start(screener, kh_agency, **KEPT)
    screening_answer(
        actor=screener,
        screening=screening,
        answers={"dr-s": "yes"},
        exploitation_notes="Held at a compound near the river",
        immediate_needs=["medical"],
        urgent_referral_made=True,
    )
    screening_refuse_consent(actor=screener, screening=screening, consent="refused")
    _only_kept(screening)


def test_triage_suggests_and_an_override_needs_a_reason(kh, kh_agency):
    screener = staff(kh_agency, CaseworkRole.SCREENER)
    screening = start(screener, kh_agency)
    screening_answer(actor=screener, screening=screening, answers={"dr-s": "yes"})
    screening_submit(actor=screener, screening=screening)
    with pytest.raises(TransitionRefused, match="reason is required"):
        screening_triage(
            actor=screener,
            screening=screening,
            confirmed_outcome=Screening.Outcome.PRESUMED_VICTIM,
        )
    assert Screening.objects.get(pk=screening.pk).state == Screening.State.SUBMITTED
    screening_triage(
        actor=screener,
        screening=screening,
        confirmed_outcome=Screening.Outcome.PRESUMED_VICTIM,
        override_reason="Says she was sold on to a second compound",
    )
    screening.refresh_from_db()
    assert screening.state == Screening.State.INDICATORS_PRESENT
    assert screening.suggested_outcome == Screening.Outcome.INDICATORS_PRESENT
    assert screening.confirmed_outcome == Screening.Outcome.PRESUMED_VICTIM
    assert screening.is_override
    assert screening.dimensions_met == ["deceptive_recruitment"]
    assert screening.override_reason_sealed is not None


def test_confirming_the_suggestion_needs_no_reason(kh, kh_agency):
    screener = staff(kh_agency, CaseworkRole.SCREENER)
    screening = _to_indicators_present(screener, start(screener, kh_agency))
    assert screening.suggested_outcome == screening.confirmed_outcome == "presumed_victim"
    assert not screening.is_override and screening.override_reason_sealed is None


@pytest.mark.parametrize("days", [None, 10])
def test_presumed_victim_becomes_client_case_and_preliminary_identification(kh, kh_agency, days):
    if days is not None:
        CountryCaseworkSettings.objects.create(country=kh, identification_due_days=days)
    worker = staff(kh_agency, CaseworkRole.CASE_WORKER)
    screening = _to_indicators_present(worker, start(worker, kh_agency))
    _refer(worker, screening)

    screening.refresh_from_db()
    assert screening.state == Screening.State.PRESUMED_VICTIM
    client, case = screening.client, screening.case
    assert (client.sex, client.age_band, client.nationality) == ("female", "25-34", "VN")
    assert client.owner_agency == kh_agency and client.created_by == worker
    assert case.client == client and case.stage == Case.Stage.PRESUMED
    assert case.case_worker == worker and case.status == Case.Status.OPEN
    decision = IdentificationDecision.objects.get(screening=screening)
    assert decision.client == client and decision.case == case
    assert decision.status == "PossibleVictimOfTrafficking"
    assert decision.level == "preliminary" and decision.state == "preliminary"
    assert decision.decision_agency == kh_agency and decision.decided_by == worker
    assert decision.decision_making_org_type == "NGO"
    assert decision.notify_country_of_origin  # a Vietnamese national screened in Cambodia
    assert decision.reasons == screening.dimensions_met
    due = timezone.localdate() + dt.timedelta(days=days or 15)
    assert decision.formal_identification_due == due


def test_a_failed_referral_writes_nothing(kh, kh_agency):
    worker = staff(kh_agency, CaseworkRole.CASE_WORKER)
    screening = _to_indicators_present(worker, start(worker, kh_agency))
    version = screening.version
    with pytest.raises(ValidationError):
        screening_refer_for_identification(
            actor=worker,
            screening=screening,
            identity=sample_identity(first_name="", last_name="", local_script_name=""),
        )
    stored = Screening.objects.get(pk=screening.pk)
    assert (stored.state, stored.version) == (Screening.State.INDICATORS_PRESENT, version)
    assert not Case.objects.exists() and not IdentificationDecision.objects.exists()


def test_compelled_acts_are_never_a_reason_to_screen_out(kh, kh_agency):
    worker = staff(kh_agency, CaseworkRole.CASE_WORKER)
    screening = start(worker, kh_agency)
    screening_answer(
        actor=worker, screening=screening, unlawful_acts="Made to run online scams on quota"
    )
    _to_indicators_present(worker, screening)
    _refer(worker, screening)
    assert screening.state == Screening.State.PRESUMED_VICTIM
    # No guard of the workflow reads the restricted field.
    for transition in SCREENING.table.values():
        if transition.guard is not None:
            code = transition.guard.__code__
            assert not any("unlawful" in str(n) for n in (*code.co_names, *code.co_consts))


def test_who_may_act(kh, la, kh_agency):
    screener = staff(kh_agency, CaseworkRole.SCREENER)
    other_screener = staff(kh_agency, CaseworkRole.SCREENER)
    supervisor = staff(kh_agency, CaseworkRole.CASE_SUPERVISOR)
    elsewhere = staff(make_agency(la), CaseworkRole.CASE_SUPERVISOR)
    admin = staff(kh_agency, CaseworkRole.AGENCY_ADMIN)
    with pytest.raises(PermissionDenied):
        start(admin, kh_agency)
    with pytest.raises(PermissionDenied):
        start(elsewhere, kh_agency)
    screening = start(screener, kh_agency)
    with pytest.raises(Http404):
        screening_submit(actor=other_screener, screening=screening)
    with pytest.raises(Http404):
        screening_submit(actor=elsewhere, screening=screening)
    with pytest.raises(PermissionDenied):
        screening_void(actor=screener, screening=screening, reason="Mistake")
    screening_void(actor=supervisor, screening=screening, reason="Mistake")
    assert Screening.objects.get(pk=screening.pk).state == Screening.State.VOIDED


def test_a_consent_script_is_not_a_set_of_indicators(kh, kh_agency):
    from pathways.casework.tests.screening_helpers import CONSENT

    screener = staff(kh_agency, CaseworkRole.SCREENER)
    with pytest.raises(ValidationError):
        start(screener, kh_agency, indicator_set=load_set(CONSENT))
    screening = screening_start(
        actor=screener,
        agency=kh_agency,
        location_type="hotline",
        sex="female",
        age_band="12-17",
        consent_set=load_set(CONSENT),
    )
    with pytest.raises(TransitionRefused, match="consent"):
        screening_submit(actor=screener, screening=screening)


NEEDLES = [
    "Sreyneang",
    "Chhorvann",
    "Held at Compound Tigerlily",
    "Ordered to defraud strangers",
    "Second compound Hibiscus",
    "Duplicate of Rathanak",
]


def test_no_sealed_value_in_the_audit_trail_or_the_access_log(kh, kh_agency):
    worker = staff(kh_agency, CaseworkRole.CASE_WORKER)
    supervisor = staff(kh_agency, CaseworkRole.CASE_SUPERVISOR)
    screening = start(worker, kh_agency)
    screening_answer(
        actor=worker,
        screening=screening,
        exploitation_notes=NEEDLES[2],
        unlawful_acts=NEEDLES[3],
    )
    _to_indicators_present(
        worker,
        screening,
        answers={"dr-s": "yes"},
        override_reason=NEEDLES[4],
    )
    _refer(worker, screening)
    other = start(worker, kh_agency)
    screening_void(actor=supervisor, screening=other, reason=NEEDLES[5])

    dumped = serializers.serialize("json", [*AuditEvent.objects.all(), *AccessEvent.objects.all()])
    screenings = serializers.serialize("json", Screening.objects.all())
    for needle in NEEDLES:
        assert needle not in dumped
        assert needle not in screenings
    assert reading.screening_answers_for_services(screening) == {"dr-s": "yes"}


def test_key_rotation_reseals_screenings_and_decisions(kh, kh_agency):
    from pathways.casework.services import data_key_rotate

    worker = staff(kh_agency, CaseworkRole.CASE_WORKER)
    screening = _to_indicators_present(worker, start(worker, kh_agency))
    _refer(worker, screening)
    result = data_key_rotate(actor=None, country=kh)
    screening.refresh_from_db()
    decision = IdentificationDecision.objects.get(screening=screening)
    assert screening.data_key_id == decision.data_key_id == result.key_id
    assert reading.screening_answers_for_services(screening) == PRESUMED
    assert result.retired  # nothing is left under the older key
