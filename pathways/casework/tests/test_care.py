"""A case's care records through their services: domain sets as versioned data, assessments,
care plans with the supervisor's approval (moving the case's stage the first time, needing
approval again for a revision), services, follow-ups and the trafficking events' chain; every
write checked against need to know, audited by field names only, its texts sealed."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core import serializers
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from pathways.audit.models import AuditEvent
from pathways.casework import reading_care
from pathways.casework.domains import DomainSetError, load_file, read_file, shipped_files
from pathways.casework.models import (
    CARE_SEALED_MODELS,
    AccessEvent,
    Assessment,
    AssessmentDomainSet,
    CarePlan,
    Case,
    CountryCaseworkSettings,
    FollowUp,
    TraffickingEvent,
)
from pathways.casework.services import (
    assessment_record,
    care_plan_approve,
    care_plan_return,
    care_plan_submit,
    data_key_rotate,
    followup_add,
    followup_done,
    goal_status_set,
    service_record,
    trafficking_event_save,
)
from pathways.casework.tests.care_helpers import (
    GOAL_TEXT,
    OBJECTIVES,
    a_goal,
    care_world,
    load_sets,
    write_plan,
)
from pathways.casework.transitions import TransitionRefused

pytestmark = pytest.mark.django_db
Stage = Case.Stage
TODAY = dt.date.today
NOTE = "Sleeps badly since the raid; nightmares about the compound"
EVENT_TEXT = "Held in building B7 and beaten for missing targets"
FOLLOW_TEXT = "Visit the grandmother in Kampong Cham about schooling"


def _all_scores(domain_set: AssessmentDomainSet, score: int = 3) -> dict[str, int]:
    return {code: score for code in domain_set.domain_codes}


# --- domain sets ------------------------------------------------------------------------------


def test_the_shipped_sets_load_once_as_versioned_data(db):
    files = shipped_files()
    assert {p.stem for p in files} == {"csi-12", "htcds-risk"}
    sets = load_sets()
    assert len(sets["csi-12"].domains) == 12
    assert len(sets["htcds-risk"].domains) == 9
    assert sets["htcds-risk"].higher_is_better is False
    again = load_file(files[0])
    assert not again.created and not again.changed_since_loaded
    assert AssessmentDomainSet.objects.count() == 2


def test_a_set_file_with_problems_is_refused_naming_each(tmp_path):
    data = json.loads(shipped_files()[0].read_text())
    data["domains"][1]["levels"].pop("4")
    data["domains"][2]["code"] = data["domains"][0]["code"]
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data))
    with pytest.raises(DomainSetError) as caught:
        read_file(path)
    text = "; ".join(caught.value.problems)
    assert "levels" in text and "a definition of each score 1, 2, 3 and 4" in text
    assert "a code not used before in the set" in text


# --- assessments ------------------------------------------------------------------------------


def test_an_assessment_scores_every_domain_and_seals_its_notes(kh):
    world, sets = care_world(kh), load_sets()
    csi = sets["csi-12"]
    assessment = assessment_record(
        actor=world.worker,
        case=world.case,
        domain_set=csi,
        assessed_on=TODAY(),
        scores=_all_scores(csi, 2),
        notes={"emotional_health": NOTE},
    )
    assert assessment.scores["food_security"] == 2
    assert NOTE.encode() not in bytes(assessment.notes_sealed)
    care = reading_care.open_care(world.worker, world.case, via="command")
    ((shown, notes),) = care.assessments.object_list
    assert shown == assessment and notes == {"emotional_health": NOTE}
    event = AccessEvent.objects.get(case_id=world.case.pk)
    assert event.fields == ["assessments"]


def test_an_assessment_missing_a_score_names_the_domain_and_writes_nothing(kh):
    world, csi = care_world(kh), load_sets()["csi-12"]
    scores = _all_scores(csi)
    scores.pop("shelter")
    scores["legal_protection"] = 7
    with pytest.raises(ValidationError) as caught:
        assessment_record(
            actor=world.worker, case=world.case, domain_set=csi, assessed_on=TODAY(), scores=scores
        )
    assert set(caught.value.message_dict) == {"score_shelter", "score_legal_protection"}
    assert not Assessment.objects.exists()


def test_an_assessment_in_the_future_or_of_a_presumed_case_is_refused(kh):
    world, csi = care_world(kh), load_sets()["csi-12"]
    with pytest.raises(ValidationError) as caught:
        assessment_record(
            actor=world.worker,
            case=world.case,
            domain_set=csi,
            assessed_on=TODAY() + dt.timedelta(days=1),
            scores=_all_scores(csi),
        )
    assert "assessed_on" in caught.value.message_dict
    presumed = care_world(kh, Stage.PRESUMED)
    with pytest.raises(ValidationError, match="Presumed victim"):
        assessment_record(
            actor=presumed.worker,
            case=presumed.case,
            domain_set=csi,
            assessed_on=TODAY(),
            scores=_all_scores(csi),
        )


# --- need to know -----------------------------------------------------------------------------


def test_only_the_case_team_writes_and_reads_care_records(kh):
    world, csi = care_world(kh), load_sets()["csi-12"]
    args = {"case": world.case, "domain_set": csi, "assessed_on": TODAY()}
    with pytest.raises(PermissionDenied):
        assessment_record(actor=world.lawyer, scores=_all_scores(csi), **args)
    with pytest.raises(Http404):  # a colleague not on the case does not see it
        assessment_record(actor=world.colleague, scores=_all_scores(csi), **args)
    with pytest.raises(Http404):
        assessment_record(actor=world.other_supervisor, scores=_all_scores(csi), **args)
    assessment_record(actor=world.supervisor, scores=_all_scores(csi), **args)
    trafficking_event_save(
        actor=world.worker,
        case=world.case,
        kind="Recruitment",
        country="KH",
        site_type="online",
        description=EVENT_TEXT,
    )
    lawyer_view = reading_care.open_care(world.lawyer, world.case, via="command")
    assert lawyer_view.assessments is None and lawyer_view.events is None
    assert lawyer_view.follow_ups is None and not lawyer_view.plans_shown
    assert not AccessEvent.objects.filter(user=world.lawyer).exists()
    with pytest.raises(Http404):
        reading_care.open_care(world.other_supervisor, world.case, via="command")
    supervisor_view = reading_care.open_care(world.supervisor, world.case, via="command")
    assert supervisor_view.events[0][1] == EVENT_TEXT


# --- care plans -------------------------------------------------------------------------------


def test_the_first_plan_moves_the_case_through_its_approval(kh):
    world = care_world(kh)
    settings, _created = CountryCaseworkSettings.objects.get_or_create(country=kh)
    settings.plan_review_interval_days = 60
    settings.save()
    plan = write_plan(world.worker, world.case)
    assert (plan.number, plan.state) == (1, CarePlan.State.DRAFT)
    care_plan_submit(actor=world.worker, plan=plan)
    world.case.refresh_from_db()
    assert world.case.stage == Stage.PLAN_PENDING_APPROVAL
    with pytest.raises(PermissionDenied):
        care_plan_approve(actor=world.worker, plan=plan)
    plan.case = world.case
    approved = care_plan_approve(actor=world.supervisor, plan=plan)
    world.case.refresh_from_db()
    assert world.case.stage == Stage.SERVICES
    assert approved.state == CarePlan.State.APPROVED
    assert approved.review_due == timezone.localdate() + dt.timedelta(days=60)
    assert approved.approved_by == world.supervisor


def test_a_plan_sent_back_returns_the_case_to_assessment_and_is_rewritten(kh):
    world = care_world(kh)
    plan = write_plan(world.worker, world.case)
    care_plan_submit(actor=world.worker, plan=plan)
    world.case.refresh_from_db()
    plan.case = world.case
    care_plan_return(actor=world.supervisor, plan=plan)
    world.case.refresh_from_db()
    assert world.case.stage == Stage.ASSESSMENT
    again = write_plan(world.worker, world.case, goals=[a_goal(), a_goal(domain="shelter")])
    assert again.pk == plan.pk and again.state == CarePlan.State.DRAFT
    assert again.goals.count() == 2


def test_a_revision_needs_approval_again_while_the_plan_in_force_stays(kh):
    world = care_world(kh, Stage.SERVICES)
    first = write_plan(world.worker, world.case)
    care_plan_submit(actor=world.worker, plan=first)
    care_plan_approve(actor=world.supervisor, plan=first)
    revision = write_plan(world.worker, world.case, objectives="Vocational training instead")
    assert revision.number == 2
    first.refresh_from_db()
    assert first.state == CarePlan.State.APPROVED
    care_plan_submit(actor=world.worker, plan=revision)
    with pytest.raises(ValidationError, match="awaits the supervisor"):
        write_plan(world.worker, world.case)
    care_plan_approve(actor=world.supervisor, plan=revision)
    first.refresh_from_db()
    assert first.state == CarePlan.State.SUPERSEDED
    world.case.refresh_from_db()
    assert world.case.stage == Stage.SERVICES


def test_a_goal_of_the_plan_in_force_is_updated_by_the_team_only(kh):
    world = care_world(kh, Stage.SERVICES)
    plan = write_plan(world.worker, world.case)
    care_plan_submit(actor=world.worker, plan=plan)
    care_plan_approve(actor=world.supervisor, plan=plan)
    goal = plan.goals.select_related("case__country").get()
    assert goal_status_set(actor=world.worker, goal=goal, status="in_progress").status == (
        "in_progress"
    )
    with pytest.raises(ValidationError, match="from the list"):
        goal_status_set(actor=world.worker, goal=goal, status="nearly")
    with pytest.raises(PermissionDenied):
        goal_status_set(actor=world.lawyer, goal=goal, status="achieved")
    goal.refresh_from_db()
    assert goal.status == "in_progress"


def test_the_second_of_two_approvals_at_once_is_told_and_nothing_changes(kh):
    world = care_world(kh, Stage.SERVICES)
    plan = write_plan(world.worker, world.case)
    care_plan_submit(actor=world.worker, plan=plan)
    stale = CarePlan.objects.get(pk=plan.pk)
    care_plan_return(actor=world.supervisor, plan=plan)
    with pytest.raises(TransitionRefused, match="Sent back"):
        care_plan_approve(actor=world.supervisor, plan=stale)
    assert CarePlan.objects.get(pk=plan.pk).state == CarePlan.State.RETURNED


def test_a_plan_of_a_case_not_yet_assessed_or_without_goals_is_refused(kh):
    world = care_world(kh, Stage.OPEN)
    with pytest.raises(ValidationError, match="Open"):
        write_plan(world.worker, world.case)
    assessing = care_world(kh)
    with pytest.raises(ValidationError) as caught:
        write_plan(assessing.worker, assessing.case, goals=[a_goal(responsible=" ")])
    assert "goal_0_responsible" in caught.value.message_dict
    with pytest.raises(ValidationError, match="at least one goal"):
        write_plan(assessing.worker, assessing.case, goals=[])
    assert not CarePlan.objects.exists()


# --- services, follow-ups, events -----------------------------------------------------------


def test_a_service_follow_up_and_its_completion(kh):
    world = care_world(kh, Stage.SERVICES)
    service_record(
        actor=world.worker,
        case=world.case,
        service_type="PsychosocialSupport",
        provider=world.other,
        delivered_on=TODAY(),
        outcome="ongoing",
        note=NOTE,
    )
    with pytest.raises(ValidationError) as caught:
        service_record(
            actor=world.worker,
            case=world.case,
            service_type="Massage",
            provider=world.other,
            delivered_on=TODAY() + dt.timedelta(days=2),
            outcome="ongoing",
        )
    assert set(caught.value.message_dict) == {"service_type", "delivered_on"}
    followup = followup_add(
        actor=world.worker,
        case=world.case,
        kind="visit",
        what=FOLLOW_TEXT,
        due_on=TODAY() + dt.timedelta(days=3),
    )
    assert followup.assigned_to == world.worker
    with pytest.raises(ValidationError, match="works on cases at the owner agency"):
        followup_add(
            actor=world.worker,
            case=world.case,
            kind="visit",
            what=FOLLOW_TEXT,
            due_on=TODAY(),
            assigned_to=world.other_worker,
        )
    done = followup_done(
        actor=world.supervisor, followup=followup, done_on=TODAY(), outcome="Met; agreed"
    )
    assert (done.done_on, done.done_by) == (TODAY(), world.supervisor)
    with pytest.raises(ValidationError, match="meanwhile"):
        followup_done(actor=world.worker, followup=followup, done_on=TODAY())
    assert FollowUp.objects.count() == 1


def test_trafficking_events_form_a_chain_across_countries(kh):
    world = care_world(kh, Stage.SERVICES)
    journey = [
        ("Recruitment", "KH", "Battambang", "online"),
        ("Transit", "TH", "Tak", "border_crossing"),
        ("Exploitation", "MM", "Kayin State", "scam_compound"),
    ]
    for kind, country, province, site in journey:
        trafficking_event_save(
            actor=world.worker,
            case=world.case,
            kind=kind,
            country=country.lower(),
            province=province,
            site_type=site,
            start_date=TODAY() - dt.timedelta(days=90),
            description=EVENT_TEXT if kind == "Exploitation" else "",
        )
    chain = list(TraffickingEvent.objects.filter(case=world.case))
    assert [(e.position, e.kind, e.country) for e in chain] == [
        (1, "Recruitment", "KH"),
        (2, "Transit", "TH"),
        (3, "Exploitation", "MM"),
    ]
    changed = trafficking_event_save(
        actor=world.worker,
        case=world.case,
        event=chain[1],
        kind="Transit",
        country="LA",
        site_type="vehicle",
    )
    assert (changed.position, changed.country) == (2, "LA")
    with pytest.raises(ValidationError) as caught:
        trafficking_event_save(
            actor=world.worker,
            case=world.case,
            kind="Leisure",
            country="Thailand",
            site_type="scam_compound",
            start_date=TODAY() - dt.timedelta(days=3),
            end_date=TODAY() - dt.timedelta(days=5),
        )
    assert set(caught.value.message_dict) == {"kind", "country", "end_date"}
    assert TraffickingEvent.objects.count() == 3


# --- sealed, audited without values, rotated ---------------------------------------------------


def _everything(world) -> None:
    csi = load_sets()["csi-12"]
    assessment_record(
        actor=world.worker,
        case=world.case,
        domain_set=csi,
        assessed_on=TODAY(),
        scores=_all_scores(csi),
        notes={"care": NOTE},
    )
    plan = write_plan(world.worker, world.case)
    care_plan_submit(actor=world.worker, plan=plan)
    followup_add(
        actor=world.worker, case=world.case, kind="phone", what=FOLLOW_TEXT, due_on=TODAY()
    )
    trafficking_event_save(
        actor=world.worker,
        case=world.case,
        kind="Exploitation",
        country="MM",
        site_type="scam_compound",
        description=EVENT_TEXT,
    )


def test_no_text_of_a_care_record_in_clear_in_its_rows_or_the_audit(kh):
    world = care_world(kh)
    _everything(world)
    rows = [row for model in CARE_SEALED_MODELS for row in model.objects.all()]
    dumped = serializers.serialize("json", [*rows, *AuditEvent.objects.all()])
    for text in (NOTE, GOAL_TEXT, OBJECTIVES, FOLLOW_TEXT, EVENT_TEXT, "nightmares", "building B7"):
        assert text not in dumped
    assert AuditEvent.objects.filter(content_type__model="careplan").exists()


def test_key_rotation_reseals_care_records_and_they_still_open(kh):
    world = care_world(kh)
    _everything(world)
    before = {p.pk: bytes(p.objectives_sealed) for p in CarePlan.objects.all()}
    result = data_key_rotate(actor=None, country=kh)
    assert result.rows >= 4
    for plan in CarePlan.objects.all():
        assert bytes(plan.objectives_sealed) != before[plan.pk]
    care = reading_care.open_care(world.worker, world.case, via="command")
    assert care.plan_working.objectives == OBJECTIVES
    assert care.events[0][1] == EVENT_TEXT
