"""The casework home: what each role works on, at a glance. Case numbers, dates and types
only (tier 1): no value is opened here, so the page writes no access event."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from pathways.casework.access import SCREENING_ROLES, CaseworkScope, cases_visible_to
from pathways.casework.models import Case, CaseworkRole
from pathways.casework.services.intake import REGISTERING_ROLES
from pathways.casework.views.common import casework_user, url_with_query

LISTED = 25


@login_required
@require_GET
def worklist(request: HttpRequest) -> HttpResponse:
    scope = casework_user(request.user)
    user = request.user
    context: dict[str, Any] = {
        "my_cases": _my_open_cases(user, scope),
        "agency_cases": _agency_open_cases(user, scope),
        "by_agency": _country_open_cases(scope),
        "is_auditor": scope.has_role(CaseworkRole.ACCESS_AUDITOR),
        "is_agency_admin": scope.has_role(CaseworkRole.AGENCY_ADMIN),
        "staff_url": url_with_query("casework:staff"),
        "may_register": scope.has_role(*REGISTERING_ROLES),
        "may_screen": scope.has_role(*SCREENING_ROLES),
    }
    return render(request, "casework/worklist.html", context)


def _open(user: Any):
    return (
        cases_visible_to(user)
        .filter(status=Case.Status.OPEN)
        .select_related("owner_agency")
        .order_by("-opened_on", "-id")
    )


def _my_open_cases(user: Any, scope: CaseworkScope) -> list[Case] | None:
    """A case worker's open cases: theirs or on whose team they are."""
    agencies = scope.agencies_with(CaseworkRole.CASE_WORKER)
    if not agencies:
        return None
    mine = Q(case_worker=user) | Q(team_members=user)
    return list(_open(user).filter(mine, owner_agency_id__in=agencies).distinct()[:LISTED])


def _agency_open_cases(user: Any, scope: CaseworkScope) -> dict[str, Any] | None:
    agencies = scope.agencies_with(CaseworkRole.CASE_SUPERVISOR)
    if not agencies:
        return None
    cases = _open(user).filter(owner_agency_id__in=agencies).select_related("case_worker")
    return {"count": cases.count(), "cases": list(cases[:LISTED])}


def _country_open_cases(scope: CaseworkScope) -> list[dict[str, Any]] | None:
    """The coordinator's view: open cases per agency of their countries, counts only."""
    countries = scope.countries_with(CaseworkRole.NRM_COORDINATOR)
    if not countries:
        return None
    return list(
        Case.objects.filter(country_id__in=countries, status=Case.Status.OPEN)
        .values("owner_agency__name")
        .annotate(open_cases=Count("id"))
        .order_by("owner_agency__name")
    )
