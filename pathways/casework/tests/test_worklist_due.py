"""What is due on a case, computed whenever it is read (the clock moved with freezegun, no job
run): the case worker's home lists their cases the most urgent first, overdue in words and
colour, with deadlines from the country's settings; the supervisor's lists the approvals
waiting. The page opens no sealed value and writes no access event."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from pathways.casework.deadlines import due_items
from pathways.casework.models import AccessEvent, Case, CountryCaseworkSettings
from pathways.casework.services import (
    care_plan_approve,
    care_plan_submit,
    followup_add,
)
from pathways.casework.services.htcds_export import export_request
from pathways.casework.tests.care_helpers import care_world, write_plan
from pathways.casework.tests.conftest import open_case_for, register
from pathways.casework.tests.identification_helpers import case_in_stage, presumed
from pathways.casework.tests.pages import browser_as

pytestmark = pytest.mark.django_db
Stage = Case.Stage
WORKLIST = reverse("casework:worklist")


def _kinds(items) -> dict[str, tuple[str, str]]:
    return {d.kind: (d.state, d.words) for d in items}


def _in_days(n: int) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=n)


def test_an_open_case_owes_its_first_assessment_and_plan_by_the_countrys_days(kh):
    world = care_world(kh, Stage.OPEN)
    today = timezone.localdate()
    items = _kinds(due_items([world.case], today=today + dt.timedelta(days=3))[world.case.pk])
    assert items["assessment"] == ("soon", "Due in 4 days")
    assert items["plan"] == ("later", items["plan"][1])
    assert "Due on" in items["plan"][1]
    late = _kinds(due_items([world.case], today=today + dt.timedelta(days=10))[world.case.pk])
    assert late["assessment"] == ("overdue", "Overdue by 3 days")
    CountryCaseworkSettings.objects.create(
        country=kh, first_assessment_due_days=20, plan_due_days=30
    )
    later = _kinds(due_items([world.case], today=today + dt.timedelta(days=10))[world.case.pk])
    assert later["assessment"] == ("later", later["assessment"][1])
    assert later["plan"][0] == "later"


def test_a_presumed_victim_owes_the_formal_identification(kh):
    world = care_world(kh)
    decision = presumed(world.worker, world.agency)
    case = decision.case
    due = decision.formal_identification_due
    on_time = _kinds(due_items([case], today=due)[case.pk])
    assert on_time == {"identification": ("today", "Due today")}
    late = _kinds(due_items([case], today=due + dt.timedelta(days=1))[case.pk])
    assert late == {"identification": ("overdue", "Overdue by 1 day")}


def test_an_approved_plan_is_due_for_review_and_follow_ups_are_counted(kh):
    world = care_world(kh)
    plan = write_plan(world.worker, world.case)
    care_plan_submit(actor=world.worker, plan=plan)
    world.case.refresh_from_db()
    plan.case = world.case
    care_plan_approve(actor=world.supervisor, plan=plan)
    world.case.refresh_from_db()
    for days in (5, 9):
        followup_add(
            actor=world.worker,
            case=world.case,
            kind="visit",
            what="Visit",
            due_on=timezone.localdate() + dt.timedelta(days=days),
        )
    items = due_items([world.case], today=timezone.localdate() + dt.timedelta(days=91))
    kinds = {d.kind: d for d in items[world.case.pk]}
    assert "plan" not in kinds
    assert kinds["plan_review"].words == "Overdue by 1 day"
    assert kinds["follow_up"].label == "2 follow-ups"
    assert kinds["follow_up"].words == "Overdue by 86 days"
    assert [d.kind for d in items[world.case.pk]] == ["follow_up", "assessment", "plan_review"]


def test_the_workers_home_lists_the_most_urgent_case_first_overdue_in_words_and_colour(kh):
    world = care_world(kh, Stage.OPEN, opened_days_ago=1)
    recent = case_in_stage(
        open_case_for(register(kh, world.agency), case_worker=world.worker), Stage.OPEN
    )
    followup_add(
        actor=world.worker,
        case=recent,
        kind="phone",
        what="Call",
        due_on=timezone.localdate() + dt.timedelta(days=20),
    )
    with freeze_time(_in_days(3)):
        page = browser_as(world.worker).get(WORKLIST).content.decode()
    assert "Overdue" not in page
    assert page.index(world.case.case_number) < page.index(recent.case_number)
    with freeze_time(_in_days(12)):
        page = browser_as(world.worker).get(WORKLIST).content.decode()
    assert re.search(r'class="badge due-overdue">Assessment: Overdue by 6 days<', page)
    assert re.search(r'class="badge due-overdue">Assessment: Overdue by 5 days<', page)
    assert page.index(world.case.case_number) < page.index(recent.case_number)
    assert not AccessEvent.objects.exists()


def test_the_supervisors_home_lists_the_approvals_waiting(kh):
    world = care_world(kh)
    plan = write_plan(world.worker, world.case)
    care_plan_submit(actor=world.worker, plan=plan)
    closing = case_in_stage(
        open_case_for(register(kh, world.agency), case_worker=world.worker),
        Stage.CLOSURE_PENDING,
    )
    Case.objects.filter(pk=closing.pk).update(closure_reason=Case.ClosureReason.REPATRIATED)
    export = export_request(actor=world.worker, case=world.case, sections=["summary", "medical"])
    page = browser_as(world.supervisor).get(WORKLIST).content.decode()
    detail = reverse("casework:export_detail", args=[export.pk])
    assert f'<a href="{detail}">{world.case.case_number}</a> — HTCDS export asked' in page
    assert "Approvals waiting" in page
    assert f"{world.case.case_number}</a> — care plan version 1, submitted" in page
    assert f"{closing.case_number}</a> — closure requested (Repatriated)" in page
    other = browser_as(world.other_supervisor).get(WORKLIST).content.decode()
    assert "Nothing waits for your approval." in other
    assert world.case.case_number not in other
    assert "Approvals waiting" not in browser_as(world.worker).get(WORKLIST).content.decode()
