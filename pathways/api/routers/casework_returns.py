"""Casework: returns across a border through the API (docs/casework.md, "Returns across
borders"): list them, read one, ask for one on a case, and take each step with the `version`
last read (changed since: a 409 naming its status, nothing written; refused by the workflow: a
409 with the reason; a field at fault: a 422 naming it).

Reached through `access_returns` (a return out of reach is a 404; a step the user may not
take a 403), written only by the services the pages call. A return is tier 1 only: no name,
no word of the case; the home country's NRM coordinator reads it without the case.
"""

# No `from __future__ import annotations`: django-ninja reads the parameter types of the
# views at import time.

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from pathways.api.pagination import LimitOffset, page
from pathways.api.schemas import PlainText
from pathways.audit.models import AuditEvent
from pathways.casework.access import case_for, casework_scope
from pathways.casework.access_returns import (
    require_return_action,
    return_actions_for,
    return_for,
    returns_visible_to,
)
from pathways.casework.models import Assessment, Referral, ReturnRequest, ServiceType
from pathways.casework.services.return_handover import return_close, return_hand_over
from pathways.casework.services.return_request import return_request
from pathways.casework.services.returns import (
    return_find_not_national,
    return_flag_safety_risk,
    return_issue_documents,
    return_resume,
    return_schedule,
    return_start_verification,
    return_verify_nationality,
    return_withdraw,
)
from pathways.casework.transitions import ConcurrentChange, TransitionRefused
from pathways.casework.views.returns import verification_late
from pathways.programs.models import Country, Organisation

router = Router(tags=["casework"])
API = AuditEvent.Source.API


class ReturnOut(Schema):
    id: int
    case_id: int
    case_number: str
    from_country: str
    to_country: str
    status: str
    version: int
    verification_due: dt.date | None
    verification_late: bool
    verification_escalated_at: dt.datetime | None
    scheduled_on: dt.date | None
    hold_reason: str
    on_hold_from: str
    closed_reason: str
    handover_referral: int | None
    handover_agency: int | None
    handover_status: str
    requested_at: dt.datetime
    verified_at: dt.datetime | None
    documents_issued_at: dt.datetime | None
    handed_over_at: dt.datetime | None
    closed_at: dt.datetime | None
    withdrawn_at: dt.datetime | None
    actions: list[str]


