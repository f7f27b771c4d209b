"""Casework workflows as tables (casework.md §3): each machine is one table of
(state, action) -> Transition(to_state, guard, effect), and `fire` is the only way a record
changes state.

`fire` refuses a pair that is not in the table, naming the record's state and the action;
runs the guard (a refusal is its message); moves the state with a compare-and-swap on the
record's `version` (of two people acting at once, the second is told and nothing is
written); runs the effect; and records the audit entry, by field names only — all in one
transaction. The services (`services/screening.py`, ...) check who may act, then call it:
one keyword-only function per action.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record_without_values
from pathways.casework.models import (
    Case,
    IdentificationDecision,
    Referral,
    ReturnRequest,
    Screening,
    Transfer,
)

# A guard returns why the action is refused (translated text), or None to let it run.
Guard = Callable[..., str | None]
# An effect writes what the action does beyond the state and returns the fields it wrote.
Effect = Callable[..., list[str]]
# Columns that follow the state (a case's status), written in the same UPDATE as the state so
# no moment breaks a constraint between them: (record, target state) -> column -> value.
Companions = Callable[[Any, str], dict[str, Any]]


class TransitionRefused(Exception):
    """The action is not possible now; the message says why, in the user's language."""


class ConcurrentChange(TransitionRefused):
    """Someone else changed the record since it was loaded; nothing was written."""


@dataclass(frozen=True)
class Transition:
    """Where an action leads. Several `to` states (a triage) mean the service names the one
    reached, which must be among them."""

    to: str | tuple[str, ...]
    guard: Guard | None = None
    effect: Effect | None = None

    @property
    def targets(self) -> tuple[str, ...]:
        return self.to if isinstance(self.to, tuple) else (self.to,)


@dataclass(frozen=True)
class Machine:
    """One workflow: the model it moves, what its records and actions are called, and its
    table."""

    model: type[models.Model]
    record_name: Promise  # "screening", as a sentence says it
    actions: Mapping[str, Promise]  # action code -> what a sentence calls it
    table: Mapping[tuple[str, str], Transition] = field(default_factory=dict)
    state_field: str = "state"
    companions: Companions | None = None

    def state_label(self, state: str) -> str:
        choices = dict(self.model._meta.get_field(self.state_field).flatchoices)
        return str(choices.get(state, state))

    def allowed_actions(self, state: str) -> list[str]:
        return [action for (from_state, action) in self.table if from_state == state]


def fire(
    machine: Machine,
    record: models.Model,
    action: str,
    *,
    actor: Any,
    to: str | None = None,
    source: str = AuditEvent.Source.WEB,
    **kwargs: Any,
) -> models.Model:
    """Take `action` on `record` (loaded at its `version`); TransitionRefused, with nothing
    written, when the table, the guard or a concurrent change forbids it. The guard and the
    effect are called with the record, `actor` and `kwargs`."""
    if action not in machine.actions:
        raise ValueError(f"{action!r} is not an action of this workflow.")
    state = getattr(record, machine.state_field)
    transition = machine.table.get((state, action))
    if transition is None:
        raise TransitionRefused(_not_allowed(machine, state, action))
    target = _target(transition, to)
    with transaction.atomic():
        if transition.guard is not None:
            refusal = transition.guard(record, actor=actor, **kwargs)
            if refusal:
                raise TransitionRefused(refusal)
        followed = _compare_and_swap(machine, record, state, target)
        written = transition.effect(record, actor=actor, **kwargs) if transition.effect else []
        audit_record_without_values(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=record,
            fields=[machine.state_field, "version", *followed, *written],
            source=source,
        )
    return record


def _target(transition: Transition, to: str | None) -> str:
    if to is None and len(transition.targets) == 1:
        return transition.targets[0]
    if to not in transition.targets:
        raise ValueError(f"This action leads to one of {transition.targets}, not {to!r}.")
    return to


def _not_allowed(machine: Machine, state: str, action: str) -> str:
    return _("A %(record)s that is “%(state)s” cannot be %(action)s.") % {
        "record": machine.record_name,
        "state": machine.state_label(state),
        "action": machine.actions[action],
    }


