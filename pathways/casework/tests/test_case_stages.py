"""The case workflow as a table (casework.md §3.3): every stage × action pair moves the case to
the table's stage or is refused naming its stage, nothing written; the coarse status follows
the stage; a presumed victim's case opens or closes on the authoritative identification;
approvals and reopening by the supervisor only; a rejected closure returns to the stage it was
asked from; two people acting at once: the second is told; no sealed value in the audit."""

from __future__ import annotations

import pytest
from django.core import serializers
from django.core.exceptions import PermissionDenied
from django.http import Http404

from pathways.audit.models import AuditEvent
from pathways.casework.models import (
    AccessEvent,
    Case,
    CaseNote,
    CaseworkRole,
    IdentificationDecision,
)
from pathways.casework.services import (
    case_approve_closure,
    case_approve_plan,
    case_confirm_identification,
    case_identification_negative_and_close,
    case_reject_closure,
    case_reject_plan,
    case_reopen,
    case_request_closure,
    case_start_assessment,
    case_start_monitoring,
    case_start_reintegration,
    case_submit_plan,
    identification_record_decision,
    identification_schedule_interview,
)
from pathways.casework.services.case_stages import CASE
from pathways.casework.tests.conftest import open_case_for, register, staff
from pathways.casework.tests.identification_helpers import (
    case_in_stage,
    formal_decision,
    name_formal_identifier,
    presumed,
)
from pathways.casework.transitions import (
    CASE_ACTIONS,
    CASE_MOVES,
    ConcurrentChange,
    TransitionRefused,
)

Stage = Case.Stage
Status = IdentificationDecision.Status
Reason = Case.ClosureReason


def _act(action: str, actor, case: Case) -> Case:
    calls = {
        "confirm_identification": lambda: case_confirm_identification(actor=actor, case=case),
        "start_assessment": lambda: case_start_assessment(actor=actor, case=case),
        "submit_plan": lambda: case_submit_plan(actor=actor, case=case),
        "approve_plan": lambda: case_approve_plan(actor=actor, case=case),
        "reject_plan": lambda: case_reject_plan(actor=actor, case=case),
        "start_reintegration": lambda: case_start_reintegration(actor=actor, case=case),
        "start_monitoring": lambda: case_start_monitoring(actor=actor, case=case),
        "request_closure": lambda: case_request_closure(
            actor=actor, case=case, reason=Reason.GOALS_ACHIEVED
        ),
        "approve_closure": lambda: case_approve_closure(actor=actor, case=case),
        "reject_closure": lambda: case_reject_closure(actor=actor, case=case),
        "reopen": lambda: case_reopen(actor=actor, case=case, reason="New risk reported"),
        "identification_negative_and_close": lambda: case_identification_negative_and_close(
            actor=actor, case=case
        ),
    }
    return calls[action]()


# What the identification must be for an action's guard to let it run.
NEEDS = {
    "confirm_identification": Status.ACTUAL,
    "identification_negative_and_close": Status.NOT_A_VICTIM,
}


def test_every_action_has_its_rule_and_every_move_is_in_the_machine():
    assert set(CASE.actions) == set(CASE_ACTIONS)
    assert set(CASE.table) == set(CASE_MOVES)
    assert {stage for stage, _action in CASE.table} <= set(Stage.values)


@pytest.mark.parametrize("action", list(CASE_ACTIONS))
@pytest.mark.parametrize("stage", Stage.values)
def test_every_stage_and_action(kh, kh_agency, stage, action):
    supervisor = staff(kh_agency, CaseworkRole.CASE_SUPERVISOR)
    case = case_in_stage(open_case_for(register(kh, kh_agency), stage=Stage.PRESUMED), stage)
    if action in NEEDS:
        formal_decision(case, NEEDS[action])
    target = CASE_MOVES.get((stage, action))
    if target is None:
        with pytest.raises(TransitionRefused) as refused:
            _act(action, supervisor, case)
        assert str(Stage(stage).label) in str(refused.value)
        assert str(CASE_ACTIONS[action]) in str(refused.value)
        stored = Case.objects.get(pk=case.pk)
        assert (stored.stage, stored.version, stored.status) == (stage, case.version, case.status)
        return
    _act(action, supervisor, case)
    expected = Stage.MONITORING if action == "reject_closure" else target
    stored = Case.objects.get(pk=case.pk)
    assert stored.stage == expected
    assert stored.version == case.version >= 1
    closed = expected == Stage.CLOSED
    assert stored.status == (Case.Status.CLOSED if closed else Case.Status.OPEN)
    assert (stored.closed_on is not None) == closed
    entry = AuditEvent.objects.filter(
        object_id=str(case.pk), content_type__model="case", action=AuditEvent.Action.UPDATE
    ).order_by("-id")[0]
    assert "stage" in entry.changes["fields"]


