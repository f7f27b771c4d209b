"""Casework: referrals between agencies through the API (docs/casework.md, "Referrals";
casework.md §3.4): the lists, one referral with its thread, and the offer on a case. The moves
of a referral once offered are in `casework_referral_actions.py`.

Every route starts from `access_referrals` (a referral out of reach is a 404, and so is every
route for a token whose user holds no casework role); its facts, deadlines and lateness are
tier 1, computed when read (late whatever the deadline job did); its words (details, a
decline note, the feedback, the thread's notes) are opened only by `reading_referrals`, which
records the read in the access log. The offer is the service the pages call: refused
without the person's consent for that agency and those sections (409, nothing written), with
the directory's warnings in the answer.
"""

# No `from __future__ import annotations`: django-ninja reads the parameter types of the
# views at import time.

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from pathways.api.pagination import LimitOffset, page
from pathways.api.schemas import OrganisationRef, PlainText
from pathways.audit.models import AuditEvent
from pathways.casework.access import case_for, casework_scope
from pathways.casework.access_referrals import (
    referral_for,
    referral_role,
    referrals_visible_to,
    require_referral_action,
)
from pathways.casework.models import AccessEvent, CaseworkRole, Referral, Section, ServiceType
from pathways.casework.reading_referrals import referral_thread, referral_words
from pathways.casework.referral_deadlines import overdue_condition, referral_lateness
from pathways.casework.services import referral_offer
from pathways.casework.transitions import (
    REFERRAL_FINAL,
    REFERRAL_MOVES,
    REFERRAL_REVOCABLE,
    TransitionRefused,
)
from pathways.casework.views.case_panels import allowed
from pathways.programs.models import Organisation

router = Router(tags=["casework"])
API = AuditEvent.Source.API
R = Referral.Status

# The boxes of the list: what your agencies were sent to answer, what they sent, and the
# offers that expired unanswered and went to the NRM coordinator.
BOXES = ("received", "sent", "escalated")
RECEIVER_ROLES = (CaseworkRole.CASE_SUPERVISOR, CaseworkRole.CASE_WORKER)

# Each action a client may take on a referral (its route's last segment) and the statuses it
# is taken from; the access rule (`require_referral_action`) says who.
ACTION_ROUTES = {
    "accept": "accept",
    "decline": "decline",
    "record_first_contact": "first-contact",
    "complete": "complete",
    "cannot_complete": "cannot-complete",
    "acknowledge": "acknowledge",
    "revoke": "revoke",
    "message": "message",
    "record_answer": "record-answer",
    "reroute": "reroute",
}


BY_HAND = ("accept", "decline", "record_answer")


def _from_table(action: str) -> tuple[str, ...]:
    return tuple(state for state, move in REFERRAL_MOVES if move == action)


ACTION_STATES: dict[str, tuple[str, ...]] = {
    **{a: _from_table(a) for a in ACTION_ROUTES if _from_table(a)},
    "revoke": tuple(REFERRAL_REVOCABLE),
    "record_answer": (R.OFFERED,),
    "reroute": (R.EXPIRED, R.DECLINED),
    "message": tuple(s for s in R.values if s != R.DRAFT and s not in REFERRAL_FINAL),
}


class LateOut(Schema):
    """The deadline running now (an answer, the first contact or the completion)."""

    kind: str = Field(..., description="respond, first_contact or complete.")
    label: str
    due_at: dt.datetime
    overdue: bool
    hours_late: float = Field(..., description="Negative while the deadline is still ahead.")
    state: str = Field(..., description="overdue, soon (within a day) or later.")
    words: str


class ReferralOut(Schema):
    id: int
    case_id: int
    case_number: str
    country: str
    status: str
    version: int
    role: str | None = Field(..., description="Yours: sender, receiver or coordinator.")
    from_agency: OrganisationRef
    to_agency: OrganisationRef
    to_user_id: int | None
    service_type: str
    urgency: str
    reason: str
    transport: str
    shared_sections: list[str]
    consent_record_id: int | None
    consent_override_id: int | None
    offered_at: dt.datetime | None
    respond_by: dt.datetime | None
    responded_at: dt.datetime | None
    decline_reason: str
    first_contact_by: dt.datetime | None
    first_contact_at: dt.datetime | None
    first_contact_escalated_at: dt.datetime | None
    complete_by: dt.datetime | None
    completed_at: dt.datetime | None
    outcome: str
    not_completed_reason: str
    revoked_at: dt.datetime | None
    revoke_reason: str
    closed_at: dt.datetime | None
    access_expires_at: dt.datetime | None
    escalated_at: dt.datetime | None
    rerouted_from_id: int | None
    late: LateOut | None = Field(..., description="The running deadline, as of this answer.")


