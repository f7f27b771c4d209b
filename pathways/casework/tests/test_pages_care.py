"""The care records' pages: the panels on the case page (only for readers permitted their
section, every value shown in the access log), the forms (errors named per field, nothing
written on bad input), the plan's moves, and access: 404 out of scope, 403 for a reader who
may not write."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from pathways.casework.models import (
    AccessEvent,
    Assessment,
    CarePlan,
    Case,
    FollowUp,
    ServiceDelivery,
    TraffickingEvent,
)
from pathways.casework.services import (
    assessment_record,
    followup_add,
    trafficking_event_save,
)
from pathways.casework.tests.care_helpers import (
    GOAL_TEXT,
    OBJECTIVES,
    care_world,
    load_sets,
    write_plan,
)
from pathways.casework.tests.pages import browser_as

pytestmark = pytest.mark.django_db
Stage = Case.Stage
EVENT_TEXT = "Kept in building C of the compound and made to scam"
FOLLOW_TEXT = "Call the family about the return date"


def _url(name: str, case: Case, *args) -> str:
    return reverse(f"casework:{name}", args=[case.pk, *args])


def _filled(world) -> None:
    csi = load_sets()["csi-12"]
    assessment_record(
        actor=world.worker,
        case=world.case,
        domain_set=csi,
        assessed_on=timezone.localdate(),
        scores={code: 2 for code in csi.domain_codes},
        notes={"shelter": "Sleeps at the shelter dormitory"},
    )
    write_plan(world.worker, world.case)
    followup_add(
        actor=world.worker,
        case=world.case,
        kind="phone",
        what=FOLLOW_TEXT,
        due_on=timezone.localdate() - dt.timedelta(days=2),
    )
    trafficking_event_save(
        actor=world.worker,
        case=world.case,
        kind="Exploitation",
        country="MM",
        province="Kayin State",
        site_type="scam_compound",
        description=EVENT_TEXT,
    )


def test_the_case_team_sees_the_panels_and_the_read_is_logged(kh):
    world = care_world(kh)
    _filled(world)
    page = browser_as(world.worker).get(_url("case_detail", world.case)).content.decode()
    for text in ("Sleeps at the shelter dormitory", OBJECTIVES, GOAL_TEXT, FOLLOW_TEXT, EVENT_TEXT):
        assert text in page
    assert 'class="badge due-overdue"' in page and "Overdue by 2 days" in page
    assert 'id="care-events"' in page and "Kayin State" in page
    assert "<td>Education</td>" in page  # the goal's domain by its title
    fields = set()
    for event in AccessEvent.objects.filter(user=world.worker, case_id=world.case.pk):
        fields |= set(event.fields)
    assert {"assessments", "care_plans", "follow_ups", "trafficking_events"} <= fields


def test_a_legal_officer_sees_no_care_panel_and_no_care_text(kh):
    world = care_world(kh)
    _filled(world)
    page = browser_as(world.lawyer).get(_url("case_detail", world.case)).content.decode()
    for text in ("Sleeps at the shelter dormitory", OBJECTIVES, FOLLOW_TEXT, EVENT_TEXT):
        assert text not in page
    assert 'id="care-plan"' not in page and 'id="care-events"' not in page
    assert browser_as(world.lawyer).get(_url("assessment_add", world.case)).status_code == 403
    assert browser_as(world.lawyer).get(_url("assessment_history", world.case)).status_code == 403


@pytest.mark.parametrize(
    "name", ["assessment_add", "care_plan_edit", "service_add", "followup_add", "event_add"]
)
def test_a_form_of_another_agencys_case_is_not_found_and_a_lawyer_is_refused(kh, name):
    world = care_world(kh)
    load_sets()
    assert browser_as(world.other_supervisor).get(_url(name, world.case)).status_code == 404
    assert browser_as(world.lawyer).get(_url(name, world.case)).status_code == 403
    assert browser_as(world.worker).get(_url(name, world.case)).status_code == 200


def test_an_assessment_is_added_and_a_missing_score_is_named(kh):
    world = care_world(kh)
    csi = load_sets()["csi-12"]
    browser = browser_as(world.worker)
    form = browser.get(_url("assessment_add", world.case) + f"?set={csi.pk}").content.decode()
    assert "<legend>Food security" in form and 'type="radio"' in form
    data = {"set": csi.pk, "assessed_on": timezone.localdate().isoformat()}
    data |= {f"score_{code}": "3" for code in csi.domain_codes if code != "care"}
    answer = browser.post(_url("assessment_add", world.case), data)
    assert answer.status_code == 200
    assert 'href="#id_score_care"' in answer.content.decode()
    assert not Assessment.objects.exists()
    answer = browser.post(_url("assessment_add", world.case), {**data, "score_care": "1"})
    assert answer.status_code == 302
    assert Assessment.objects.get().scores["care"] == 1


def test_the_history_of_assessments_is_paginated(kh):
    world = care_world(kh, opened_days_ago=30)
    csi = load_sets()["csi-12"]
    for days in range(12):
        assessment_record(
            actor=world.worker,
            case=world.case,
            domain_set=csi,
            assessed_on=timezone.localdate() - dt.timedelta(days=days),
            scores={code: 4 for code in csi.domain_codes},
        )
    browser = browser_as(world.worker)
    first = browser.get(_url("assessment_history", world.case)).content.decode()
    assert first.count('<h2 id="assessment-') == 10 and "Page 1 of 2" in first
    second = browser.get(_url("assessment_history", world.case) + "?page=2").content.decode()
    assert second.count('<h2 id="assessment-') == 2
    case_page = browser.get(_url("case_detail", world.case)).content.decode()
    assert "All 12 assessments" in case_page


def test_the_plan_is_written_submitted_and_approved_through_the_pages(kh):
    world = care_world(kh)
    load_sets()
    worker, supervisor = browser_as(world.worker), browser_as(world.supervisor)
    target = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    data = {
        "goal_rows": "2",
        "plan_type": "SocialCare",
        "objectives": OBJECTIVES,
        "goal-0-domain": "education",
        "goal-0-description": GOAL_TEXT,
        "goal-0-responsible": "Case worker",
        "goal-0-target_date": target,
        "goal-0-status": "not_started",
        "goal-1-description": "A second goal with no one responsible",
        "goal-1-status": "not_started",
    }
    answer = worker.post(_url("care_plan_edit", world.case), data)
    assert answer.status_code == 200
    assert 'href="#id_goal-1-responsible"' in answer.content.decode()
    assert not CarePlan.objects.exists()
    data.pop("goal-1-description")
    assert worker.post(_url("care_plan_edit", world.case), data).status_code == 302
    plan = CarePlan.objects.get()
    assert worker.post(_url("care_plan_move", world.case, plan.pk, "approve")).status_code == 403
    worker.post(_url("care_plan_move", world.case, plan.pk, "submit"))
    assert CarePlan.objects.get().state == CarePlan.State.SUBMITTED
    supervisor.post(_url("care_plan_move", world.case, plan.pk, "approve"))
    world.case.refresh_from_db()
    assert world.case.stage == Stage.SERVICES
    edit = worker.get(_url("care_plan_edit", world.case)).content.decode()
    assert OBJECTIVES in edit and GOAL_TEXT in edit
    goal = plan.goals.get()
    worker.post(_url("goal_status", world.case, goal.pk), {"status": "achieved"})
    goal.refresh_from_db()
    assert goal.status == "achieved"
    lawyer = browser_as(world.lawyer)
    assert lawyer.post(_url("goal_status", world.case, goal.pk), {"status": "x"}).status_code == 403


def test_a_service_a_follow_up_done_and_an_event_changed_through_the_pages(kh):
    world = care_world(kh, Stage.SERVICES)
    browser = browser_as(world.worker)
    today = timezone.localdate().isoformat()
    answer = browser.post(
        _url("service_add", world.case),
        {
            "service_type": "Shelter",
            "provider": world.agency.pk,
            "delivered_on": today,
            "outcome": "completed",
        },
    )
    assert answer.status_code == 302 and ServiceDelivery.objects.count() == 1
    answer = browser.post(
        _url("followup_add", world.case),
        {"kind": "visit", "what": "", "due_on": today, "assigned_to": world.worker.pk},
    )
    assert answer.status_code == 200 and 'href="#id_what"' in answer.content.decode()
    browser.post(
        _url("followup_add", world.case),
        {"kind": "visit", "what": FOLLOW_TEXT, "due_on": today, "assigned_to": world.worker.pk},
    )
    followup = FollowUp.objects.get()
    browser.post(_url("followup_done", world.case, followup.pk), {"done_on": today})
    followup.refresh_from_db()
    assert followup.done_by == world.worker
    browser.post(
        _url("event_add", world.case),
        {"kind": "Transit", "country": "th", "site_type": "vehicle", "description": EVENT_TEXT},
    )
    event = TraffickingEvent.objects.get()
    assert event.country == "TH"
    form = browser.get(_url("event_edit", world.case, event.pk)).content.decode()
    assert EVENT_TEXT in form
    browser.post(
        _url("event_edit", world.case, event.pk),
        {"kind": "Transit", "country": "LA", "site_type": "vehicle", "description": EVENT_TEXT},
    )
    event.refresh_from_db()
    assert event.country == "LA" and TraffickingEvent.objects.count() == 1


def test_without_a_domain_set_loaded_the_page_says_how_to_load_one(kh):
    world = care_world(kh)
    answer = browser_as(world.worker).get(_url("assessment_add", world.case), follow=True)
    assert "casework_domain_sets load --all" in answer.content.decode()