def test_a_presumed_victims_case_opens_on_a_formal_identification_only(kh, kh_agency):
    name_formal_identifier(kh_agency)
    supervisor = staff(kh_agency, CaseworkRole.CASE_SUPERVISOR)
    decision = presumed(supervisor, kh_agency)
    case = Case.objects.get(pk=decision.case_id)
    with pytest.raises(TransitionRefused, match="formal identification finds the person a victim"):
        case_confirm_identification(actor=supervisor, case=case)
    identification_schedule_interview(
        actor=supervisor, decision=decision, agency=kh_agency, when=decision.decided_at
    )
    preliminary = identification_record_decision(
        actor=supervisor,
        decision=decision,
        agency=kh_agency,
        status=Status.ACTUAL,
        level=IdentificationDecision.Level.PRELIMINARY,
    ).decision
    with pytest.raises(TransitionRefused, match="formal identification"):
        case_confirm_identification(actor=supervisor, case=case)
    assert preliminary.level == IdentificationDecision.Level.PRELIMINARY
    formal_decision(case, Status.ACTUAL)
    case_confirm_identification(actor=supervisor, case=case)
    assert Case.objects.get(pk=case.pk).stage == Stage.OPEN


def test_not_a_victim_closes_only_by_the_case_workers_choice(kh, kh_agency):
    worker = staff(kh_agency, CaseworkRole.CASE_WORKER)
    case = open_case_for(register(kh, kh_agency), stage=Stage.PRESUMED, case_worker=worker)
    with pytest.raises(TransitionRefused, match="not a victim of trafficking"):
        case_identification_negative_and_close(actor=worker, case=case)
    formal_decision(case, Status.NOT_A_VICTIM)
    assert Case.objects.get(pk=case.pk).stage == Stage.PRESUMED  # the decision alone closes nothing
    case_identification_negative_and_close(actor=worker, case=case, note="Referred to IOM")
    stored = Case.objects.get(pk=case.pk)
    assert (stored.stage, stored.status) == (Stage.CLOSED, Case.Status.CLOSED)
    assert stored.closure_reason == Reason.NOT_A_VICTIM_REFERRED


def test_a_rejected_closure_returns_to_the_stage_it_was_asked_from(kh, kh_agency):
    supervisor = staff(kh_agency, CaseworkRole.CASE_SUPERVISOR)
    case = case_in_stage(open_case_for(register(kh, kh_agency)), Stage.REINTEGRATION)
    with pytest.raises(TransitionRefused, match="reason for closing"):
        case_request_closure(actor=supervisor, case=case, reason="")
    case_request_closure(actor=supervisor, case=case, reason=Reason.REPATRIATED)
    assert (case.stage_before_closure, case.closure_reason) == (
        Stage.REINTEGRATION,
        Reason.REPATRIATED,
    )
    case_reject_closure(actor=supervisor, case=case)
    stored = Case.objects.get(pk=case.pk)
    assert (stored.stage, stored.stage_before_closure, stored.closure_reason) == (
        Stage.REINTEGRATION,
        "",
        "",
    )
    case_request_closure(actor=supervisor, case=stored, reason=Reason.REPATRIATED)
    case_approve_closure(actor=supervisor, case=stored)
    stored = Case.objects.get(pk=case.pk)
    assert (stored.stage, stored.status, stored.closure_approved_by) == (
        Stage.CLOSED,
        Case.Status.CLOSED,
        supervisor,
    )
    with pytest.raises(TransitionRefused, match="reason is required"):
        case_reopen(actor=supervisor, case=stored, reason="  ")
    case_reopen(actor=supervisor, case=stored, reason="Returned to the shelter")
    stored = Case.objects.get(pk=case.pk)
    assert (stored.stage, stored.status, stored.closed_on, stored.closure_reason) == (
        Stage.OPEN,
        Case.Status.OPEN,
        None,
        "",
    )