def _compare_and_swap(machine: Machine, record: models.Model, state: str, target: str) -> list[str]:
    """Move the row from (`state`, its loaded version) to `target` and the next version, with
    the columns that follow the state; the row stays locked until the transaction ends. No
    row moved: someone else acted first. Returns the following columns written."""
    loaded = record.version  # type: ignore[attr-defined]
    followed = machine.companions(record, target) if machine.companions else {}
    moved = machine.model._default_manager.filter(
        pk=record.pk, version=loaded, **{machine.state_field: state}
    ).update(**{machine.state_field: target, "version": loaded + 1, **followed})
    if moved != 1:
        raise ConcurrentChange(
            _(
                "Someone else changed this %(record)s while you were working on it; nothing "
                "was saved. Reload it to see what they did, then try again."
            )
            % {"record": machine.record_name}
        )
    setattr(record, machine.state_field, target)
    record.version = loaded + 1  # type: ignore[attr-defined]
    for name, value in followed.items():
        setattr(record, name, value)
    return list(followed)


# --- the tables ----------------------------------------------------------------------------------
#
# Which moves exist, as data; the guards and effects live with the services that own them
# (`services/screening.py` builds its machine from these moves with `machine`).

S = Screening.State
SCREENING_ACTIONS: dict[str, Promise] = {
    "take_over": gettext_lazy("taken over by another screener"),
    "answer": gettext_lazy("answered"),
    "refuse_consent": gettext_lazy("recorded as refused"),
    "submit": gettext_lazy("submitted"),
    "triage": gettext_lazy("triaged"),
    "refer_for_identification": gettext_lazy("referred for identification"),
    "no_consent_to_continue": gettext_lazy("closed for lack of consent to continue"),
    "offer_other_services": gettext_lazy("closed with other services offered"),
    "mark_duplicate": gettext_lazy("marked as a duplicate"),
    "void": gettext_lazy("voided"),
}
SCREENING_NOT_FINAL = (S.DRAFT, S.SUBMITTED, S.INDICATORS_PRESENT, S.NO_INDICATORS)
SCREENING_MOVES: dict[tuple[str, str], str | tuple[str, ...]] = {
    (S.DRAFT, "take_over"): S.DRAFT,
    (S.DRAFT, "answer"): S.DRAFT,
    (S.DRAFT, "refuse_consent"): S.DECLINED_BY_PERSON,
    (S.DRAFT, "submit"): S.SUBMITTED,
    (S.SUBMITTED, "triage"): (S.INDICATORS_PRESENT, S.NO_INDICATORS),
    (S.INDICATORS_PRESENT, "refer_for_identification"): S.PRESUMED_VICTIM,
    (S.INDICATORS_PRESENT, "no_consent_to_continue"): S.DECLINED_BY_PERSON,
    (S.NO_INDICATORS, "offer_other_services"): S.CLOSED_NO_INDICATORS,
    (S.SUBMITTED, "mark_duplicate"): S.DUPLICATE,
    (S.INDICATORS_PRESENT, "mark_duplicate"): S.DUPLICATE,
    **{(state, "void"): S.VOIDED for state in SCREENING_NOT_FINAL},
}

# Identification (§3.2). The workflow's state is carried by the client's latest decision: a
# decision recorded (or a review's outcome, or a foreign decision recognised) is a new row
# that supersedes the one the action was taken on, which keeps the state it reached.
D = IdentificationDecision.State
IDENTIFICATION_ACTIONS: dict[str, Promise] = {
    "schedule_interview": gettext_lazy("given an interview date"),
    "reschedule": gettext_lazy("given another interview date"),
    "record_decision": gettext_lazy("decided"),
    "request_review": gettext_lazy("sent for review"),
    "record_review": gettext_lazy("given a review's outcome"),
    "recognise_foreign_decision": gettext_lazy("settled by recognising another country's decision"),
}
IDENTIFICATION_MOVES: dict[tuple[str, str], str | tuple[str, ...]] = {
    (D.PRELIMINARY, "schedule_interview"): D.INTERVIEW_SCHEDULED,
    (D.INTERVIEW_SCHEDULED, "reschedule"): D.INTERVIEW_SCHEDULED,
    (D.INTERVIEW_SCHEDULED, "record_decision"): (D.IDENTIFIED, D.NOT_IDENTIFIED),
    (D.IDENTIFIED, "request_review"): D.UNDER_REVIEW,
    (D.NOT_IDENTIFIED, "request_review"): D.UNDER_REVIEW,
    (D.UNDER_REVIEW, "record_review"): (D.IDENTIFIED, D.NOT_IDENTIFIED),
    (D.PRELIMINARY, "recognise_foreign_decision"): D.IDENTIFIED,
}

