"""Assessments and care plans of a case (casework.md §2.8, §3.3): each write keyword-only, in
one transaction with its audit entry (ids and field names, never a value), every text in the
person's or the worker's words sealed.

A care plan is written as a draft, submitted to the supervisor and approved or sent back. The
first plan moves the case through its stages (`case_submit_plan`, `case_approve_plan`,
`case_reject_plan`) when the case is in assessment; a revision of an approved plan is a new
version that needs approval again, while services go on under the plan in force.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record_without_values
from pathways.casework import sealing
from pathways.casework.access_care import require_care_write, require_plan_approval
from pathways.casework.models import (
    Assessment,
    AssessmentDomainSet,
    CarePlan,
    Case,
    CountryCaseworkSettings,
    Goal,
)
from pathways.casework.services.case_stages import (
    case_approve_plan,
    case_reject_plan,
    case_submit_plan,
)
from pathways.casework.transitions import ConcurrentChange, TransitionRefused
from pathways.lib.text import clean_text

Stage = Case.Stage
PlanState = CarePlan.State
# Stages in which a plan is written or revised: the first in assessment, revisions once
# services have begun.
PLAN_STAGES = (Stage.ASSESSMENT, Stage.SERVICES, Stage.REINTEGRATION, Stage.MONITORING)
ASSESSED_STAGES = (Stage.OPEN, *PLAN_STAGES, Stage.PLAN_PENDING_APPROVAL)


def care_text(value: str | None) -> str:
    return clean_text(value or "", multiline=True).strip()


def care_audit(
    actor: Any, record: Any, fields: list[str], source: str, create: bool = True
) -> None:
    audit_record_without_values(
        actor=actor,
        action=AuditEvent.Action.CREATE if create else AuditEvent.Action.UPDATE,
        instance=record,
        fields=fields,
        source=source,
    )


def _stage_refusal(case: Case, allowed: tuple[str, ...], what: str) -> None:
    if case.stage not in allowed:
        raise ValidationError(
            _("A case that is “%(stage)s” cannot have %(what)s.")
            % {"stage": case.get_stage_display(), "what": what}
        )


# --- assessments ----------------------------------------------------------------------------------


def assessment_record(
    *,
    actor: Any,
    case: Case,
    domain_set: AssessmentDomainSet,
    assessed_on: dt.date,
    scores: dict[str, int],
    notes: dict[str, str] | None = None,
    source: str = AuditEvent.Source.WEB,
) -> Assessment:
    """An assessment of the person: every domain of the set scored 1 to 4, a note per domain
    optional (sealed). ValidationError naming the field, nothing written, otherwise."""
    require_care_write(actor, case, Assessment)
    _stage_refusal(case, ASSESSED_STAGES, _("an assessment"))
    notes = {code: care_text(text) for code, text in (notes or {}).items()}
    errors: dict[str, str] = {}
    codes = domain_set.domain_codes
    for code in codes:
        if scores.get(code) not in (1, 2, 3, 4):
            errors[f"score_{code}"] = _("Give this domain a score from 1 to 4.")
    unknown = sorted((set(scores) | set(notes)) - set(codes))
    if unknown:
        errors["__all__"] = _("Some domains are not of this set: %(codes)s.") % {
            "codes": ", ".join(unknown)
        }
    if assessed_on > timezone.localdate():
        errors["assessed_on"] = _("An assessment cannot be dated in the future.")
    elif assessed_on < case.opened_on:
        errors["assessed_on"] = _("An assessment cannot be dated before the case opened.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        assessment = Assessment(
            case=case,
            domain_set=domain_set,
            assessed_on=assessed_on,
            assessor=actor,
            created_by=actor,
            scores={code: scores[code] for code in codes},
        )
        kept = {code: text for code, text in notes.items() if text}
        sealing.seal_record(assessment, {"notes": json.dumps(kept) if kept else ""})
        assessment.full_clean()
        assessment.save()
        fields = ["case", "domain_set", "assessed_on", "assessor", "scores"]
        care_audit(actor, assessment, fields + (["notes"] if kept else []), source)
    return assessment


# --- care plans -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoalInput:
    """One goal as written on the plan's form."""

    domain: str
    description: str
    services: str
    responsible: str
    target_date: dt.date
    status: str = Goal.Status.NOT_STARTED


