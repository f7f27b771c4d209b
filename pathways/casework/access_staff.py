"""Who reviews break-glass uses and who manages an agency's casework staff: the supervisors'
and administrators' side of the access rules in `access.py`. Decides only; opens and writes
nothing."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from pathways.casework.access import casework_scope
from pathways.casework.models import BreakGlassGrant, CaseworkRole, StaffMembership

# --- break-glass review ------------------------------------------------------------------------


def break_glass_reviewers_scope(user: Any) -> tuple[frozenset[int], frozenset[int]]:
    """The agencies whose cases' break-glass uses the user reviews (as case supervisor) and
    the countries whose uses they review (as access auditor)."""
    scope = casework_scope(user)
    return (
        scope.agencies_with(CaseworkRole.CASE_SUPERVISOR),
        scope.countries_with(CaseworkRole.ACCESS_AUDITOR),
    )


def break_glass_reviewable(user: Any) -> QuerySet[BreakGlassGrant]:
    """The break-glass uses the user reviews and sees in the report: those on their agency's
    cases for a case supervisor, every one in their country for an access auditor."""
    supervised, audited = break_glass_reviewers_scope(user)
    if not supervised and not audited:
        return BreakGlassGrant.objects.none()
    return BreakGlassGrant.objects.filter(
        Q(case__owner_agency_id__in=supervised) | Q(case__country_id__in=audited)
    )


def break_glass_for_review(user: Any, pk: int | str) -> BreakGlassGrant:
    """One use the user reviews; 404 otherwise, as if it did not exist."""
    try:
        return (
            break_glass_reviewable(user)
            .select_related("case__country", "case__owner_agency", "agency", "user", "reviewed_by")
            .get(pk=int(pk))
        )
    except (BreakGlassGrant.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such break-glass use.") from exc


# --- an agency's staff --------------------------------------------------------------------------


def administered_agencies(user: Any) -> frozenset[int]:
    """The agencies whose staff the user manages. Someone with no casework role gets a 404
    (the pages do not exist for them); a casework role without agency_admin a 403."""
    scope = casework_scope(user)
    if not scope.is_casework_user:
        raise Http404("No such page.")
    agencies = scope.agencies_with(CaseworkRole.AGENCY_ADMIN)
    if not agencies:
        raise PermissionDenied("Only an agency administrator manages casework staff.")
    return agencies


def staff_membership_for(user: Any, pk: int | str) -> StaffMembership:
    """A casework role held at one of the agencies the user administers; 404 otherwise."""
    agencies = administered_agencies(user)
    try:
        return StaffMembership.objects.select_related("user", "agency").get(
            pk=int(pk), agency_id__in=agencies
        )
    except (StaffMembership.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such casework role.") from exc