# The case (§3.3). Rejecting a closure returns to the stage the closure was asked from,
# which the case keeps (`stage_before_closure`): one of the three below.
C = Case.Stage
CASE_ACTIONS: dict[str, Promise] = {
    "confirm_identification": gettext_lazy("opened on a formal identification"),
    "start_assessment": gettext_lazy("moved to assessment"),
    "submit_plan": gettext_lazy("given a plan to approve"),
    "approve_plan": gettext_lazy("given an approved plan"),
    "reject_plan": gettext_lazy("sent back to assessment"),
    "start_reintegration": gettext_lazy("moved to reintegration"),
    "start_monitoring": gettext_lazy("moved to monitoring"),
    "request_closure": gettext_lazy("put forward for closure"),
    "approve_closure": gettext_lazy("closed"),
    "reject_closure": gettext_lazy("kept open against a closure request"),
    "reopen": gettext_lazy("reopened"),
    "identification_negative_and_close": gettext_lazy("closed as not a victim, referred elsewhere"),
}
CASE_CLOSABLE = (C.SERVICES, C.REINTEGRATION, C.MONITORING)
CASE_MOVES: dict[tuple[str, str], str | tuple[str, ...]] = {
    (C.PRESUMED, "confirm_identification"): C.OPEN,
    (C.OPEN, "start_assessment"): C.ASSESSMENT,
    (C.ASSESSMENT, "submit_plan"): C.PLAN_PENDING_APPROVAL,
    (C.PLAN_PENDING_APPROVAL, "approve_plan"): C.SERVICES,
    (C.PLAN_PENDING_APPROVAL, "reject_plan"): C.ASSESSMENT,
    (C.SERVICES, "start_reintegration"): C.REINTEGRATION,
    (C.REINTEGRATION, "start_monitoring"): C.MONITORING,
    **{(stage, "request_closure"): C.CLOSURE_PENDING for stage in CASE_CLOSABLE},
    (C.CLOSURE_PENDING, "approve_closure"): C.CLOSED,
    (C.CLOSURE_PENDING, "reject_closure"): CASE_CLOSABLE,
    (C.CLOSED, "reopen"): C.OPEN,
    (C.PRESUMED, "identification_negative_and_close"): C.CLOSED,
}


# A referral between agencies (§3.4). Expiry is the deadline job's action; escalations (an
# expired offer to the NRM coordinator, a late first contact) are flags, not states, and a
# re-route is a new referral (`rerouted_from`). Declined, expired, revoked and closed are
# final.
R = Referral.Status
REFERRAL_ACTIONS: dict[str, Promise] = {
    "offer": gettext_lazy("offered"),
    "accept": gettext_lazy("accepted"),
    "decline": gettext_lazy("declined"),
    "expire": gettext_lazy("expired"),
    "record_first_contact": gettext_lazy("given its first contact"),
    "complete": gettext_lazy("completed"),
    "cannot_complete": gettext_lazy("recorded as not completed"),
    "acknowledge": gettext_lazy("closed"),
    "revoke": gettext_lazy("revoked"),
}
REFERRAL_REVOCABLE = (R.DRAFT, R.OFFERED, R.ACCEPTED, R.IN_PROGRESS)
REFERRAL_FINAL = (R.DECLINED, R.EXPIRED, R.REVOKED, R.CLOSED)
REFERRAL_MOVES: dict[tuple[str, str], str | tuple[str, ...]] = {
    (R.DRAFT, "offer"): R.OFFERED,
    (R.OFFERED, "accept"): R.ACCEPTED,
    (R.OFFERED, "decline"): R.DECLINED,
    (R.OFFERED, "expire"): R.EXPIRED,
    (R.ACCEPTED, "record_first_contact"): R.IN_PROGRESS,
    (R.IN_PROGRESS, "complete"): R.COMPLETED,
    (R.IN_PROGRESS, "cannot_complete"): R.NOT_COMPLETED,
    (R.COMPLETED, "acknowledge"): R.CLOSED,
    (R.NOT_COMPLETED, "acknowledge"): R.CLOSED,
    **{(status, "revoke"): R.REVOKED for status in REFERRAL_REVOCABLE},
}