def _check_plan(plan_type: str, planned_end: dt.date | None, goals: list[GoalInput]) -> None:
    errors: dict[str, str] = {}
    if plan_type not in CarePlan.Type.values:
        errors["plan_type"] = _("Choose the type of plan from the list.")
    if planned_end is not None and planned_end < timezone.localdate():
        errors["planned_end_date"] = _("The planned end date cannot be in the past.")
    if not goals:
        errors["__all__"] = _("A care plan needs at least one goal.")
    for i, goal in enumerate(goals):
        if not care_text(goal.description):
            errors[f"goal_{i}_description"] = _("Say what the goal is.")
        if not clean_text(goal.responsible or "").strip():
            errors[f"goal_{i}_responsible"] = _("Name who is responsible for the goal.")
        if goal.status not in Goal.Status.values:
            errors[f"goal_{i}_status"] = _("Choose the goal's status from the list.")
    if errors:
        raise ValidationError(errors)


def care_plan_save(
    *,
    actor: Any,
    case: Case,
    plan_type: str,
    objectives: str,
    action_plan: str = "",
    planned_end_date: dt.date | None = None,
    goals: list[GoalInput],
    source: str = AuditEvent.Source.WEB,
) -> CarePlan:
    """Write the plan being worked on: a draft or a plan sent back is rewritten in place
    (back to draft); otherwise a new version is started (the approved one stays in force until
    the new one is approved). A plan awaiting approval cannot be changed."""
    require_care_write(actor, case, CarePlan)
    _stage_refusal(case, PLAN_STAGES, _("its care plan written"))
    objectives = care_text(objectives)
    _check_plan(plan_type, planned_end_date, goals)
    if not objectives:
        raise ValidationError({"objectives": _("Write the plan's objectives.")})
    with transaction.atomic():
        # The case's row first: two people starting a plan at once make one version between
        # them (the later save rewrites the draft), never two versions of the same number.
        Case.objects.select_for_update().filter(pk=case.pk).first()
        plans = CarePlan.objects.select_for_update().filter(case=case)
        working = plans.filter(state__in=[PlanState.DRAFT, PlanState.RETURNED]).first()
        if plans.filter(state=PlanState.SUBMITTED).exists():
            raise ValidationError(
                _(
                    "A version of the plan awaits the supervisor's approval; it cannot be changed "
                    "until it is approved or sent back."
                )
            )
        created = working is None
        if working is None:
            last = plans.order_by("-number").first()
            working = CarePlan(case=case, number=(last.number + 1) if last else 1, created_by=actor)
        working.state = PlanState.DRAFT
        working.plan_type, working.planned_end_date = plan_type, planned_end_date
        sealing.seal_record(
            working, {"objectives": objectives, "action_plan": care_text(action_plan)}
        )
        working.full_clean()
        working.save()
        working.goals.all().delete()
        for goal in goals:
            _goal_create(working, goal, actor)
        fields = ["state", "plan_type", "planned_end_date", "objectives", "action_plan", "goals"]
        care_audit(
            actor, working, (["case", "number"] if created else []) + fields, source, created
        )
    return working


def _goal_create(plan: CarePlan, goal: GoalInput, actor: Any) -> Goal:
    row = Goal(
        plan=plan,
        case=plan.case,
        domain=goal.domain,
        responsible=clean_text(goal.responsible).strip(),
        target_date=goal.target_date,
        status=goal.status,
        created_by=actor,
    )
    sealing.seal_record(
        row, {"description": care_text(goal.description), "services": care_text(goal.services)}
    )
    row.full_clean()
    row.save()
    return row


def _locked(plan: CarePlan, expected: str) -> CarePlan:
    """The plan's row, locked, still in the state the user saw; else they are told what
    happened meanwhile and nothing is written."""
    current = CarePlan.objects.select_for_update().select_related("case").get(pk=plan.pk)
    if current.state != expected:
        raise TransitionRefused(
            _(
                "This version of the plan is now “%(state)s”: someone acted on it meanwhile; "
                "nothing was saved. Reload the case to see it."
            )
            % {"state": current.get_state_display()}
        )
    return current


