"""Casework: a case's care records through the API (docs/casework.md, "A case's records"):
assessments, the care plan and its versions and its goals' status, services delivered,
follow-ups and trafficking events.

Reached through the case (`access.case_for`: a case out of reach is a 404); read only
through `reading_care.open_care`, which opens the kinds of record the user may see and
records the read with via "api"; written only by the services the pages call, which check
who may (the case's team; a plan approved or sent back by the supervisor: 403 otherwise).
"""

# No `from __future__ import annotations`: django-ninja reads the parameter types of the
# views at import time.

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError

from pathways.api.schemas import PlainText
from pathways.audit.models import AuditEvent
from pathways.casework import reading_care
from pathways.casework.access import case_for, casework_scope
from pathways.casework.models import (
    AccessEvent,
    AssessmentDomainSet,
    CarePlan,
    Case,
    FollowUp,
    Goal,
    TraffickingEvent,
)
from pathways.casework.services import (
    assessment_record,
    care_plan_approve,
    care_plan_return,
    care_plan_save,
    care_plan_submit,
    followup_add,
    followup_done,
    goal_status_set,
    service_record,
    trafficking_event_save,
)
from pathways.casework.services.care import GoalInput
from pathways.casework.transitions import ConcurrentChange, TransitionRefused
from pathways.programs.models import Organisation

router = Router(tags=["casework"])
API = AuditEvent.Source.API


class GoalIn(Schema):
    domain: str
    description: PlainText = Field(..., max_length=2000)
    services: PlainText = Field("", max_length=2000)
    responsible: PlainText = Field(..., max_length=200)
    target_date: dt.date
    status: str = Goal.Status.NOT_STARTED


class PlanIn(Schema):
    plan_type: str
    objectives: PlainText = Field(..., max_length=10000)
    action_plan: PlainText = Field("", max_length=10000)
    planned_end_date: dt.date | None = None
    goals: list[GoalIn]


class AssessmentIn(Schema):
    domain_set: str = Field(..., description="The code of the set of domains.")
    assessed_on: dt.date
    scores: dict[str, int]
    notes: dict[str, PlainText] = {}


class FollowUpIn(Schema):
    kind: str
    what: PlainText = Field(..., max_length=2000)
    due_on: dt.date
    assigned_to: int | None = None


class FollowUpDoneIn(Schema):
    done_on: dt.date
    outcome: PlainText = Field("", max_length=2000)


class EventIn(Schema):
    kind: str
    country: str = Field(..., max_length=2)
    province: PlainText = Field("", max_length=200)
    site_type: str
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    description: PlainText = Field("", max_length=5000)


class GoalStatusIn(Schema):
    status: str = Field(..., description="The goal's status now: one of Goal's statuses.")
    status_was: str = Field(
        ..., description="The goal's status as you last read it (a change since is a 409)."
    )


class GoalStatusOut(Schema):
    id: int
    status: str


class ServiceIn(Schema):
    service_type: str = Field(..., description="An HTCDS service type value name.")
    provider: int = Field(..., description="The id of the agency that delivered it.")
    delivered_on: dt.date
    outcome: str
    note: PlainText = Field("", max_length=5000)


class CreatedOut(Schema):
    id: int


class PlanOut(Schema):
    id: int
    number: int
    state: str


def _case(request: HttpRequest, case_id: int) -> Case:
    if not casework_scope(request.user).is_casework_user:
        raise Http404("No such API endpoint.")
    return case_for(request.user, case_id)


def _plan_out(opened: Any) -> dict[str, Any] | None:
    if opened is None:
        return None
    plan = opened.plan
    return {
        "id": plan.pk,
        "number": plan.number,
        "state": plan.state,
        "plan_type": plan.plan_type,
        "planned_end_date": plan.planned_end_date,
        "review_due": plan.review_due,
        "objectives": opened.objectives,
        "action_plan": opened.action_plan,
        "goals": [
            {
                "id": goal.pk,
                "domain": goal.domain,
                "description": description,
                "services": services,
                "responsible": goal.responsible,
                "target_date": goal.target_date,
                "status": goal.status,
            }
            for goal, description, services in opened.goals
        ],
    }


