"""The casework home: what each role works on, at a glance. Case numbers, dates, stages and
what is due (tier 1) only: no value is opened here, so the page writes no access event.

A case worker's cases come with what is due next on each (`deadlines.due_items`: formal
identification, assessment, care plan, plan review, follow-ups), overdue in words and colour,
the most urgent first; a supervisor sees the approvals waiting (plans submitted, closures
requested)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from pathways.casework import deadlines
from pathways.casework.access import SCREENING_ROLES, CaseworkScope, cases_visible_to
from pathways.casework.access_transfers import transfers_waiting_for
from pathways.casework.export_access import export_requests_to_decide
from pathways.casework.models import CarePlan, Case, CaseworkRole
from pathways.casework.services.intake import REGISTERING_ROLES
from pathways.casework.views.common import casework_user, url_with_query
from pathways.casework.views.referrals import receivers_waiting

LISTED = 25


@login_required
@require_GET
def worklist(request: HttpRequest) -> HttpResponse:
    scope = casework_user(request.user)
    user = request.user
    context: dict[str, Any] = {
        "my_cases": _my_open_cases(user, scope, request.GET.get("page")),
        "agency_cases": _agency_open_cases(user, scope),
        "approvals": _approvals_waiting(user, scope),
        "transfers_waiting": _transfers_waiting(user, scope),
        "by_agency": _country_open_cases(scope),
        "is_auditor": scope.has_role(CaseworkRole.ACCESS_AUDITOR),
        # Statistics releases are drafted and reviewed in the stats app's workspace.
        "works_on_releases": scope.has_role(
            CaseworkRole.STATISTICIAN, CaseworkRole.DATA_PROTECTION
        ),
        "is_agency_admin": scope.has_role(CaseworkRole.AGENCY_ADMIN),
        "staff_url": url_with_query("casework:staff"),
        "may_register": scope.has_role(*REGISTERING_ROLES),
        "may_screen": scope.has_role(*SCREENING_ROLES),
        "referrals_waiting": receivers_waiting(user),
    }
    return render(request, "casework/worklist.html", context)


def _open(user: Any):
    return (
        cases_visible_to(user)
        .filter(status=Case.Status.OPEN)
        .select_related("owner_agency")
        .order_by("-opened_on", "-id")
    )


def _my_open_cases(user: Any, scope: CaseworkScope, page: Any) -> Any:
    """A case worker's open cases (theirs or on whose team they are), each with what is due
    on it, the earliest due first and cases with nothing due last; 25 a page."""
    agencies = scope.agencies_with(CaseworkRole.CASE_WORKER)
    if not agencies:
        return None
    mine = Q(case_worker=user) | Q(team_members=user)
    cases = list(_open(user).filter(mine, owner_agency_id__in=agencies).distinct())
    due = deadlines.due_items(cases)
    rows = [{"case": case, "due": due[case.pk]} for case in cases]
    rows.sort(key=lambda row: (not row["due"], row["due"][0].due_on if row["due"] else None))
    return Paginator(rows, LISTED).get_page(page)


def _approvals_waiting(user: Any, scope: CaseworkScope) -> list[dict[str, Any]] | None:
    """What waits for a supervisor of the agency: care plans submitted (a case's first plan
    or a revision), closures requested and HTCDS exports asked by someone else, the longest
    waiting first within each kind."""
    agencies = scope.agencies_with(CaseworkRole.CASE_SUPERVISOR)
    if not agencies:
        return None
    visible = cases_visible_to(user).filter(owner_agency_id__in=agencies)
    plans = (
        CarePlan.objects.filter(case__in=visible, state=CarePlan.State.SUBMITTED)
        .select_related("case", "submitted_by")
        .order_by("submitted_at", "id")
    )
    rows: list[dict[str, Any]] = [
        {"case": plan.case, "kind": "plan", "plan": plan, "since": plan.submitted_at}
        for plan in plans
    ]
    closures = visible.filter(stage=Case.Stage.CLOSURE_PENDING).order_by("opened_on", "id")
    rows += [{"case": case, "kind": "closure", "since": None} for case in closures]
    exports = (
        export_requests_to_decide(user)
        .filter(case__in=visible)
        .select_related("case")
        .order_by("requested_at", "id")
    )
    rows += [
        {"case": e.case, "kind": "export", "export": e, "since": e.requested_at} for e in exports
    ]
    return rows


def _transfers_waiting(user: Any, scope: CaseworkScope) -> dict[str, Any] | None:
    """For a case supervisor: transfers to their agency waiting for a decision, the oldest
    first (case numbers and agencies only)."""
    if not scope.has_role(CaseworkRole.CASE_SUPERVISOR):
        return None
    waiting = transfers_waiting_for(user).select_related("case", "from_agency").order_by("pk")
    return {"count": waiting.count(), "transfers": list(waiting[:LISTED])}


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