# A transfer of case ownership (§3.5): every decision is final.
T = Transfer.Status
TRANSFER_ACTIONS: dict[str, Promise] = {
    "accept": gettext_lazy("accepted"),
    "reject": gettext_lazy("rejected"),
    "revoke": gettext_lazy("revoked"),
}
TRANSFER_MOVES: dict[tuple[str, str], str | tuple[str, ...]] = {
    (T.REQUESTED, "accept"): T.ACCEPTED,
    (T.REQUESTED, "reject"): T.REJECTED,
    (T.REQUESTED, "revoke"): T.REVOKED,
}

# A return across a border (§3.6). The person may withdraw, and a safety risk puts the return
# on hold, at any step before the hand-over; resuming (with the supervisor and a risk
# assessment) returns to the step the hold was put on from, which the return keeps
# (`on_hold_from`). Closed and withdrawn are final. A scheduled return is given its date
# (`schedule`, again to move it) and its hand-over referral is offered (`offer_handover`,
# again after a decline or an expiry) without leaving the step; `hand_over` is taken when the
# home-country agency accepts that referral (`services/returns.py`).
H = ReturnRequest.Status
RETURN_ACTIONS: dict[str, Promise] = {
    "start_verification": gettext_lazy("sent for nationality verification"),
    "verify_nationality": gettext_lazy("given a verified nationality"),
    "find_not_national": gettext_lazy("closed as not a national"),
    "issue_documents": gettext_lazy("given its travel documents"),
    "schedule": gettext_lazy("given a date"),
    "offer_handover": gettext_lazy("offered for hand-over"),
    "hand_over": gettext_lazy("handed over"),
    "close": gettext_lazy("closed"),
    "withdraw": gettext_lazy("withdrawn by the person"),
    "flag_safety_risk": gettext_lazy("put on hold for a safety risk"),
    "resume": gettext_lazy("resumed"),
}
RETURN_BEFORE_HANDOVER = (
    H.REQUESTED,
    H.NATIONALITY_VERIFICATION,
    H.DOCUMENTS_PENDING,
    H.RETURN_SCHEDULED,
)
RETURN_MOVES: dict[tuple[str, str], str | tuple[str, ...]] = {
    (H.REQUESTED, "start_verification"): H.NATIONALITY_VERIFICATION,
    (H.NATIONALITY_VERIFICATION, "verify_nationality"): H.DOCUMENTS_PENDING,
    (H.NATIONALITY_VERIFICATION, "find_not_national"): H.CLOSED,
    (H.DOCUMENTS_PENDING, "issue_documents"): H.RETURN_SCHEDULED,
    (H.RETURN_SCHEDULED, "schedule"): H.RETURN_SCHEDULED,
    (H.RETURN_SCHEDULED, "offer_handover"): H.RETURN_SCHEDULED,
    (H.RETURN_SCHEDULED, "hand_over"): H.HANDED_OVER,
    (H.HANDED_OVER, "close"): H.CLOSED,
    **{(status, "withdraw"): H.WITHDRAWN for status in (*RETURN_BEFORE_HANDOVER, H.ON_HOLD)},
    **{(status, "flag_safety_risk"): H.ON_HOLD for status in RETURN_BEFORE_HANDOVER},
    (H.ON_HOLD, "resume"): RETURN_BEFORE_HANDOVER,
}


def machine(
    model: type[models.Model],
    record_name: Promise,
    actions: Mapping[str, Promise],
    moves: Mapping[tuple[str, str], str | tuple[str, ...]],
    rules: Mapping[str, tuple[Guard | None, Effect | None]],
    state_field: str = "state",
    companions: Companions | None = None,
) -> Machine:
    """A machine from its moves and, per action, its guard and effect."""
    missing = sorted({action for _state, action in moves} - set(rules))
    if missing:
        raise ValueError(f"Actions without their guard and effect: {missing}")
    table = {
        (state, action): Transition(to, *rules[action]) for (state, action), to in moves.items()
    }
    return Machine(
        model=model,
        record_name=record_name,
        actions=actions,
        table=table,
        state_field=state_field,
        companions=companions,
    )
