"""The stage panel of the case page (casework.md §3.3): the stage in words and, as forms
carrying the case's version, only the actions the reader may take now; approvals and reopening
by the supervisor; a refused action explained on the page; of two people acting at once, the
second is told the stage the case is in and nothing is written; a case walked through the pages
from presumed victim to closed and reopened."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from pathways.casework.models import (
    CarePlan,
    Case,
    CaseNote,
    CaseworkRole,
    IdentificationDecision,
)
from pathways.casework.tests.care_helpers import load_sets
from pathways.casework.tests.conftest import make_agency, staff
from pathways.casework.tests.identification_helpers import (
    case_in_stage,
    formal_decision,
    name_formal_identifier,
    presumed,
)
from pathways.casework.tests.pages import browser_as
from pathways.casework.transitions import CASE_MOVES, ConcurrentChange
from pathways.casework.views import case_stages

Stage = Case.Stage
Status = IdentificationDecision.Status
SUPERVISOR_ONLY = {"approve_closure", "reject_closure", "reopen"}
# Taken on the care plan itself, which moves the case with it (`test_pages_care.py`).
PLAN_ACTIONS = {"submit_plan", "approve_plan", "reject_plan"}
# The presumed stage's actions wait for the identification that says which one applies.
ON_IDENTIFICATION = {"confirm_identification", "identification_negative_and_close"}


@pytest.fixture
def w(kh):
    agency = make_agency(kh, "Provincial DoSVY")
    other = make_agency(kh, "Shelter Beta")
    people = {
        "worker": staff(agency, CaseworkRole.CASE_WORKER, "worker"),
        "colleague": staff(agency, CaseworkRole.CASE_WORKER, "colleague"),
        "supervisor": staff(agency, CaseworkRole.CASE_SUPERVISOR, "sup"),
        "second_supervisor": staff(agency, CaseworkRole.CASE_SUPERVISOR, "sup2"),
        "lawyer": staff(agency, CaseworkRole.LEGAL_OFFICER, "lawyer"),
        "coordinator": staff(other, CaseworkRole.NRM_COORDINATOR, "coordinator"),
        "other_worker": staff(other, CaseworkRole.CASE_WORKER, "otherworker"),
    }
    decision = presumed(people["worker"], agency)
    return SimpleNamespace(agency=agency, case=decision.case, decision=decision, **people)


def action_url(case: Case, action: str) -> str:
    return reverse("casework:case_stage_action", args=[case.pk, action])


def case_html(case: Case, user) -> str:
    response = browser_as(user).get(reverse("casework:case_detail", args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode()


def act(user, case: Case, action: str, version: int | None = None, **values):
    data = {f"{action}-version": case.version if version is None else version}
    data.update({f"{action}-{name}": value for name, value in values.items()})
    return browser_as(user).post(action_url(case, action), data, follow=True)


def fresh(case: Case) -> Case:
    return Case.objects.get(pk=case.pk)


def shown_actions(html: str, case: Case) -> set[str]:
    return {action for (_s, action) in CASE_MOVES if action_url(case, action) in html}


STAGES_WITH_ACTIONS = sorted(
    {stage for stage, action in CASE_MOVES if action not in PLAN_ACTIONS} - {Stage.PRESUMED}
)


@pytest.mark.parametrize("stage", STAGES_WITH_ACTIONS)
def test_each_reader_sees_only_the_actions_they_may_take(w, stage):
    case = case_in_stage(w.case, stage)
    in_table = {action for (s, action) in CASE_MOVES if s == stage} - PLAN_ACTIONS
    assert shown_actions(case_html(case, w.supervisor), case) == in_table
    assert shown_actions(case_html(case, w.worker), case) == in_table - SUPERVISOR_ONLY
    for reader in (w.lawyer, w.coordinator):
        html = case_html(case, reader)
        assert shown_actions(html, case) == set()
        assert f"This case is at the stage: <strong>{Stage(stage).label}</strong>" in html


def test_a_presumed_victims_case_waits_for_the_formal_identification(w):
    html = case_html(w.case, w.worker)
    assert shown_actions(html, w.case) == set()
    assert "opens once a formal identification finds the person a victim" in html
    formal_decision(w.case, Status.ACTUAL)
    assert shown_actions(case_html(w.case, w.worker), w.case) == {"confirm_identification"}


def test_a_case_found_not_a_victim_closes_with_a_note(w):
    formal_decision(w.case, Status.NOT_A_VICTIM)
    html = case_html(w.case, w.worker)
    assert shown_actions(html, w.case) == {"identification_negative_and_close"}
    response = act(
        w.worker, w.case, "identification_negative_and_close", note="Referred to the IOM office"
    )
    assert "The case is now “Closed”." in response.content.decode()
    case = fresh(w.case)
    assert (case.stage, case.status) == (Stage.CLOSED, Case.Status.CLOSED)
    assert case.closure_reason == Case.ClosureReason.NOT_A_VICTIM_REFERRED
    assert "Referred to the IOM office" in response.content.decode()


def test_a_refused_action_is_explained_and_nothing_written(w):
    # Posted without the formal identification the guard asks for.
    response = act(w.worker, w.case, "confirm_identification")
    assert response.status_code == 409
    assert "no such decision is recorded" in response.content.decode()
    assert fresh(w.case).stage == Stage.PRESUMED


def test_an_action_not_in_the_table_names_the_stage(w):
    case = case_in_stage(w.case, Stage.SERVICES)
    response = act(w.supervisor, case, "start_assessment")
    assert response.status_code == 409
    assert "A case that is “Services” cannot be moved to assessment." in response.content.decode()


def _closure_asked(w) -> Case:
    case = case_in_stage(w.case, Stage.MONITORING)
    act(w.worker, case, "request_closure", reason="goals_achieved")
    return fresh(case)


def test_a_case_worker_may_not_approve_and_others_may_not_act(w):
    case = _closure_asked(w)
    assert act(w.worker, case, "approve_closure").status_code == 403
    assert act(w.lawyer, case, "approve_closure").status_code == 403
    # A case worker of the agency who is not on the case's team does not see it.
    assert act(w.colleague, case, "reject_closure").status_code == 404
    assert act(w.other_worker, case, "approve_closure").status_code == 404
    assert act(w.supervisor, case, "no_such_action").status_code == 404
    assert fresh(case).stage == Stage.CLOSURE_PENDING


@pytest.mark.parametrize("stage", [Stage.ASSESSMENT, Stage.PLAN_PENDING_APPROVAL])
def test_the_plan_moves_the_case_from_the_care_plan_not_from_a_stage_button(w, stage):
    case = case_in_stage(w.case, stage)
    html = case_html(case, w.supervisor)
    assert shown_actions(html, case) & PLAN_ACTIONS == set()
    assert 'href="#care-plan"' in html
    for action in PLAN_ACTIONS:
        assert act(w.supervisor, case, action).status_code == 404
    assert fresh(case).stage == stage


def test_another_agency_gets_404_for_every_action(w):
    case = case_in_stage(w.case, Stage.MONITORING)
    for action in ("request_closure", "start_monitoring", "reopen"):
        assert act(w.other_worker, case, action).status_code == 404


def test_the_second_of_two_supervisors_is_told_the_stage_the_case_is_in(w):
    case = _closure_asked(w)
    assert "approve_closure" in shown_actions(case_html(case, w.second_supervisor), case)
    act(w.supervisor, case, "approve_closure")
    response = act(w.second_supervisor, case, "reject_closure", version=case.version)
    html = response.content.decode()
    assert response.status_code == 409
    assert "Someone else acted on this case" in html
    assert "it is now “Closed”" in html
    assert fresh(case).stage == Stage.CLOSED


def test_a_stale_reason_is_kept_for_the_second_user(w):
    case = case_in_stage(w.case, Stage.MONITORING)
    act(w.supervisor, case, "request_closure", reason="goals_achieved")
    act(w.supervisor, fresh(case), "reject_closure")
    # Back in monitoring, at a later version: the worker's page was loaded before all that.
    stale = act(w.worker, case, "request_closure", reason="lost_contact", note="Phone off")
    html = stale.content.decode()
    assert stale.status_code == 409
    assert "it is now “Monitoring”" in html
    assert "Phone off" in html
    assert fresh(case).closure_reason == ""


def test_a_change_between_the_check_and_the_write_is_told(w, monkeypatch):
    case = case_in_stage(w.case, Stage.SERVICES)

    def raced(**kwargs):
        raise ConcurrentChange("raced")

    services = dict(case_stages.SERVICES, start_reintegration=(raced, ()))
    monkeypatch.setattr(case_stages, "SERVICES", services)
    response = act(w.worker, case, "start_reintegration")
    assert response.status_code == 409
    assert "it is now “Services”" in response.content.decode()


def test_a_closure_request_needs_a_reason_and_reopening_says_why(w):
    case = case_in_stage(w.case, Stage.SERVICES)
    response = act(w.worker, case, "request_closure", reason="")
    assert "Reason for closing: This field is required." in response.content.decode()
    assert fresh(case).stage == Stage.SERVICES
    closed = case_in_stage(case, Stage.CLOSED)
    response = act(w.supervisor, closed, "reopen", reason="  ")
    assert "Why the case is reopened: This field is required." in response.content.decode()
    assert fresh(case).stage == Stage.CLOSED
    assert act(w.worker, closed, "reopen", reason="New risk").status_code == 403


def _schedule_and_decide(w) -> None:
    name_formal_identifier(w.agency)
    decision = w.decision
    when = (timezone.localtime() + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    browser = browser_as(w.worker)
    args = [w.case.pk, decision.pk]
    browser.post(
        reverse("casework:identification_schedule", args=args),
        {"version": decision.version, "when": when},
    )
    decision.refresh_from_db()
    response = browser.post(
        reverse("casework:identification_decide", args=args),
        {
            "version": decision.version,
            "status": Status.ACTUAL,
            "level": "formal",
            "decision_making_org_type": "NonPoliceGovernmentalOrganization",
            "decided_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302


def _move_the_plan(user, case: Case, move: str) -> None:
    """The care plan written (when there is no draft to send), then moved on its own panel."""
    browser = browser_as(user)
    plans = CarePlan.objects.filter(case=case).order_by("-number")
    if move == "submit" and not plans.filter(state=CarePlan.State.DRAFT).exists():
        data = {"goal_rows": "1", "plan_type": "SocialCare", "objectives": "Synthetic"}
        data |= {"goal-0-domain": "education", "goal-0-description": "Back to school"}
        data |= {"goal-0-responsible": "Case worker", "goal-0-target_date": "2030-01-31"}
        edit = browser.post(reverse("casework:care_plan_edit", args=[case.pk]), data)
        assert edit.status_code == 302
    plan = plans.first()
    url = reverse("casework:care_plan_move", args=[case.pk, plan.pk, move])
    assert url in case_html(case, user), move
    assert browser.post(url).status_code == 302


def test_a_case_walked_from_presumed_to_closed_and_reopened_through_the_pages(w):
    load_sets()
    _schedule_and_decide(w)
    steps = [
        (w.worker, "confirm_identification", {}, Stage.OPEN),
        (w.worker, "start_assessment", {}, Stage.ASSESSMENT),
        (w.worker, "plan:submit", {}, Stage.PLAN_PENDING_APPROVAL),
        (w.supervisor, "plan:return", {}, Stage.ASSESSMENT),
        (w.worker, "plan:submit", {}, Stage.PLAN_PENDING_APPROVAL),
        (w.supervisor, "plan:approve", {}, Stage.SERVICES),
        (w.worker, "start_reintegration", {}, Stage.REINTEGRATION),
        (w.worker, "start_monitoring", {}, Stage.MONITORING),
        (w.worker, "request_closure", {"reason": "goals_achieved"}, Stage.CLOSURE_PENDING),
        (w.supervisor, "reject_closure", {}, Stage.MONITORING),
        (w.worker, "request_closure", {"reason": "repatriated", "note": "Home in Vinh"}, None),
        (w.supervisor, "approve_closure", {}, Stage.CLOSED),
        (w.supervisor, "reopen", {"reason": "The family reported new threats"}, Stage.OPEN),
    ]
    for user, action, values, stage in steps:
        case = fresh(w.case)
        if action.startswith("plan:"):
            _move_the_plan(user, case, action.removeprefix("plan:"))
            assert fresh(w.case).stage == stage
            continue
        assert action_url(case, action) in case_html(case, user), action
        response = act(user, case, action, **values)
        assert response.status_code == 200, action
        stage = stage or Stage.CLOSURE_PENDING
        assert f"The case is now “{Stage(stage).label}”." in response.content.decode()
        assert fresh(w.case).stage == stage
        if stage == Stage.CLOSED:
            html = response.content.decode()
            assert "Repatriated" in html
            assert "Closure approved by" in html
    case = fresh(w.case)
    assert (case.status, case.closure_reason, case.closure_approved_by) == ("open", "", None)
    assert CaseNote.objects.filter(case=case).count() == 2
    html = case_html(case, w.worker)
    assert "The family reported new threats" in html
    assert "Home in Vinh" in html