class ReturnListOut(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[ReturnOut]


class ReturnIn(Schema):
    to_country: str = Field(..., min_length=2, max_length=2, description="ISO code, e.g. KH.")


class StepIn(Schema):
    version: int
    on: dt.date | None = None
    note: PlainText = Field("", max_length=5000)
    reason: str = ""
    assessment: int | None = None
    to_agency: int | None = None
    service_type: str = ServiceType.REPATRIATION
    urgency: str = Referral.Urgency.URGENT
    shared_sections: list[str] = ["summary"]
    details: PlainText = Field("", max_length=5000)


def _out(request: HttpRequest, ret: ReturnRequest) -> dict[str, Any]:
    referral = ret.handover_referral
    return {
        "id": ret.pk,
        "case_id": ret.case_id,
        "case_number": ret.case.case_number,
        "from_country": ret.from_country.code,
        "to_country": ret.to_country.code,
        "status": ret.status,
        "version": ret.version,
        "verification_due": ret.verification_due,
        "verification_late": verification_late(ret),
        "verification_escalated_at": ret.verification_escalated_at,
        "scheduled_on": ret.scheduled_on,
        "hold_reason": ret.hold_reason,
        "on_hold_from": ret.on_hold_from,
        "closed_reason": ret.closed_reason,
        "handover_referral": referral.pk if referral else None,
        "handover_agency": referral.to_agency_id if referral else None,
        "handover_status": referral.status if referral else "",
        "requested_at": ret.created_at,
        "verified_at": ret.verified_at,
        "documents_issued_at": ret.documents_issued_at,
        "handed_over_at": ret.handed_over_at,
        "closed_at": ret.closed_at,
        "withdrawn_at": ret.withdrawn_at,
        "actions": return_actions_for(request.user, ret),
    }


def _casework_user(request: HttpRequest) -> None:
    if not casework_scope(request.user).is_casework_user:
        raise Http404("No such API endpoint.")


RELATED = ("case", "from_country", "to_country", "handover_referral")


@router.get("/casework/returns/", response=ReturnListOut, url_name="casework_returns")
def return_list(request: HttpRequest, pagination: Query[LimitOffset.Input], status: str = ""):
    """The returns you may see, newest first: those of your cases, and, as an NRM
    coordinator, those from and to your countries; `status` filters."""
    _casework_user(request)
    rows = returns_visible_to(request.user).select_related(*RELATED)
    if status:
        rows = rows.filter(status=status)
    rows = rows.order_by("-created_at", "-id")
    return page(request, rows, pagination, lambda ret: _out(request, ret))


@router.get("/casework/returns/{return_id}/", response=ReturnOut, url_name="casework_return")
def return_detail(request: HttpRequest, return_id: int):
    """One return: its facts, its steps' times and the steps you may take now."""
    _casework_user(request)
    return _out(request, return_for(request.user, return_id))


@router.post(
    "/casework/cases/{case_id}/returns/",
    response={201: ReturnOut},
    url_name="casework_return_request",
)
def return_add(request: HttpRequest, case_id: int, payload: ReturnIn):
    """Ask for the return of the case's person to `to_country` (the case's team, with the
    person's consent to move the case; refused while they object to their country being
    told): 422 saying why."""
    _casework_user(request)
    case = case_for(request.user, case_id)
    country = Country.objects.filter(code=payload.to_country.upper()).first()
    if country is None:
        raise HttpError(422, _("to_country: no such country."))
    ret = return_request(actor=request.user, case=case, to_country=country, source=API)
    return Status(201, _out(request, return_for(request.user, ret.pk)))


def _needs(payload: StepIn, *names: str) -> None:
    for name in names:
        if getattr(payload, name) in (None, ""):
            raise HttpError(422, _("%(field)s: this step needs it.") % {"field": name})


def _handover(actor: Any, ret: ReturnRequest, payload: StepIn) -> ReturnRequest:
    _needs(payload, "to_agency")
    agency = Organisation.objects.filter(pk=payload.to_agency).first()
    if agency is None:
        raise HttpError(422, _("to_agency: no such agency."))
    return return_hand_over(
        actor=actor,
        ret=ret,
        to_agency=agency,
        service_type=payload.service_type,
        urgency=payload.urgency,
        shared_sections=payload.shared_sections,
        details=payload.details,
        version=payload.version,
        source=API,
    )


def _resume(actor: Any, ret: ReturnRequest, payload: StepIn) -> ReturnRequest:
    _needs(payload, "assessment")
    assessment = Assessment.objects.filter(pk=payload.assessment, case_id=ret.case_id).first()
    return return_resume(
        actor=actor, ret=ret, assessment=assessment, version=payload.version, source=API
    )


def _plain(service: Any, *names: str) -> Any:
    def run(actor: Any, ret: ReturnRequest, payload: StepIn) -> ReturnRequest:
        _needs(payload, *names)
        values = {name: getattr(payload, name) for name in names}
        return service(actor=actor, ret=ret, version=payload.version, source=API, **values)

    return run


STEPS = {
    "start_verification": _plain(return_start_verification),
    "verify_nationality": _plain(return_verify_nationality),
    "find_not_national": _plain(return_find_not_national),
    "issue_documents": _plain(return_issue_documents),
    "schedule": _plain(return_schedule, "on"),
    "offer_handover": _handover,
    "close": _plain(return_close),
    "withdraw": lambda actor, ret, payload: return_withdraw(
        actor=actor, ret=ret, note=payload.note, version=payload.version, source=API
    ),
    "flag_safety_risk": _plain(return_flag_safety_risk, "reason"),
    "resume": _resume,
}


def _stale(ret: ReturnRequest) -> HttpError:
    fresh = ReturnRequest.objects.get(pk=ret.pk)
    return HttpError(
        409,
        _(
            "Someone else acted on this return since you read it: it is now “%(status)s” "
            "(version %(version)d). Nothing was saved; read it again and act again if you "
            "still need to."
        )
        % {"status": fresh.get_status_display(), "version": fresh.version},
    )


@router.post(
    "/casework/returns/{return_id}/{action}/",
    response=ReturnOut,
    url_name="casework_return_action",
)
def return_action(request: HttpRequest, return_id: int, action: str, payload: StepIn):
    """One step of the return: `start_verification`, `verify_nationality`,
    `find_not_national`, `issue_documents`, `schedule` (`on`), `offer_handover` (`to_agency`,
    `service_type`, `urgency`, `shared_sections`, `details`), `close`, `withdraw` (`note`),
    `flag_safety_risk` (`reason`), `resume` (`assessment`: a risk assessment's id; a case
    supervisor of the owner agency). Each carries the `version` last read."""
    _casework_user(request)
    ret = return_for(request.user, return_id)
    if action not in STEPS:
        raise Http404("No such step.")
    require_return_action(request.user, ret, action)
    if payload.version != ret.version:
        raise _stale(ret)
    try:
        STEPS[action](request.user, ret, payload)
    except ConcurrentChange:
        raise _stale(ret) from None
    except TransitionRefused as refusal:
        raise HttpError(409, str(refusal)) from None
    return _out(request, return_for(request.user, ret.pk))
