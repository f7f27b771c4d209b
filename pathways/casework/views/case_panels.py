"""What the case page shows of a case's identification and of its stage, with the actions the
reader may take now: only those the workflow's table allows in the current state and the
access rules allow the reader (`access.require_case_action`, `require_identification_action`).
Nothing here is sealed: statuses, levels, dates and agencies are tier 1."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from pathways.casework.access import (
    require_case_action,
    require_identification_action,
    require_speaking_for_person,
)
from pathways.casework.case_stage_forms import StageActionForm
from pathways.casework.models import Case, CountryNotification, IdentificationDecision
from pathways.casework.services.case_stages import CASE
from pathways.casework.services.identification_moves import (
    IDENTIFICATION,
    NON_PUNISHMENT_NOTICE,
    authoritative_decision,
)

Decision = IdentificationDecision
State = IdentificationDecision.State

# What a button says for each action of the case (the table's words are for sentences).
STAGE_BUTTONS = {
    "confirm_identification": _("Open the case: identified as a victim"),
    "start_assessment": _("Start the assessment"),
    "start_reintegration": _("Start reintegration"),
    "start_monitoring": _("Start monitoring"),
    "request_closure": _("Ask to close the case"),
    "approve_closure": _("Approve the closure"),
    "reject_closure": _("Keep the case open"),
    "reopen": _("Reopen the case"),
    "identification_negative_and_close": _("Close: not a victim, referred elsewhere"),
}
# Actions that send the case backwards or close it: a secondary or warning look.
SECONDARY_STAGE_ACTIONS = frozenset({"reject_closure"})
# The plan's moves are taken on the care plan itself (`services/care.py`), which moves the
# case with it: a stage button would move the case with no plan to approve.
PLAN_ACTIONS = frozenset({"submit_plan", "approve_plan", "reject_plan"})
# The identification pages each action opens (request_review is a button on the panel).
IDENTIFICATION_LINKS = {
    "schedule_interview": ("casework:identification_schedule", _("Schedule the interview")),
    "reschedule": ("casework:identification_schedule", _("Change the interview date")),
    "record_decision": ("casework:identification_decide", _("Record the decision")),
    "record_review": ("casework:identification_review", _("Record the review's outcome")),
    "recognise_foreign_decision": (
        "casework:identification_recognise",
        _("Recognise another country's identification"),
    ),
}


def allowed(check: Callable[[], None]) -> bool:
    """Whether an access check lets the user act (it raises when not)."""
    try:
        check()
    except (PermissionDenied, Http404):
        return False
    return True


# --- the stage ------------------------------------------------------------------------------------


def case_actions_for(user: Any, case: Case) -> list[str]:
    """The case's actions the user may take now: in the table for the stage, permitted to the
    user; a presumed victim's case opens or closes only on the identification that says so."""
    decision = authoritative_decision(case.client_id, case.country_id)
    status = decision.status if decision and decision.state != State.UNDER_REVIEW else ""
    actions = []
    for action in CASE.allowed_actions(case.stage):
        if action in PLAN_ACTIONS:
            continue
        if action == "confirm_identification" and status != Decision.Status.ACTUAL:
            continue
        if action == "identification_negative_and_close" and status != Decision.Status.NOT_A_VICTIM:
            continue
        if allowed(lambda action=action: require_case_action(user, case, action)):
            actions.append(action)
    return actions


def stage_panel(user: Any, case: Case, forms: dict[str, StageActionForm] | None = None) -> dict:
    """The stage in words, and one form per action the user may take (a bound one kept when
    it came back with errors)."""
    forms = forms or {}
    shown = []
    for action in case_actions_for(user, case):
        form = forms.get(action) or StageActionForm(
            action=action, initial={"version": case.version}
        )
        shown.append(
            {
                "action": action,
                "form": form,
                "button": STAGE_BUTTONS[action],
                "secondary": action in SECONDARY_STAGE_ACTIONS,
            }
        )
    return {
        "case": case,
        "stage": case.get_stage_display(),
        "stage_before_closure": dict(Case.Stage.choices).get(case.stage_before_closure, ""),
        "actions": shown,
        "waiting_for_identification": case.stage == Case.Stage.PRESUMED and not shown,
    }


# --- the identification ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Due:
    """When the formal identification is due, and how far off or overdue that is, in words."""

    day: Any
    overdue: bool
    words: str


def due_in_words(day: Any) -> Due:
    days = (day - timezone.localdate()).days
    if days < 0:
        words = ngettext("overdue by %(n)d day", "overdue by %(n)d days", -days) % {"n": -days}
    elif days == 0:
        words = str(_("due today"))
    else:
        words = ngettext("in %(n)d day", "in %(n)d days", days) % {"n": days}
    return Due(day=day, overdue=days < 0, words=words)


def case_decisions(case: Case) -> list[IdentificationDecision]:
    """The decisions taken on the case's client in its country, newest first."""
    return list(
        Decision.objects.filter(client_id=case.client_id, country_id=case.country_id)
        .select_related("decision_agency", "country_notification", "case", "country", "client")
        .order_by("-decided_at", "-id")
    )


def current_decision(decisions: list[IdentificationDecision]) -> IdentificationDecision | None:
    """The decision the workflow acts on: the newest one no later decision replaced."""
    replaced = {d.supersedes_id for d in decisions if d.supersedes_id}
    return next((d for d in decisions if d.pk not in replaced), None)


def identification_actions_for(user: Any, case: Case, decision: IdentificationDecision) -> list:
    """The identification actions the user may take on the current decision, for the owner
    agency (the agency through which they see the case)."""
    return [
        action
        for action in IDENTIFICATION.allowed_actions(decision.state)
        if decision.case_id == case.pk
        and allowed(
            lambda action=action: require_identification_action(
                user, decision, case.owner_agency_id, action
            )
        )
    ]


def identification_panel(user: Any, case: Case) -> dict:
    decisions = case_decisions(case)
    current = current_decision(decisions)
    authoritative = next((d for d in decisions if d.is_authoritative_level), None)
    actions = identification_actions_for(user, case, current) if current else []
    pending = [
        d.country_notification
        for d in decisions
        if _notification(d) is not None
        and d.country_notification.status == CountryNotification.Status.PENDING
        and d.case_id == case.pk
    ]
    due = None
    if authoritative is None and current is not None and current.formal_identification_due:
        due = due_in_words(current.formal_identification_due)
    return {
        "case": case,
        "decisions": decisions,
        "current": current,
        "authoritative": authoritative,
        "due": due,
        "links": [
            {"url": IDENTIFICATION_LINKS[a][0], "label": IDENTIFICATION_LINKS[a][1]}
            for a in actions
            if a in IDENTIFICATION_LINKS
        ],
        "may_request_review": "request_review" in actions,
        "pending_notifications": pending,
        "may_object": bool(pending) and allowed(lambda: require_speaking_for_person(user, case)),
        "non_punishment_notice": NON_PUNISHMENT_NOTICE
        if current is not None and current.state == State.IDENTIFIED
        else "",
    }


def _notification(decision: IdentificationDecision) -> CountryNotification | None:
    try:
        return decision.country_notification
    except CountryNotification.DoesNotExist:
        return None
