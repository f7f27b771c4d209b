"""Who sees and acts on a transfer of a case's ownership (casework.md §3.5).

A transfer is seen (its tier-1 facts: case number, agencies, status, dates) by everyone who
may see its case, and by the receiving agency's case supervisors, who decide it before they
may see the case itself; anyone else gets a 404, as if it did not exist.

Who acts (read afresh, so a role just removed counts): the case's own case worker (on its
team) or a case supervisor of the owner agency asks for a transfer; a case supervisor of the
receiving agency accepts or rejects it; the requesting side (the old owner's supervisor or
the case's worker) revokes it. Its words (the reason, why rejected or revoked) are read by
the two agencies' case supervisors and the requester (`reading_transfers.py`).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from pathways.casework.access import (
    cases_visible_to,
    casework_scope,
    holds_role,
    require_case_action,
)
from pathways.casework.models import Case, CaseworkRole, Transfer

# The actions of the receiving agency's case supervisor; revoke is the requesting side's.
RECEIVING_ACTIONS = frozenset({"accept", "reject"})
SUPERVISOR = CaseworkRole.CASE_SUPERVISOR


def transfers_visible_to(user: Any) -> QuerySet[Transfer]:
    """The transfers of cases the user may see, and those to an agency they supervise."""
    scope = casework_scope(user)
    if not scope.is_casework_user:
        return Transfer.objects.none()
    receiving = scope.agencies_with(SUPERVISOR)
    return Transfer.objects.filter(
        Q(case__in=cases_visible_to(user)) | Q(to_agency_id__in=receiving)
    )


def transfers_waiting_for(user: Any) -> QuerySet[Transfer]:
    """The requests waiting for the user's decision: to an agency they supervise."""
    receiving = casework_scope(user).agencies_with(SUPERVISOR)
    return Transfer.objects.filter(to_agency_id__in=receiving, status=Transfer.Status.REQUESTED)


def transfer_for(user: Any, pk: int | str) -> Transfer:
    """The transfer by id if the user may see it; 404 otherwise."""
    try:
        return (
            transfers_visible_to(user)
            .select_related(
                "case__client", "case__country", "from_agency", "to_agency", "requested_by"
            )
            .get(pk=int(pk))
        )
    except (Transfer.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such transfer.") from exc


def require_transfer_request(user: Any, case: Case) -> None:
    """404 for a case out of sight; 403 unless the case's own case worker or a case
    supervisor of its owner agency."""
    require_case_action(user, case, "request_transfer")


def require_transfer_action(user: Any, transfer: Transfer, action: str) -> None:
    """404 for a transfer out of sight; 403 unless the user may take `action` on it: accept
    or reject as a case supervisor of the receiving agency, revoke as the requesting side."""
    if not transfers_visible_to(user).filter(pk=transfer.pk).exists():
        raise Http404("No such transfer.")
    if action in RECEIVING_ACTIONS:
        if not holds_role(user, transfer.to_agency_id, SUPERVISOR):
            raise PermissionDenied("Only a case supervisor of the receiving agency decides.")
        return
    if holds_role(user, transfer.from_agency_id, SUPERVISOR):
        return
    case = transfer.case
    on_team = case.case_worker_id == user.pk or case.team_members.filter(pk=user.pk).exists()
    if not (on_team and holds_role(user, transfer.from_agency_id, CaseworkRole.CASE_WORKER)):
        raise PermissionDenied("Only the requesting agency's case team revokes a transfer.")


def may_act(user: Any, transfer: Transfer, action: str) -> bool:
    try:
        require_transfer_action(user, transfer, action)
    except (Http404, PermissionDenied):
        return False
    return True


def may_request_transfer(user: Any, case: Case) -> bool:
    try:
        require_transfer_request(user, case)
    except (Http404, PermissionDenied):
        return False
    return True


def reading_agency(user: Any, transfer: Transfer) -> int | None:
    """The agency for which the user reads a transfer's words: a case supervisor of either
    side, or its requester still at the requesting agency; None for anyone else."""
    for agency_id in (transfer.from_agency_id, transfer.to_agency_id):
        if holds_role(user, agency_id, SUPERVISOR):
            return agency_id
    if transfer.requested_by_id == user.pk and holds_role(
        user, transfer.from_agency_id, CaseworkRole.CASE_WORKER
    ):
        return transfer.from_agency_id
    return None
