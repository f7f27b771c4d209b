"""Who sees and moves a return across a border (casework.md §3.6, §6): under both countries'
scopes, never the narrative.

- The case's readers (`access.cases_visible_to`: its team, its agency's supervisors and legal
  officers, the NRM coordinator of the country holding the case) see its returns.
- The NRM coordinator of the home country (`to_country`) sees the return's facts (status,
  dates, countries, case number, the hand-over agency) and nothing of the case: the case page
  stays a 404 for them (a coordinator reads the summaries of their own country's cases only).
- The home-country agency named by the hand-over referral (its case supervisors and case
  workers) sees the return once the referral is offered; it reads the case's shared sections
  through the referral's grant after accepting (`access.py`), not through the return.

Who acts: the case's own case worker (on its team) or a case supervisor of the owner agency
takes every step; the home country's NRM coordinator may also record the answer to the
nationality verification (its authorities give it); only a case supervisor of the owner
agency resumes a return put on hold. `hand_over` is no one's action: it follows the
home-country agency's acceptance of the hand-over referral. Decides only; opens and writes
nothing.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from pathways.casework.access import (
    _on_team,
    cases_visible_to,
    casework_scope,
    holds_role,
    require_case_action,
)
from pathways.casework.models import Case, CaseworkRole, Referral, ReturnRequest, StaffMembership
from pathways.casework.transitions import RETURN_MOVES

# Steps the home country's NRM coordinator may record, beside the case's team.
VERIFICATION_ANSWERS = frozenset({"verify_nationality", "find_not_national"})
# Steps only a case supervisor of the owner agency takes.
SUPERVISOR_RETURN_ACTIONS = frozenset({"resume"})
# Taken by the system when the home-country agency accepts the hand-over referral.
SYSTEM_RETURN_ACTIONS = frozenset({"hand_over"})
RECEIVING_ROLES = (CaseworkRole.CASE_SUPERVISOR, CaseworkRole.CASE_WORKER)


def returns_visible_to(user: Any) -> QuerySet[ReturnRequest]:
    """The returns the user may see (tier-1 facts): those of the cases they may see, those
    to the countries they coordinate, and those handed over to their agency."""
    scope = casework_scope(user)
    if not scope.is_casework_user:
        return ReturnRequest.objects.none()
    condition = Q(case__in=cases_visible_to(user))
    coordinated = scope.countries_with(CaseworkRole.NRM_COORDINATOR)
    if coordinated:
        condition |= Q(to_country_id__in=coordinated)
    receiving = scope.agencies_with(*RECEIVING_ROLES)
    if receiving:
        condition |= Q(handover_referral__to_agency_id__in=receiving) & ~Q(
            handover_referral__status=Referral.Status.DRAFT
        )
    return ReturnRequest.objects.filter(condition)


def return_for(user: Any, pk: int | str) -> ReturnRequest:
    """The return by id if the user may see it; 404 otherwise, as if it did not exist."""
    try:
        return (
            returns_visible_to(user)
            .select_related("case", "from_country", "to_country", "handover_referral__to_agency")
            .get(pk=int(pk))
        )
    except (ReturnRequest.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such return.") from exc


def require_return_request(user: Any, case: Case) -> None:
    """Ask for a return of the case's person: 404 out of sight, 403 unless the case's own
    case worker or a supervisor of the owner agency."""
    require_case_action(user, case, "request_return")


def _on_case_team(user: Any, case: Case) -> bool:
    agency_id = case.owner_agency_id
    if holds_role(user, agency_id, CaseworkRole.CASE_SUPERVISOR):
        return True
    return holds_role(user, agency_id, CaseworkRole.CASE_WORKER) and _on_team(user, case)


def coordinates(user: Any, country_id: int) -> bool:
    """Whether the user is (afresh) an NRM coordinator of the country."""
    return StaffMembership.objects.filter(
        user=user,
        role=CaseworkRole.NRM_COORDINATOR,
        agency__country_id=country_id,
        user__is_active=True,
    ).exists()


def require_return_action(user: Any, ret: ReturnRequest, action: str) -> None:
    """404 for a return the user may not see; 403 unless they may take `action` on it (the
    case's team; the home country's coordinator for the verification's answer; a case
    supervisor of the owner agency alone to resume). Whether the step is open now is the
    workflow's guard."""
    if not returns_visible_to(user).filter(pk=ret.pk).exists():
        raise Http404("No such return.")
    if action in SYSTEM_RETURN_ACTIONS:
        raise PermissionDenied("A return is handed over when the home agency accepts.")
    case = ret.case
    if action in SUPERVISOR_RETURN_ACTIONS:
        if not holds_role(user, case.owner_agency_id, CaseworkRole.CASE_SUPERVISOR):
            raise PermissionDenied("Only a case supervisor of the owner agency resumes a return.")
        return
    if _on_case_team(user, case):
        return
    if action in VERIFICATION_ANSWERS and coordinates(user, ret.to_country_id):
        return
    raise PermissionDenied("Only the case's own case worker or its supervisor acts on its return.")


def may_take(user: Any, ret: ReturnRequest, action: str) -> bool:
    try:
        require_return_action(user, ret, action)
    except (Http404, PermissionDenied):
        return False
    return True


def return_actions_for(user: Any, ret: ReturnRequest) -> list[str]:
    """The steps open now on the return that the user may take, in the table's order."""
    actions = [a for (state, a) in RETURN_MOVES if state == ret.status]
    return [a for a in actions if a not in SYSTEM_RETURN_ACTIONS and may_take(user, ret, a)]
