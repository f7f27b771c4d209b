"""Opening a case's care records for a reader (assessments, care plans, services delivered,
follow-ups, trafficking events): only the kinds whose section the reader may see
(`access_care.may_read`), each page's sealed texts opened together and the read recorded as
one access event naming the kinds shown, in the same transaction. Pages and the API get these
values from here and nowhere else, like the case's own sections from `reading.py`."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import F
from django.http import Http404, HttpRequest
from django.utils import timezone

from pathways.casework import sealing
from pathways.casework.access import permitted_sections
from pathways.casework.access_care import may_read
from pathways.casework.deadlines import due_state
from pathways.casework.models import (
    AccessEvent,
    Assessment,
    CarePlan,
    Case,
    FollowUp,
    ServiceDelivery,
    TraffickingEvent,
)
from pathways.casework.reading import _record_case_read

PARTS = ("assessments", "care_plans", "services_delivered", "follow_ups", "trafficking_events")
MODELS = {
    "assessments": Assessment,
    "care_plans": CarePlan,
    "services_delivered": ServiceDelivery,
    "follow_ups": FollowUp,
    "trafficking_events": TraffickingEvent,
}
PAGE_SIZES = {"assessments": 10, "services_delivered": 10, "follow_ups": 10}
# How many assessments the case page shows before "the history".
RECENT_ASSESSMENTS = 3


@dataclass(frozen=True)
class OpenedPlan:
    plan: CarePlan
    objectives: str
    action_plan: str
    # (goal, description, services planned)
    goals: list[tuple[Any, str, str]]


@dataclass
class CareView:
    """What one reader may see of a case's care records, opened and recorded. A part not
    permitted (or not asked for) is None."""

    case: Case
    assessments: Page | None = None  # of (assessment, {domain code: note})
    plan_in_force: OpenedPlan | None = None
    plan_working: OpenedPlan | None = None
    plan_versions: list[CarePlan] = field(default_factory=list)
    plans_shown: bool = False
    services: Page | None = None  # of (service, note)
    follow_ups: Page | None = None  # of (follow-up, what, outcome, Due or None when done)
    events: list[tuple[TraffickingEvent, str]] | None = None

    def __repr__(self) -> str:
        return f"CareView(case={self.case.pk})"


def permitted_parts(user: Any, case: Case) -> frozenset[str]:
    return frozenset(part for part, model in MODELS.items() if may_read(user, case, model))


def open_care(
    user: Any,
    case: Case,
    *,
    via: str,
    request: HttpRequest | None = None,
    parts: tuple[str, ...] = PARTS,
    pages: dict[str, Any] | None = None,
    recent_assessments: bool = True,
) -> CareView:
    """Open the parts the user may see (of `parts`); `pages` gives each paginated part's
    page number. A case out of reach is a 404."""
    if not permitted_sections(user, case):
        raise Http404("No such case.")
    allowed = permitted_parts(user, case) & set(parts)
    pages = pages or {}
    view = CareView(case)
    shown: list[str] = []
    with transaction.atomic():
        if "assessments" in allowed:
            view.assessments = _assessments(case, pages.get("assessments"), recent_assessments)
            shown += ["assessments"] if view.assessments.object_list else []
        if "care_plans" in allowed:
            _plans(case, view)
            shown += ["care_plans"] if view.plan_in_force or view.plan_working else []
        if "services_delivered" in allowed:
            view.services = _services(case, pages.get("services_delivered"))
            shown += ["services_delivered"] if view.services.object_list else []
        if "follow_ups" in allowed:
            view.follow_ups = _follow_ups(case, pages.get("follow_ups"))
            shown += ["follow_ups"] if view.follow_ups.object_list else []
        if "trafficking_events" in allowed:
            view.events = [
                (event, sealing.open_record(event, "description"))
                for event in TraffickingEvent.objects.filter(case=case).select_related(
                    "case__country"
                )
            ]
            shown += ["trafficking_events"] if view.events else []
        if shown:
            _record_case_read(
                user, case, action=AccessEvent.Action.VIEW, fields=shown, via=via, request=request
            )
    return view


def _page(rows: Any, size: int, number: Any) -> Page:
    return Paginator(rows, size).get_page(number)


def _assessments(case: Case, number: Any, recent: bool) -> Page:
    rows = Assessment.objects.filter(case=case).select_related(
        "case__country", "domain_set", "assessor"
    )
    page = _page(rows, RECENT_ASSESSMENTS if recent else PAGE_SIZES["assessments"], number)
    opened = []
    for assessment in page.object_list:
        text = sealing.open_record(assessment, "notes")
        opened.append((assessment, json.loads(text) if text else {}))
    page.object_list = opened
    return page


def _open_plan(plan: CarePlan) -> OpenedPlan:
    goals = [
        (goal, sealing.open_record(goal, "description"), sealing.open_record(goal, "services"))
        for goal in plan.goals.select_related("case__country")
    ]
    return OpenedPlan(
        plan,
        sealing.open_record(plan, "objectives"),
        sealing.open_record(plan, "action_plan"),
        goals,
    )


def _plans(case: Case, view: CareView) -> None:
    versions = list(
        CarePlan.objects.filter(case=case).select_related(
            "case__country", "approved_by", "submitted_by"
        )
    )
    view.plan_versions, view.plans_shown = versions, True
    for plan in versions:
        if plan.state == CarePlan.State.APPROVED:
            view.plan_in_force = _open_plan(plan)
        elif plan.state in (
            CarePlan.State.DRAFT,
            CarePlan.State.SUBMITTED,
            CarePlan.State.RETURNED,
        ):
            view.plan_working = _open_plan(plan)


def _services(case: Case, number: Any) -> Page:
    rows = ServiceDelivery.objects.filter(case=case).select_related("case__country", "provider")
    page = _page(rows, PAGE_SIZES["services_delivered"], number)
    page.object_list = [(row, sealing.open_record(row, "note")) for row in page.object_list]
    return page


def _follow_ups(case: Case, number: Any) -> Page:
    """Those not done first, earliest due first; then those done, latest first."""
    rows = (
        FollowUp.objects.filter(case=case)
        .select_related("case__country", "assigned_to", "done_by")
        .order_by(F("done_on").desc(nulls_first=True), "due_on", "id")
    )
    page = _page(rows, PAGE_SIZES["follow_ups"], number)
    today = timezone.localdate()
    page.object_list = [
        (
            row,
            sealing.open_record(row, "what"),
            sealing.open_record(row, "outcome"),
            None if row.done_on else due_state(row.due_on, today),
        )
        for row in page.object_list
    ]
    return page
