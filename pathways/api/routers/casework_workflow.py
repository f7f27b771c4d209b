"""Casework: a case's identification decisions and its stages through the API, under the
pages' rules (docs/casework.md §3.2, §3.3).

Reached through the case (`access.case_for`: a case out of reach is a 404, and so is every
route for a token whose user holds no casework role); each action is the service the pages
call, with the `version` of the record the client last read: changed since, a 409 naming its
state now and nothing written; refused by the workflow, a 409 with the reason. Decisions are
shown by their tier-1 facts only (the dissent note stays sealed).
"""

# No `from __future__ import annotations`: django-ninja reads the parameter types of the
# views at import time.

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from pathways.api.schemas import OrganisationRef, PlainText
from pathways.audit.models import AuditEvent
from pathways.casework.access import (
    SCREENING_ROLES,
    case_for,
    casework_scope,
    require_case_action,
    require_identification_action,
)
from pathways.casework.models import (
    Case,
    CaseworkRole,
    CountryNotification,
    IdentificationDecision,
)
from pathways.casework.services import (
    case_approve_closure,
    case_confirm_identification,
    case_identification_negative_and_close,
    case_reject_closure,
    case_reopen,
    case_request_closure,
    case_start_assessment,
    case_start_monitoring,
    case_start_reintegration,
    identification_recognise_foreign_decision,
    identification_record_decision,
    identification_record_objection,
    identification_record_review,
    identification_request_review,
    identification_reschedule,
    identification_schedule_interview,
)
from pathways.casework.services.case_stages import CASE
from pathways.casework.transitions import ConcurrentChange, TransitionRefused
from pathways.casework.views.case_panels import allowed
from pathways.programs.models import Organisation

router = Router(tags=["casework"])
API = AuditEvent.Source.API
Decision = IdentificationDecision


class DecisionOut(Schema):
    id: int
    state: str
    version: int
    status: str
    level: str
    decision_making_org_type: str
    decision_agency: OrganisationRef
    decided_at: dt.datetime
    legal_basis: str
    form_used: str
    reasons: list[str]
    recognised_foreign_identification: bool
    recognised_issuing_country: str
    review_requested: bool
    interview_scheduled_for: dt.datetime | None
    supersedes_id: int | None
    notification: dict[str, Any] | None


class DecisionActedOut(Schema):
    """The decision acted on and, when the action made one, the new decision it became
    (`decision`), with the non-punishment notice to give the person when identified."""

    acted_on: DecisionOut
    decision: DecisionOut
    non_punishment_notice: str


class DecisionIn(Schema):
    version: int = Field(..., description="The decision's version as you last read it.")
    agency: int | None = Field(
        None, description="The agency you act for (needed when you hold roles at several)."
    )
    when: dt.datetime | None = Field(None, description="schedule_interview, reschedule.")
    status: str = Field("", description="record_decision, record_review: actual or not.")
    level: str = Field("", description="record_decision, record_review: the decision's level.")
    decision_making_org_type: str = ""
    legal_basis: PlainText = Field("", max_length=300)
    form_used: str = ""
    reasons: list[str] = []
    victim_objects_to_notification: bool = False
    dissent_note: PlainText = Field("", max_length=5000)
    decided_on: dt.date | None = None
    issuing_country: str = Field("", max_length=2, description="recognise_foreign_decision.")
    issuing_agency: PlainText = Field("", max_length=200)


class StageIn(Schema):
    version: int = Field(..., description="The case's version as you last read it.")
    reason: str = Field("", description="request_closure: the reason code; reopen: why.")
    note: PlainText = Field("", max_length=5000)


class StageOut(Schema):
    id: int
    case_number: str
    stage: str
    status: str
    version: int
    closure_reason: str
    closed_on: dt.date | None
    actions: list[str]


class NotificationOut(Schema):
    id: int
    status: str
    to_country: str


def _case(request: HttpRequest, case_id: int) -> Case:
    if not casework_scope(request.user).is_casework_user:
        raise Http404("No such API endpoint.")
    return case_for(request.user, case_id)


def _decision_out(decision: IdentificationDecision) -> dict[str, Any]:
    notification = CountryNotification.objects.filter(decision=decision).first()
    return {
        **{
            name: getattr(decision, name)
            for name in DecisionOut.model_fields
            if name != "notification"
        },
        "decision_agency": decision.decision_agency,
        "notification": {
            "id": notification.pk,
            "status": notification.status,
            "to_country": notification.to_country,
        }
        if notification
        else None,
    }


@router.get(
    "/casework/cases/{case_id}/identification/",
    response=list[DecisionOut],
    url_name="casework_case_identification",
)
def decision_list(request: HttpRequest, case_id: int):
    """The case's identification decisions, oldest first; the last is the current one."""
    case = _case(request, case_id)
    decisions = Decision.objects.filter(case=case).select_related("decision_agency")
    return [_decision_out(d) for d in decisions.order_by("decided_at", "pk")]


