"""What a user may export of a case, and who sees which requests to export it (casework.md
§6.3 rule 4), beside `access.py`: the requester their own; a case supervisor those of their
agency's cases, to approve or refuse. Everything else is a 404, as if the request did not
exist."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from pathways.casework.access import casework_scope, permitted_sections
from pathways.casework.models import Case, CaseworkRole, ExportRequest, Section


def exportable_sections(user: Any, case: Case) -> frozenset[str]:
    """What the user may put in an export of the case: the sections they may see, through a
    role at the owner agency; a reader by break-glass or as the country's coordinator the
    summary alone (their reading is for the emergency or the routing, not for sending on)."""
    permitted = permitted_sections(user, case)
    if casework_scope(user).roles_at(case.owner_agency_id):
        return permitted
    return permitted & {Section.SUMMARY}


def supervised_agencies(user: Any) -> frozenset[int]:
    return casework_scope(user).agencies_with(CaseworkRole.CASE_SUPERVISOR)


def export_requests_visible_to(user: Any) -> QuerySet[ExportRequest]:
    scope = casework_scope(user)
    if not scope.is_casework_user:
        return ExportRequest.objects.none()
    condition = Q(requested_by=user) | Q(case__owner_agency_id__in=supervised_agencies(user))
    return ExportRequest.objects.filter(condition).select_related(
        "case", "requested_by", "decided_by"
    )


def export_requests_to_decide(user: Any) -> QuerySet[ExportRequest]:
    """Requests waiting for this supervisor: of their agencies' cases, asked by someone else."""
    return (
        export_requests_visible_to(user)
        .filter(
            state=ExportRequest.State.REQUESTED,
            case__owner_agency_id__in=supervised_agencies(user),
        )
        .exclude(requested_by=user)
    )


def export_request_for(user: Any, pk: int | str) -> ExportRequest:
    try:
        return export_requests_visible_to(user).get(pk=int(pk))
    except (ExportRequest.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such export request.") from exc


def may_decide(user: Any, export: ExportRequest) -> bool:
    """A supervisor of the case's agency other than the requester: no one approves their own."""
    return export.requested_by_id != user.pk and export.case.owner_agency_id in supervised_agencies(
        user
    )