@pytest.mark.parametrize(
    ("stage", "action"),
    [
        (Stage.PLAN_PENDING_APPROVAL, "approve_plan"),
        (Stage.PLAN_PENDING_APPROVAL, "reject_plan"),
        (Stage.CLOSURE_PENDING, "approve_closure"),
        (Stage.CLOSURE_PENDING, "reject_closure"),
        (Stage.CLOSED, "reopen"),
    ],
)
def test_a_case_worker_cannot_take_a_supervisors_action(kh, kh_agency, stage, action):
    worker = staff(kh_agency, CaseworkRole.CASE_WORKER)
    case = open_case_for(register(kh, kh_agency), case_worker=worker)
    case = case_in_stage(case, stage)
    with pytest.raises(PermissionDenied):
        _act(action, worker, case)
    stored = Case.objects.get(pk=case.pk)
    assert (stored.stage, stored.version) == (stage, 0)


def test_a_case_worker_not_on_the_case_cannot_move_it(kh, kh_agency):
    worker = staff(kh_agency, CaseworkRole.CASE_WORKER)
    other = staff(kh_agency, CaseworkRole.CASE_WORKER)
    case = open_case_for(register(kh, kh_agency), case_worker=worker)
    with pytest.raises(Http404):
        case_start_assessment(actor=other, case=case)
    case_start_assessment(actor=worker, case=case)
    assert Case.objects.get(pk=case.pk).stage == Stage.ASSESSMENT


def test_second_of_two_people_acting_at_once_is_told_and_nothing_is_lost(kh, kh_agency):
    worker = staff(kh_agency, CaseworkRole.CASE_WORKER)
    supervisor = staff(kh_agency, CaseworkRole.CASE_SUPERVISOR)
    created = case_in_stage(
        open_case_for(register(kh, kh_agency), case_worker=worker), Stage.SERVICES
    )
    mine = Case.objects.get(pk=created.pk)
    theirs = Case.objects.get(pk=created.pk)
    case_request_closure(actor=worker, case=mine, reason=Reason.GOALS_ACHIEVED)
    updates = AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE).count()
    with pytest.raises(ConcurrentChange, match="Someone else changed this case"):
        case_start_reintegration(actor=supervisor, case=theirs)
    stored = Case.objects.get(pk=created.pk)
    assert (stored.stage, stored.version) == (Stage.CLOSURE_PENDING, 1)
    assert (stored.closure_reason, stored.stage_before_closure) == (
        Reason.GOALS_ACHIEVED,
        Stage.SERVICES,
    )
    assert AuditEvent.objects.filter(action=AuditEvent.Action.UPDATE).count() == updates
    # Reloaded, the supervisor sees the request and decides on it.
    case_reject_closure(actor=supervisor, case=stored)
    assert Case.objects.get(pk=created.pk).stage == Stage.SERVICES


NEEDLES = ["Tuol Kork safe house", "Referred to the Legal Aid Centre", "Dissent: not coerced"]


def test_no_sealed_value_in_the_audit_trail(kh, kh_agency):
    name_formal_identifier(kh_agency)
    supervisor = staff(kh_agency, CaseworkRole.CASE_SUPERVISOR)
    decision = presumed(supervisor, kh_agency)
    identification_schedule_interview(
        actor=supervisor, decision=decision, agency=kh_agency, when=decision.decided_at
    )
    identification_record_decision(
        actor=supervisor,
        decision=decision,
        agency=kh_agency,
        status=Status.NOT_A_VICTIM,
        level=IdentificationDecision.Level.FORMAL,
        dissent_note=NEEDLES[2],
    )
    case = Case.objects.get(pk=decision.case_id)
    case_identification_negative_and_close(actor=supervisor, case=case, note=NEEDLES[1])
    case_reopen(actor=supervisor, case=case, reason=NEEDLES[0])

    dumped = serializers.serialize("json", [*AuditEvent.objects.all(), *AccessEvent.objects.all()])
    stored = serializers.serialize(
        "json",
        [*Case.objects.all(), *CaseNote.objects.all(), *IdentificationDecision.objects.all()],
    )
    for needle in NEEDLES:
        assert needle not in dumped
        assert needle not in stored
    assert CaseNote.objects.filter(case=case).count() == 2
    assert IdentificationDecision.objects.exclude(dissent_note_sealed=None).count() == 1