def _agency(
    request: HttpRequest, case: Case, decision: Decision, action: str, chosen: int | None
) -> Organisation:
    """The agency named in the body, else the first of the user's agencies in the case's
    country that may take `action` (403 or 404, as the access rule says, when none), as the
    pages choose it."""
    if chosen is not None:
        agency = Organisation.objects.filter(pk=chosen).first()
        if agency is None:
            raise HttpError(422, _("agency: no such agency."))
        return agency
    user = request.user
    held = casework_scope(user).agencies_with(*SCREENING_ROLES, CaseworkRole.LEGAL_OFFICER)
    candidates = Organisation.objects.filter(pk__in=held, country_id=case.country_id)
    ordered = sorted(candidates, key=lambda a: (a.pk != case.owner_agency_id, a.name))
    for agency in ordered:
        if allowed(
            lambda agency=agency: require_identification_action(user, decision, agency.pk, action)
        ):
            return agency
    require_identification_action(user, decision, case.owner_agency_id, action)
    raise PermissionDenied(_("You may not act on this identification."))


def _stale_decision(decision: IdentificationDecision) -> HttpError:
    fresh = Decision.objects.get(pk=decision.pk)
    return HttpError(
        409,
        _(
            "Someone else acted on this identification since you read it: it is now "
            "“%(state)s” (version %(version)d). Nothing was saved."
        )
        % {"state": fresh.get_state_display(), "version": fresh.version},
    )


def _needs(payload: DecisionIn, *names: str) -> None:
    for name in names:
        if not getattr(payload, name):
            raise HttpError(422, _("%(field)s: this action needs it.") % {"field": name})


def _schedule(service: Callable[..., Any]) -> Callable[..., Any]:
    def run(actor: Any, decision: Decision, agency: Organisation, payload: DecisionIn) -> Any:
        _needs(payload, "when")
        return service(actor=actor, decision=decision, agency=agency, when=payload.when, source=API)

    return run


def _decide(service: Callable[..., Any]) -> Callable[..., Any]:
    def run(actor: Any, decision: Decision, agency: Organisation, payload: DecisionIn) -> Any:
        _needs(payload, "status", "level")
        if payload.status not in Decision.Status.values:
            raise HttpError(422, _("status: choose one of %s.") % ", ".join(Decision.Status.values))
        if payload.level not in Decision.Level.values:
            raise HttpError(422, _("level: choose one of %s.") % ", ".join(Decision.Level.values))
        return service(
            actor=actor,
            decision=decision,
            agency=agency,
            status=payload.status,
            level=payload.level,
            decision_making_org_type=payload.decision_making_org_type,
            legal_basis=payload.legal_basis,
            form_used=payload.form_used,
            reasons=payload.reasons,
            victim_objects_to_notification=payload.victim_objects_to_notification,
            dissent_note=payload.dissent_note,
            decided_on=payload.decided_on,
            source=API,
        )

    return run


def _request_review(actor: Any, decision: Decision, agency: Organisation, payload: DecisionIn):
    return identification_request_review(actor=actor, decision=decision, agency=agency, source=API)


def _recognise(actor: Any, decision: Decision, agency: Organisation, payload: DecisionIn):
    _needs(payload, "issuing_country", "issuing_agency")
    return identification_recognise_foreign_decision(
        actor=actor,
        decision=decision,
        agency=agency,
        issuing_country=payload.issuing_country,
        issuing_agency=payload.issuing_agency,
        decision_making_org_type=payload.decision_making_org_type,
        legal_basis=payload.legal_basis,
        victim_objects_to_notification=payload.victim_objects_to_notification,
        source=API,
    )


DECISION_ACTIONS: dict[str, Callable[..., Any]] = {
    "schedule_interview": _schedule(identification_schedule_interview),
    "reschedule": _schedule(identification_reschedule),
    "record_decision": _decide(identification_record_decision),
    "request_review": _request_review,
    "record_review": _decide(identification_record_review),
    "recognise_foreign_decision": _recognise,
}