def care_plan_submit(
    *, actor: Any, plan: CarePlan, source: str = AuditEvent.Source.WEB
) -> CarePlan:
    """Send the draft to the supervisor. The first plan of a case in assessment moves the
    case to "plan awaiting approval"."""
    case = plan.case
    require_care_write(actor, case, CarePlan)
    _stage_refusal(case, PLAN_STAGES, _("a care plan submitted"))
    with transaction.atomic():
        plan = _locked(plan, PlanState.DRAFT)
        if case.stage == Stage.ASSESSMENT:
            case_submit_plan(actor=actor, case=case, source=source)
        plan.state, plan.submitted_by, plan.submitted_at = (
            PlanState.SUBMITTED,
            actor,
            timezone.now(),
        )
        plan.save(update_fields=["state", "submitted_by", "submitted_at", "updated_at"])
        care_audit(actor, plan, ["state", "submitted_by", "submitted_at"], source, create=False)
    return plan


def care_plan_approve(
    *, actor: Any, plan: CarePlan, source: str = AuditEvent.Source.WEB
) -> CarePlan:
    """The supervisor approves the version: it is in force (the one before it superseded),
    due for review after the country's interval; a case awaiting its first plan's approval
    moves to services."""
    case = plan.case
    require_plan_approval(actor, case)
    with transaction.atomic():
        plan = _locked(plan, PlanState.SUBMITTED)
        if case.stage == Stage.PLAN_PENDING_APPROVAL:
            case_approve_plan(actor=actor, case=case, source=source)
        previous = CarePlan.objects.filter(case=case, state=PlanState.APPROVED)
        for old in previous:
            old.state = PlanState.SUPERSEDED
            old.save(update_fields=["state", "updated_at"])
            care_audit(actor, old, ["state"], source, create=False)
        today = timezone.localdate()
        interval = CountryCaseworkSettings.settings_for(case.country_id).plan_review_interval_days
        plan.state, plan.approved_by, plan.approved_at = PlanState.APPROVED, actor, timezone.now()
        plan.review_due = today + dt.timedelta(days=interval)
        plan.save(update_fields=["state", "approved_by", "approved_at", "review_due", "updated_at"])
        care_audit(
            actor, plan, ["state", "approved_by", "approved_at", "review_due"], source, False
        )
    return plan


def care_plan_return(
    *, actor: Any, plan: CarePlan, source: str = AuditEvent.Source.WEB
) -> CarePlan:
    """The supervisor sends the version back to the case worker; a case awaiting its first
    plan's approval returns to assessment."""
    case = plan.case
    require_plan_approval(actor, case)
    with transaction.atomic():
        plan = _locked(plan, PlanState.SUBMITTED)
        if case.stage == Stage.PLAN_PENDING_APPROVAL:
            case_reject_plan(actor=actor, case=case, source=source)
        plan.state = PlanState.RETURNED
        plan.save(update_fields=["state", "updated_at"])
        care_audit(actor, plan, ["state"], source, create=False)
    return plan


def goal_status_set(
    *,
    actor: Any,
    goal: Goal,
    status: str,
    status_was: str | None = None,
    source: str = AuditEvent.Source.WEB,
) -> Goal:
    """How a goal of the plan in force stands now. With `status_was` (the status the writer
    last read), a goal changed since by someone else is left as it is: ConcurrentChange."""
    require_care_write(actor, goal.case, Goal)
    if status not in Goal.Status.values:
        raise ValidationError({"status": _("Choose the goal's status from the list.")})
    with transaction.atomic():
        now = Goal.objects.select_for_update().values_list("status", flat=True).get(pk=goal.pk)
        if status_was is not None and now != status_was:
            goal.status = now
            raise ConcurrentChange(
                _("Someone else changed this goal's status while you were working on it.")
            )
        goal.status = status
        goal.save(update_fields=["status", "updated_at"])
        care_audit(actor, goal, ["status"], source, create=False)
    return goal
