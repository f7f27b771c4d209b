"""Casework: the moves of a referral through the API, one route each (docs/casework.md,
"Referrals"; casework.md §3.4), the services the pages call.

Each route takes the referral's `version` as the client last read it: changed since, a 409
naming its status now and nothing written; refused by the workflow (a status the move is
not taken from, a guard), a 409 with the reason. Who may take which move is
`access_referrals.require_referral_action` (403 with the reason; a referral out of reach is
a 404): the receiving agency answers, contacts, completes; the sending case team closes,
revokes and records a manual answer; either side writes to the thread; the NRM coordinator
re-routes an expired or declined offer. Each answers with the referral as `GET` gives it
(the new one for a re-route).
"""

# No `from __future__ import annotations`: django-ninja reads the parameter types of the
# views at import time.

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from pathways.api.routers.casework_referrals import (
    ACTION_ROUTES,
    API,
    ReferralDetailOut,
    agency_ref,
    choice,
    fresh,
    referral_detail,
    referral_of,
    refused,
    stale,
    user_ref,
)
from pathways.api.schemas import PlainText
from pathways.casework.access_referrals import require_referral_action
from pathways.casework.models import Referral
from pathways.casework.services import (
    referral_accept,
    referral_acknowledge,
    referral_cannot_complete,
    referral_complete,
    referral_decline,
    referral_message,
    referral_record_answer,
    referral_record_first_contact,
    referral_reroute,
    referral_revoke,
)
from pathways.casework.transitions import ConcurrentChange, TransitionRefused

router = Router(tags=["casework"])

Note = PlainText


class VersionIn(Schema):
    version: int = Field(..., description="The referral's version as you last read it.")


class AcceptIn(VersionIn):
    complete_by: dt.datetime | None = Field(None, description="When the service will be done.")
    to_user: int | None = Field(None, description="Who takes it; you unless given.")
    note: Note = Field("", max_length=5000)


class DeclineIn(VersionIn):
    reason: str = Field(..., description="A decline reason; `other` needs a note.")
    note: Note = Field("", max_length=5000)


class FirstContactIn(VersionIn):
    at: dt.datetime | None = Field(None, description="When; now unless given.")
    note: Note = Field("", max_length=5000)


class CompleteIn(VersionIn):
    outcome: str = Field(..., description="delivered_fully or delivered_partly.")
    feedback: Note = Field("", max_length=5000)


class CannotCompleteIn(VersionIn):
    reason: str = Field(..., description="Why the service could not be completed.")
    feedback: Note = Field("", max_length=5000)


class NoteIn(VersionIn):
    note: Note = Field("", max_length=5000)


class MessageIn(Schema):
    note: Note = Field(..., min_length=1, max_length=5000)


class MessageOut(Schema):
    id: int
    referral_id: int
    at: dt.datetime


class AnswerIn(VersionIn):
    accepted: bool
    decline_reason: str = ""
    note: Note = Field("", max_length=5000)


class RerouteIn(VersionIn):
    to_agency: int = Field(..., description="The agency to offer it to now.")
    to_user: int | None = None


def _act(
    request: HttpRequest,
    referral_id: int,
    action: str,
    version: int | None,
    run: Callable[[Any, Referral], Any],
) -> Any:
    """Take `action`: 404 out of reach, 403 for someone who may not, 409 on a stale version
    or a refusal (nothing written); else what `run` returned."""
    referral = referral_of(request, referral_id)
    require_referral_action(request.user, referral, action)
    if version is not None and version != referral.version:
        raise stale(referral)
    try:
        return run(request.user, referral)
    except ConcurrentChange:
        raise stale(referral) from None
    except (TransitionRefused, ValidationError) as refusal:
        raise refused(refusal) from None


def _answer(request: HttpRequest, referral: Referral) -> dict[str, Any]:
    return referral_detail(request, fresh(referral.pk))


def _route(action: str) -> str:
    return f"/casework/referrals/{{referral_id}}/{ACTION_ROUTES[action]}/"


def _name(action: str) -> str:
    return "casework_referral_" + ACTION_ROUTES[action].replace("-", "_")


@router.post(_route("accept"), response=ReferralDetailOut, url_name=_name("accept"))
def accept(request: HttpRequest, referral_id: int, payload: AcceptIn):
    """Accept an offer (a case supervisor or case worker of the receiving agency): the first
    contact is then due by the urgency's deadline; `complete_by` after now; `to_user` a case
    worker or supervisor of the agency. The sender is told."""

    def run(actor, referral):
        return referral_accept(
            actor=actor,
            referral=referral,
            version=payload.version,
            complete_by=payload.complete_by,
            to_user=user_ref(payload.to_user),
            note=payload.note,
            source=API,
        )

    return _answer(request, _act(request, referral_id, "accept", payload.version, run))


@router.post(_route("decline"), response=ReferralDetailOut, url_name=_name("decline"))
def decline(request: HttpRequest, referral_id: int, payload: DeclineIn):
    """Decline an offer with a `reason` (`other` needs a `note`); the sender is told."""

    def run(actor, referral):
        choice("reason", payload.reason, Referral.DeclineReason.values)
        return referral_decline(
            actor=actor,
            referral=referral,
            version=payload.version,
            reason=payload.reason,
            note=payload.note,
            source=API,
        )

    return _answer(request, _act(request, referral_id, "decline", payload.version, run))