@router.post(
    "/casework/cases/{case_id}/identification/{decision_id}/{action}/",
    response=DecisionActedOut,
    url_name="casework_identification_action",
)
def decision_action(
    request: HttpRequest, case_id: int, decision_id: int, action: str, payload: DecisionIn
):
    """One move of the identification workflow on one of the case's decisions:
    `schedule_interview` / `reschedule` (`when`), `record_decision` / `record_review`
    (`status`, `level`, ...; formal only by an agency the country names), `request_review`,
    `recognise_foreign_decision` (`issuing_country`, `issuing_agency`)."""
    case = _case(request, case_id)
    if action not in DECISION_ACTIONS:
        raise Http404("No such action.")
    decision = (
        Decision.objects.select_related("case", "country", "client", "decision_agency")
        .filter(pk=decision_id, case=case)
        .first()
    )
    if decision is None:
        raise Http404("No such identification decision.")
    agency = _agency(request, case, decision, action, payload.agency)
    if payload.version != decision.version:
        raise _stale_decision(decision)
    try:
        result = DECISION_ACTIONS[action](request.user, decision, agency, payload)
    except ConcurrentChange:
        raise _stale_decision(decision) from None
    except TransitionRefused as refusal:
        raise HttpError(409, str(refusal)) from None
    new = getattr(result, "decision", result)
    return {
        "acted_on": _decision_out(Decision.objects.get(pk=decision.pk)),
        "decision": _decision_out(Decision.objects.get(pk=new.pk)),
        "non_punishment_notice": getattr(result, "non_punishment_notice", ""),
    }


@router.post(
    "/casework/cases/{case_id}/notifications/{notification_id}/objection/",
    response=NotificationOut,
    url_name="casework_notification_objection",
)
def notification_objection(request: HttpRequest, case_id: int, notification_id: int):
    """The person objects to their country of origin being told: a notification still
    waiting is not sent (their case worker, supervisor or lawyer records it)."""
    case = _case(request, case_id)
    notification = CountryNotification.objects.filter(
        pk=notification_id, decision__case=case
    ).first()
    if notification is None:
        raise Http404("No such notification.")
    try:
        return identification_record_objection(
            actor=request.user, notification=notification, source=API
        )
    except TransitionRefused as refusal:
        raise HttpError(409, str(refusal)) from None


# --- the case's stages -----------------------------------------------------------------------

# Each action's service and the values it takes beyond the actor and the case. The care
# plan's moves (submit, approve, send back) are taken on the plan (`casework_care.py`), which
# moves the case with it: a stage route would move the case with no plan to approve.
STAGE_SERVICES: dict[str, tuple[Callable[..., Case], tuple[str, ...]]] = {
    "confirm_identification": (case_confirm_identification, ()),
    "start_assessment": (case_start_assessment, ()),
    "start_reintegration": (case_start_reintegration, ()),
    "start_monitoring": (case_start_monitoring, ()),
    "request_closure": (case_request_closure, ("reason", "note")),
    "approve_closure": (case_approve_closure, ()),
    "reject_closure": (case_reject_closure, ()),
    "reopen": (case_reopen, ("reason",)),
    "identification_negative_and_close": (case_identification_negative_and_close, ("note",)),
}


def _stage_out(case: Case) -> dict[str, Any]:
    return {
        "id": case.pk,
        "case_number": case.case_number,
        "stage": case.stage,
        "status": case.status,
        "version": case.version,
        "closure_reason": case.closure_reason,
        "closed_on": case.closed_on,
        "actions": [a for a in CASE.allowed_actions(case.stage) if a in STAGE_SERVICES],
    }


def _stale_case(case: Case) -> HttpError:
    fresh = Case.objects.get(pk=case.pk)
    return HttpError(
        409,
        _(
            "Someone else acted on this case since you read it: it is now “%(stage)s” "
            "(version %(version)d). Nothing was saved; read it again and act again if you "
            "still need to."
        )
        % {"stage": fresh.get_stage_display(), "version": fresh.version},
    )


@router.get("/casework/cases/{case_id}/stage/", response=StageOut, url_name="casework_case_stage")
def case_stage(request: HttpRequest, case_id: int):
    """The case's stage, its `version` and the actions its stage allows."""
    return _stage_out(_case(request, case_id))


@router.post(
    "/casework/cases/{case_id}/stage/{action}/",
    response=StageOut,
    url_name="casework_case_stage_action",
)
def case_stage_action(request: HttpRequest, case_id: int, action: str, payload: StageIn):
    """Move the case: its own case worker or its supervisor (approvals, rejections and
    reopening by the supervisor only). `request_closure` needs `reason` (a closure reason
    code) and may carry a `note`; `reopen` needs `reason` in words."""
    case = _case(request, case_id)
    if action not in STAGE_SERVICES:
        raise Http404("No such action.")
    require_case_action(request.user, case, action)
    if payload.version != case.version:
        raise _stale_case(case)
    service, names = STAGE_SERVICES[action]
    values = {name: getattr(payload, name) for name in names}
    try:
        service(actor=request.user, case=case, source=API, **values)
    except ConcurrentChange:
        raise _stale_case(case) from None
    except TransitionRefused as refusal:
        raise HttpError(409, str(refusal)) from None
    return _stage_out(case)
