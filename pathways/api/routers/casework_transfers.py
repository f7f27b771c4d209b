"""Casework: transfers of a case's ownership through the API, under the pages' rules
(docs/casework.md, "Transfers"): list them, read one, ask for one on a case, accept, reject
or revoke one.

A transfer out of sight is a 404 (`access_transfers.transfer_for`), and so is every route for
a token whose user holds no casework role; an action without the role is a 403. The
services are the pages': a request without the person's consent naming the receiving agency
is a 422 naming `to_agency`; each decision carries the transfer's `version` as last read —
changed since, a 409 naming its status now, nothing written; refused by the workflow (already
decided, consent withdrawn meanwhile), a 409 with the reason. The words (reason, why
rejected) are given to those who may read them, each read recorded with via "api".
"""

# No `from __future__ import annotations`: django-ninja reads the parameter types of the
# views at import time.

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from pathways.api.pagination import LimitOffset, page
from pathways.api.schemas import PlainText
from pathways.audit.models import AuditEvent
from pathways.casework.access import case_for, casework_scope
from pathways.casework.access_transfers import (
    may_act,
    transfer_for,
    transfers_visible_to,
    transfers_waiting_for,
)
from pathways.casework.models import AccessEvent, Transfer
from pathways.casework.reading_transfers import may_read_transfer_words, open_transfer_words
from pathways.casework.services import (
    transfer_accept,
    transfer_reject,
    transfer_request,
    transfer_revoke,
)
from pathways.casework.transitions import ConcurrentChange, TransitionRefused
from pathways.programs.models import Organisation

router = Router(tags=["casework"])
API = AuditEvent.Source.API
ACTIONS = ("accept", "reject", "revoke")


class TransferOut(Schema):
    """A transfer's tier-1 facts, what you may do with it now (`actions`), and its words
    when you may read them (else empty)."""

    id: int
    case_id: int
    case_number: str
    from_agency: int
    to_agency: int
    status: str
    version: int
    requested_at: dt.datetime
    decided_at: dt.datetime | None
    actions: list[str]
    reason: str
    decision_note: str


class TransferListOut(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[TransferOut]


class TransferIn(Schema):
    to_agency: int = Field(..., description="The agency to move the case to.")
    reason: PlainText = Field("", max_length=5000, description="Why; kept sealed.")


class DecisionIn(Schema):
    version: int = Field(..., description="The transfer's version as you last read it.")
    case_worker: int | None = Field(
        None, description="accept: a case worker of your agency for the case (or none yet)."
    )
    reason: PlainText = Field(
        "", max_length=5000, description="reject: why (required); revoke: a note, if any."
    )


def _casework_user(request: HttpRequest) -> None:
    if not casework_scope(request.user).is_casework_user:
        raise Http404("No such API endpoint.")


def _out(request: HttpRequest, transfer: Transfer, *, words: bool = False) -> dict[str, Any]:
    opened = None
    if words and may_read_transfer_words(request.user, transfer):
        opened = open_transfer_words(
            request.user, transfer, via=AccessEvent.Via.API, request=request
        )
    requested = transfer.status == Transfer.Status.REQUESTED
    return {
        "id": transfer.pk,
        "case_id": transfer.case_id,
        "case_number": transfer.case.case_number,
        "from_agency": transfer.from_agency_id,
        "to_agency": transfer.to_agency_id,
        "status": transfer.status,
        "version": transfer.version,
        "requested_at": transfer.created_at,
        "decided_at": transfer.decided_at,
        "actions": [a for a in ACTIONS if requested and may_act(request.user, transfer, a)],
        "reason": opened.reason if opened else "",
        "decision_note": opened.decision_note if opened else "",
    }


@router.get("/casework/transfers/", response=TransferListOut, url_name="casework_transfers")
def transfer_list(
    request: HttpRequest, pagination: Query[LimitOffset.Input], waiting: bool = False
):
    """The transfers you may see, newest first (`waiting=true`: only those waiting for your
    decision as a supervisor of the receiving agency, oldest first). No words here."""
    _casework_user(request)
    if waiting:
        rows = transfers_waiting_for(request.user).order_by("pk")
    else:
        rows = transfers_visible_to(request.user).order_by("-pk")
    rows = rows.select_related("case")
    return page(request, rows, pagination, lambda t: _out(request, t))


@router.get(
    "/casework/transfers/{transfer_id}/",
    response=TransferOut,
    url_name="casework_transfer_detail",
)
def transfer_detail(request: HttpRequest, transfer_id: int):
    """One transfer, with its words for the two agencies' supervisors and the requester."""
    _casework_user(request)
    return _out(request, transfer_for(request.user, transfer_id), words=True)


@router.post(
    "/casework/cases/{case_id}/transfers/",
    response={201: TransferOut},
    url_name="casework_transfer_request",
)
def transfer_ask(request: HttpRequest, case_id: int, payload: TransferIn):
    """Ask to move the case to another agency of its country: the case's worker or a
    supervisor of its owner agency, with the person's consent of kind `transfer_case`
    naming that agency (422 naming `to_agency` otherwise)."""
    _casework_user(request)
    case = case_for(request.user, case_id)
    agency = Organisation.objects.filter(pk=payload.to_agency).first()
    if agency is None:
        raise HttpError(422, _("to_agency: no such agency."))
    made = transfer_request(
        actor=request.user, case=case, to_agency=agency, reason=payload.reason, source=API
    )
    return Status(201, _out(request, transfer_for(request.user, made.pk)))


def _stale(transfer: Transfer) -> HttpError:
    fresh = Transfer.objects.get(pk=transfer.pk)
    return HttpError(
        409,
        _(
            "Someone else acted on this transfer since you read it: it is now “%(status)s” "
            "(version %(version)d). Nothing was saved."
        )
        % {"status": fresh.get_status_display(), "version": fresh.version},
    )


def _worker(pk: int | None) -> Any:
    if pk is None:
        return None
    user = get_user_model().objects.filter(pk=pk).first()
    if user is None:
        raise HttpError(422, _("case_worker: no such user."))
    return user


@router.post(
    "/casework/transfers/{transfer_id}/{action}/",
    response=TransferOut,
    url_name="casework_transfer_action",
)
def transfer_action(request: HttpRequest, transfer_id: int, action: str, payload: DecisionIn):
    """`accept` (optional `case_worker`) or `reject` (`reason`) as a supervisor of the
    receiving agency; `revoke` as the requesting side. Ownership moves on acceptance."""
    _casework_user(request)
    transfer = transfer_for(request.user, transfer_id)
    if action not in ACTIONS:
        raise Http404("No such action.")
    common = {"actor": request.user, "transfer": transfer, "version": payload.version}
    try:
        if action == "accept":
            transfer_accept(**common, case_worker=_worker(payload.case_worker), source=API)
        elif action == "reject":
            transfer_reject(**common, reason=payload.reason, source=API)
        else:
            transfer_revoke(**common, note=payload.reason, source=API)
    except ConcurrentChange:
        raise _stale(transfer) from None
    except TransitionRefused as refusal:
        raise HttpError(409, str(refusal)) from None
    return _out(request, transfer_for(request.user, transfer.pk))