@router.get("/casework/cases/{case_id}/care/", response=dict, url_name="casework_case_care")
def care_records(request: HttpRequest, case_id: int):
    """The case's care records you may see, opened and recorded: `assessments` (the latest
    ten), `plan_in_force` and `plan_working` (objectives, goals), `plan_versions`,
    `services_delivered` (the latest ten), `follow_ups` (the first ten: those not done
    first) and `trafficking_events`. 403 for a reader of the case who may see none of them."""
    case = _case(request, case_id)
    if not reading_care.permitted_parts(request.user, case):
        raise PermissionDenied(_("Only the case's team reads its care records."))
    view = reading_care.open_care(
        request.user, case, via=AccessEvent.Via.API, request=request, recent_assessments=False
    )
    return {
        "assessments": [
            {
                "id": a.pk,
                "domain_set": a.domain_set.code,
                "assessed_on": a.assessed_on,
                "scores": a.scores,
                "notes": notes,
            }
            for a, notes in (view.assessments.object_list if view.assessments else [])
        ],
        "plan_in_force": _plan_out(view.plan_in_force),
        "plan_working": _plan_out(view.plan_working),
        "plan_versions": [
            {"id": p.pk, "number": p.number, "state": p.state} for p in view.plan_versions
        ],
        "services_delivered": [
            {
                "id": s.pk,
                "service_type": s.service_type,
                "provider": s.provider_id,
                "delivered_on": s.delivered_on,
                "outcome": s.outcome,
                "note": note,
                "referral": s.referral_id,
            }
            for s, note in (view.services.object_list if view.services else [])
        ],
        "follow_ups": [
            {
                "id": f.pk,
                "kind": f.kind,
                "what": what,
                "due_on": f.due_on,
                "done_on": f.done_on,
                "outcome": outcome,
            }
            for f, what, outcome, _due in (view.follow_ups.object_list if view.follow_ups else [])
        ],
        "trafficking_events": [
            {
                "id": e.pk,
                "kind": e.kind,
                "country": e.country,
                "province": e.province,
                "site_type": e.site_type,
                "start_date": e.start_date,
                "end_date": e.end_date,
                "description": description,
            }
            for e, description in (view.events or [])
        ],
    }


@router.post(
    "/casework/cases/{case_id}/care/assessments/",
    response={201: CreatedOut},
    url_name="casework_care_assessment_add",
)
def assessment_add(request: HttpRequest, case_id: int, payload: AssessmentIn):
    """An assessment: every domain of the set scored 1 to 4, a note per domain optional."""
    case = _case(request, case_id)
    domain_set = AssessmentDomainSet.objects.filter(code=payload.domain_set).first()
    if domain_set is None:
        raise HttpError(422, _("domain_set: no such set of domains."))
    assessment = assessment_record(
        actor=request.user,
        case=case,
        domain_set=domain_set,
        assessed_on=payload.assessed_on,
        scores=payload.scores,
        notes=payload.notes,
        source=API,
    )
    return Status(201, {"id": assessment.pk})


@router.post(
    "/casework/cases/{case_id}/care/plan/", response=PlanOut, url_name="casework_care_plan_save"
)
def plan_save(request: HttpRequest, case_id: int, payload: PlanIn):
    """Write the plan being worked on (a draft, or a new version beside the one in force)."""
    case = _case(request, case_id)
    goals = [GoalInput(**goal.dict()) for goal in payload.goals]
    values = payload.dict(exclude={"goals"})
    return care_plan_save(actor=request.user, case=case, goals=goals, source=API, **values)


PLAN_MOVES = {"submit": care_plan_submit, "approve": care_plan_approve, "return": care_plan_return}


@router.post(
    "/casework/cases/{case_id}/care/plan/{plan_id}/{move}/",
    response=PlanOut,
    url_name="casework_care_plan_move",
)
def plan_move(request: HttpRequest, case_id: int, plan_id: int, move: str):
    """`submit` a draft to the supervisor (a case in assessment then awaits approval);
    `approve` or `return` it (the supervisor): approved, it is in force and a case awaiting
    its first plan moves to services. 409 with the reason when the plan or the case is not
    in a state for it."""
    case = _case(request, case_id)
    if move not in PLAN_MOVES:
        raise Http404("No such action.")
    plan = CarePlan.objects.filter(pk=plan_id, case=case).first()
    if plan is None:
        raise Http404("No such care plan.")
    plan.case = case
    try:
        return PLAN_MOVES[move](actor=request.user, plan=plan, source=API)
    except TransitionRefused as refusal:
        raise HttpError(409, str(refusal)) from None