@router.post(
    _route("record_first_contact"),
    response=ReferralDetailOut,
    url_name=_name("record_first_contact"),
)
def first_contact(request: HttpRequest, referral_id: int, payload: FirstContactIn):
    """The receiver met the person (`at`: not in the future, not before the offer): the
    referral is in progress."""

    def run(actor, referral):
        return referral_record_first_contact(
            actor=actor,
            referral=referral,
            version=payload.version,
            at=payload.at,
            note=payload.note,
            source=API,
        )

    action = "record_first_contact"
    return _answer(request, _act(request, referral_id, action, payload.version, run))


@router.post(_route("complete"), response=ReferralDetailOut, url_name=_name("complete"))
def complete(request: HttpRequest, referral_id: int, payload: CompleteIn):
    """The service was delivered (`outcome`, optional `feedback`, sealed): written back to
    the sender's case, and the sender told."""

    def run(actor, referral):
        choice("outcome", payload.outcome, Referral.Outcome.values)
        return referral_complete(
            actor=actor,
            referral=referral,
            version=payload.version,
            outcome=payload.outcome,
            feedback=payload.feedback,
            source=API,
        )

    return _answer(request, _act(request, referral_id, "complete", payload.version, run))


@router.post(
    _route("cannot_complete"), response=ReferralDetailOut, url_name=_name("cannot_complete")
)
def cannot_complete(request: HttpRequest, referral_id: int, payload: CannotCompleteIn):
    """The service could not be completed (`reason`, optional `feedback`): written back to
    the sender's case, and the sender told."""

    def run(actor, referral):
        choice("reason", payload.reason, Referral.NotCompletedReason.values)
        return referral_cannot_complete(
            actor=actor,
            referral=referral,
            version=payload.version,
            reason=payload.reason,
            feedback=payload.feedback,
            source=API,
        )

    return _answer(request, _act(request, referral_id, "cannot_complete", payload.version, run))


@router.post(_route("acknowledge"), response=ReferralDetailOut, url_name=_name("acknowledge"))
def acknowledge(request: HttpRequest, referral_id: int, payload: NoteIn):
    """The sending case team closes a completed or not-completed referral: the receiver's
    access to the shared sections ends after the country's days (30 by default)."""

    def run(actor, referral):
        return referral_acknowledge(
            actor=actor, referral=referral, version=payload.version, note=payload.note, source=API
        )

    return _answer(request, _act(request, referral_id, "acknowledge", payload.version, run))


@router.post(_route("revoke"), response=ReferralDetailOut, url_name=_name("revoke"))
def revoke(request: HttpRequest, referral_id: int, payload: NoteIn):
    """The sending case team withdraws the referral (offered, accepted or in progress): the
    receiver's access ends at once and the receiving agency is told."""

    def run(actor, referral):
        return referral_revoke(
            actor=actor,
            referral=referral,
            reason=Referral.RevokeReason.SENDER,
            note=payload.note,
            source=API,
        )

    return _answer(request, _act(request, referral_id, "revoke", payload.version, run))


@router.post(_route("message"), response={201: MessageOut}, url_name=_name("message"))
def message(request: HttpRequest, referral_id: int, payload: MessageIn):
    """Write to the referral's thread (either side, while it is open; sealed): `201` with
    the entry; the other side is told there is a message, never its words."""

    def run(actor, referral):
        return referral_message(actor=actor, referral=referral, note=payload.note, source=API)

    entry = _act(request, referral_id, "message", None, run)
    return Status(201, {"id": entry.pk, "referral_id": entry.referral_id, "at": entry.at})


@router.post(_route("record_answer"), response=ReferralDetailOut, url_name=_name("record_answer"))
def record_answer(request: HttpRequest, referral_id: int, payload: AnswerIn):
    """A receiver not on Pathways answered by another channel: the sending case team records
    it (`accepted`; else `decline_reason`). Referrals sent by package only."""

    def run(actor, referral):
        if not payload.accepted:
            choice("decline_reason", payload.decline_reason, Referral.DeclineReason.values)
        return referral_record_answer(
            actor=actor,
            referral=referral,
            version=payload.version,
            accepted=payload.accepted,
            decline_reason=payload.decline_reason,
            note=payload.note,
            source=API,
        )

    return _answer(request, _act(request, referral_id, "record_answer", payload.version, run))


@router.post(_route("reroute"), response={201: ReferralDetailOut}, url_name=_name("reroute"))
def reroute(request: HttpRequest, referral_id: int, payload: RerouteIn):
    """The NRM coordinator offers an expired or declined referral to another agency: a new
    referral (`rerouted_from_id`), the person's consent checked again for that agency; the
    original stays as it ended."""

    def run(actor, referral):
        return referral_reroute(
            actor=actor,
            referral=referral,
            to_agency=agency_ref(payload.to_agency),
            to_user=user_ref(payload.to_user),
            source=API,
        )

    made = _act(request, referral_id, "reroute", payload.version, run)
    return Status(201, _answer(request, made))