class ReferralListOut(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[ReferralOut]


class ThreadEntryOut(Schema):
    at: dt.datetime
    by: str
    kind: str
    status: str
    note: str


class ReferralDetailOut(ReferralOut):
    words: dict[str, str] = Field(
        ..., description="details, decline_note, feedback: those you may read, opened."
    )
    thread: list[ThreadEntryOut]
    actions: list[str] = Field(..., description="The routes you may take now.")


class OfferedOut(ReferralDetailOut):
    warnings: list[str] = Field(..., description="The directory's warnings; they do not block.")


class ListFilterIn(Schema):
    box: str = Field("", description="received, sent or escalated; empty: all you may see.")
    status: str = Field("", description="A referral status.")
    overdue: bool = Field(False, description="Only those whose running deadline has passed.")


class OfferIn(Schema):
    to_agency: int = Field(..., description="The receiving agency's id.")
    service_type: str = Field(..., description="An HTCDS service type value name.")
    urgency: str = Field(..., description="emergency, urgent or routine.")
    shared_sections: list[str] = Field(
        [Section.SUMMARY], description="The case's sections the receiver may read."
    )
    details: PlainText = Field("", max_length=5000)
    reason: str = Referral.Reason.ADDITIONAL_SERVICES
    to_user: int | None = Field(None, description="A user of the receiving agency.")
    transport: str = Referral.Transport.PATHWAYS
    use_override: bool = Field(False, description="Rely on a running consent override.")


# --- helpers the action routes share ---------------------------------------------------------


def casework_user(request: HttpRequest) -> None:
    """Casework routes do not exist for a user without a casework role."""
    if not casework_scope(request.user).is_casework_user:
        raise Http404("No such API endpoint.")


def referral_of(request: HttpRequest, referral_id: int) -> Referral:
    casework_user(request)
    return referral_for(request.user, referral_id)


def choice(name: str, value: str, allowed_values: Iterable[str]) -> str:
    values = list(allowed_values)
    if value not in values:
        raise HttpError(
            422,
            _("%(field)s: choose one of %(values)s.")
            % {
                "field": name,
                "values": ", ".join(values),
            },
        )
    return value


def agency_ref(agency_id: int, name: str = "to_agency") -> Organisation:
    agency = Organisation.objects.filter(pk=agency_id).first()
    if agency is None:
        raise HttpError(422, _("%(field)s: no such agency.") % {"field": name})
    return agency


def user_ref(user_id: int | None, name: str = "to_user") -> Any:
    if user_id is None:
        return None
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise HttpError(422, _("%(field)s: no such user.") % {"field": name})
    return user


# A service's ValidationError on these is a refusal of the offer as things stand (no consent
# covers it, the case is not open), not a field to correct: 409, like the workflow's.
REFUSING_FIELDS = frozenset({"consent", "case"})


def refused(exc: TransitionRefused | ValidationError) -> Exception:
    """A refusal by the workflow or a service's guard, as a 409 in its own words; a service's
    ValidationError naming a field to correct is left to answer 422 naming it."""
    if isinstance(exc, ValidationError):
        fields = set(getattr(exc, "error_dict", {}) or {"__all__"})
        if not fields & (REFUSING_FIELDS | {"__all__"}):
            return exc
    words = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
    return HttpError(409, " ".join(str(w) for w in words))


def stale(referral: Referral) -> HttpError:
    fresh = Referral.objects.get(pk=referral.pk)
    return HttpError(
        409,
        _(
            "Someone else acted on this referral since you read it: it is now “%(status)s” "
            "(version %(version)d). Nothing was saved; read it again and act again if you "
            "still need to."
        )
        % {"status": fresh.get_status_display(), "version": fresh.version},
    )


def _late(referral: Referral, now: dt.datetime) -> dict[str, Any] | None:
    lateness = referral_lateness(referral, now)
    if lateness is None:
        return None
    return {
        "kind": lateness.kind,
        "label": lateness.label,
        "due_at": lateness.due_at,
        "overdue": lateness.overdue,
        "hours_late": lateness.hours_late,
        "state": lateness.state,
        "words": lateness.words,
    }


_FACTS = [name for name in ReferralOut.model_fields if name not in ("late", "role", "country")]


def referral_facts(user: Any, referral: Referral, now: dt.datetime) -> dict[str, Any]:
    """The tier-1 facts of a referral, its running deadline and the user's side of it."""
    facts = {name: getattr(referral, name) for name in _FACTS if name != "case_number"}
    return {
        **facts,
        "case_number": referral.case.case_number,
        "country": referral.country.code,
        "role": referral_role(user, referral),
        "late": _late(referral, now),
    }


def actions_for(user: Any, referral: Referral) -> list[str]:
    """The routes the user may take on the referral now (a referral sent by package is
    answered by hand, one on Pathways by the receiver)."""
    manual = referral.transport == Referral.Transport.MANUAL
    return [
        route
        for action, route in ACTION_ROUTES.items()
        if referral.status in ACTION_STATES[action]
        and (action not in BY_HAND or manual == (action == "record_answer"))
        and allowed(lambda action=action: require_referral_action(user, referral, action))
    ]


def referral_detail(request: HttpRequest, referral: Referral) -> dict[str, Any]:
    """The referral as its reader may see it; its words and thread opened (and logged)."""
    user = request.user
    via = {"via": AccessEvent.Via.API, "request": request}
    thread = referral_thread(user, referral, **via)
    return {
        **referral_facts(user, referral, timezone.now()),
        "words": {k: v for k, v in referral_words(user, referral, **via).items() if v},
        "thread": [
            {
                "at": entry.at,
                "by": entry.by,
                "kind": entry.kind,
                "status": entry.status,
                "note": entry.note,
            }
            for entry in thread
        ],
        "actions": actions_for(user, referral),
    }


def fresh(pk: int) -> Referral:
    return Referral.objects.select_related("case", "country", "from_agency", "to_agency").get(pk=pk)


# --- the lists and one referral --------------------------------------------------------------


def _in_box(user: Any, referrals: QuerySet[Referral], box: str) -> QuerySet[Referral]:
    scope = casework_scope(user)
    if box == "received":
        receiving = scope.agencies_with(*RECEIVER_ROLES)
        return referrals.filter(to_agency_id__in=receiving).exclude(status=R.DRAFT)
    if box == "sent":
        return referrals.filter(from_agency_id__in=scope.roles.keys())
    if box == "escalated":
        return referrals.filter(escalated_at__isnull=False)
    return referrals


@router.get("/casework/referrals/", response=ReferralListOut, url_name="casework_referrals")
def referral_list(
    request: HttpRequest,
    filters: Query[ListFilterIn],
    pagination: Query[LimitOffset.Input],
):
    """Referrals you may see, newest first, tier 1 only (no access event): `box` `received`
    (sent to an agency where you are a case worker or supervisor), `sent` (by your agencies)
    or `escalated` (expired offers sent to the NRM coordinator); `status`; `overdue`. Each
    carries `late`, its running deadline as of the request."""
    casework_user(request)
    referrals = referrals_visible_to(request.user)
    if filters.box:
        choice("box", filters.box, BOXES)
        referrals = _in_box(request.user, referrals, filters.box)
    if filters.status:
        referrals = referrals.filter(status=choice("status", filters.status, R.values))
    now = timezone.now()
    if filters.overdue:
        referrals = referrals.filter(overdue_condition(now))
    referrals = referrals.select_related("case", "country", "from_agency", "to_agency")
    return page(request, referrals, pagination, lambda r: referral_facts(request.user, r, now))


@router.get(
    "/casework/referrals/{referral_id}/",
    response=ReferralDetailOut,
    url_name="casework_referral_detail",
)
def referral_get(request: HttpRequest, referral_id: int):
    """One referral: its facts, deadlines and lateness as of now, the words you may read
    (`details` to the sending side, the receiver and the coordinator), its thread with each
    note opened, and the `actions` you may take. The words read are recorded."""
    return referral_detail(request, referral_of(request, referral_id))


@router.post(
    "/casework/cases/{case_id}/referrals/",
    response={201: OfferedOut},
    url_name="casework_referral_offer",
)
def referral_create(request: HttpRequest, case_id: int, payload: OfferIn):
    """Refer the case to another agency: the referral is offered at once, its answer due by
    the urgency's deadline, the receiving agency told. Refused (409, nothing written) without
    the person's consent to share those sections with that agency (or a running override,
    with `use_override`), or when the directory says the agency takes no such referral; the
    directory's other doubts come back as `warnings`."""
    casework_user(request)
    case = case_for(request.user, case_id)
    choice("service_type", payload.service_type, ServiceType.values)
    choice("urgency", payload.urgency, Referral.Urgency.values)
    choice("reason", payload.reason, Referral.Reason.values)
    choice("transport", payload.transport, Referral.Transport.values)
    for section in payload.shared_sections:
        choice("shared_sections", section, Section.values)
    try:
        made = referral_offer(
            actor=request.user,
            case=case,
            to_agency=agency_ref(payload.to_agency),
            service_type=payload.service_type,
            urgency=payload.urgency,
            shared_sections=payload.shared_sections,
            details=payload.details,
            reason=payload.reason,
            to_user=user_ref(payload.to_user),
            transport=payload.transport,
            use_override=payload.use_override,
            source=API,
        )
    except (TransitionRefused, ValidationError) as refusal:
        raise refused(refusal) from None
    warnings = [str(w) for w in getattr(made, "warnings", [])]
    return Status(201, {**referral_detail(request, fresh(made.pk)), "warnings": warnings})