@router.post(
    "/casework/cases/{case_id}/care/follow-ups/",
    response={201: CreatedOut},
    url_name="casework_care_followup_add",
)
def followup_create(request: HttpRequest, case_id: int, payload: FollowUpIn):
    case = _case(request, case_id)
    assigned = None
    if payload.assigned_to is not None:
        assigned = get_user_model().objects.filter(pk=payload.assigned_to).first()
        if assigned is None:
            raise HttpError(422, _("assigned_to: no such user."))
    row = followup_add(
        actor=request.user,
        case=case,
        kind=payload.kind,
        what=payload.what,
        due_on=payload.due_on,
        assigned_to=assigned,
        source=API,
    )
    return Status(201, {"id": row.pk})


@router.post(
    "/casework/cases/{case_id}/care/follow-ups/{followup_id}/done/",
    response=CreatedOut,
    url_name="casework_care_followup_done",
)
def followup_finish(request: HttpRequest, case_id: int, followup_id: int, payload: FollowUpDoneIn):
    case = _case(request, case_id)
    row = FollowUp.objects.filter(pk=followup_id, case=case).select_related("case__country").first()
    if row is None:
        raise Http404("No such follow-up.")
    row.case = case
    followup_done(
        actor=request.user,
        followup=row,
        done_on=payload.done_on,
        outcome=payload.outcome,
        source=API,
    )
    return {"id": row.pk}


@router.post(
    "/casework/cases/{case_id}/care/events/",
    response={201: CreatedOut},
    url_name="casework_care_event_add",
)
def event_add(request: HttpRequest, case_id: int, payload: EventIn):
    """A step of what happened to the person: recruitment, transit or exploitation."""
    case = _case(request, case_id)
    event = trafficking_event_save(actor=request.user, case=case, source=API, **payload.dict())
    return Status(201, {"id": event.pk})


@router.post(
    "/casework/cases/{case_id}/care/goals/{goal_id}/status/",
    response=GoalStatusOut,
    url_name="casework_care_goal_status",
)
def goal_status(request: HttpRequest, case_id: int, goal_id: int, payload: GoalStatusIn):
    """How a goal of the plan in force stands now (the case's team). `status_was` is the
    status you last read: changed since by someone else, a 409 naming the status now and
    nothing written."""
    case = _case(request, case_id)
    goal = Goal.objects.filter(
        pk=goal_id, plan__case=case, plan__state=CarePlan.State.APPROVED
    ).first()
    if goal is None:
        raise Http404("No such goal of the plan in force.")
    goal.case = case
    try:
        goal_status_set(
            actor=request.user,
            goal=goal,
            status=payload.status,
            status_was=payload.status_was,
            source=API,
        )
    except ConcurrentChange:
        raise HttpError(
            409,
            _(
                "Someone else changed this goal's status since you read it: it is now "
                "“%(status)s”. Nothing was saved; read it again and act again if you still "
                "need to."
            )
            % {"status": goal.get_status_display()},
        ) from None
    return {"id": goal.pk, "status": goal.status}


@router.post(
    "/casework/cases/{case_id}/care/services/",
    response={201: CreatedOut},
    url_name="casework_care_service_add",
)
def service_add(request: HttpRequest, case_id: int, payload: ServiceIn):
    """A service the person received (the case's team), from an agency of any country."""
    case = _case(request, case_id)
    provider = Organisation.objects.filter(pk=payload.provider, country__isnull=False).first()
    if provider is None:
        raise HttpError(422, _("provider: no such agency."))
    row = service_record(
        actor=request.user,
        case=case,
        service_type=payload.service_type,
        provider=provider,
        delivered_on=payload.delivered_on,
        outcome=payload.outcome,
        note=payload.note,
        source=API,
    )
    return Status(201, {"id": row.pk})


@router.post(
    "/casework/cases/{case_id}/care/events/{event_id}/",
    response=CreatedOut,
    url_name="casework_care_event_edit",
)
def event_edit(request: HttpRequest, case_id: int, event_id: int, payload: EventIn):
    """Change one step of the chain: every field is written as sent (the description too),
    its place in the chain kept."""
    case = _case(request, case_id)
    event = TraffickingEvent.objects.filter(pk=event_id, case=case).first()
    if event is None:
        raise Http404("No such trafficking event.")
    event.case = case
    trafficking_event_save(actor=request.user, case=case, event=event, source=API, **payload.dict())
    return {"id": event.pk}
