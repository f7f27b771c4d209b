"""The staged cases' records: assessments on the shipped domain sets from assessment on, a care
plan taken through the care plan services as the stage implies (awaiting approval, approved,
sent back), services delivered and follow-ups (done, due soon, overdue) once services begin,
and the scam compounds' journeys as chains of trafficking events across countries; every text
sealed, and a second load adds nothing."""

from __future__ import annotations

from itertools import pairwise

import pytest
from django.utils import timezone

from conftest import PASSWORD
from pathways.audit.models import AuditEvent
from pathways.casework import deadlines
from pathways.casework.domains import shipped_files
from pathways.casework.models import (
    CARE_SEALED_MODELS,
    Assessment,
    AssessmentDomainSet,
    CarePlan,
    Case,
    FollowUp,
    Goal,
    ServiceDelivery,
    ServiceType,
    TraffickingEvent,
)
from pathways.demo.casework import load_casework_demo
from pathways.demo.casework.care import SAID

pytestmark = pytest.mark.django_db

Stage, Plan = Case.Stage, CarePlan.State
PAST_APPROVAL = (Stage.SERVICES, Stage.REINTEGRATION, Stage.MONITORING, Stage.CLOSURE_PENDING)
FROM_ASSESSMENT = (Stage.ASSESSMENT, Stage.PLAN_PENDING_APPROVAL, *PAST_APPROVAL)


@pytest.fixture
def demo():
    return load_casework_demo(password=PASSWORD, clients=20)


def staged(*stages: str):
    """The staged cases in `stages`, with those closed once their goals were achieved."""
    cases = Case.objects.filter(screenings__isnull=False)
    closed = cases.filter(stage=Stage.CLOSED, closure_reason=Case.ClosureReason.GOALS_ACHIEVED)
    return list(cases.filter(stage__in=stages)) + list(closed)


def test_the_demo_loads_the_domain_sets(demo):
    assert AssessmentDomainSet.objects.count() == len(shipped_files()) == 2
    created = AuditEvent.objects.filter(content_type__model="assessmentdomainset")
    assert created.count() == 2


def test_every_case_from_assessment_on_has_an_assessment_on_every_domain(demo):
    cases = staged(*FROM_ASSESSMENT)
    assert len(cases) >= 8
    for case in cases:
        assessments = Assessment.objects.filter(case=case).select_related("domain_set")
        assert assessments.exists(), case.stage
        for assessment in assessments:
            assert set(assessment.scores) == set(assessment.domain_set.domain_codes)
            assert set(assessment.scores.values()) <= {1, 2, 3, 4}
            assert bytes(assessment.notes_sealed or b"")
    # Monitoring begins with a reassessment on the HTCDS risk set.
    monitored = staged(Stage.MONITORING)
    assert all(Assessment.objects.filter(case=c).count() == 2 for c in monitored)
    assert Assessment.objects.filter(domain_set__code="htcds-risk").exists()
    # Cases before assessment have none.
    early = Case.objects.filter(screenings__isnull=False, stage=Stage.PRESUMED)
    assert not Assessment.objects.filter(case__in=early).exists()


def test_plans_stand_as_the_stages_say(demo):
    for case in staged(*PAST_APPROVAL):
        approved = CarePlan.objects.get(case=case, state=Plan.APPROVED)
        assert approved.approved_by.username in {"kh_supervisor", "kh_shelter_lead"}
        assert approved.review_due and 2 <= Goal.objects.filter(plan=approved).count() <= 4
    for case in Case.objects.filter(stage=Stage.PLAN_PENDING_APPROVAL, screenings__isnull=False):
        plans = CarePlan.objects.filter(case=case)
        assert [p.state for p in plans] == [Plan.SUBMITTED]
    # The plan sent back once and sent again: its return is in the plan's history.
    returns = AuditEvent.objects.filter(
        content_type__model="careplan", action=AuditEvent.Action.UPDATE
    )
    returned = {e.object_id for e in returns if e.changes["fields"] == ["state"]}
    pending = CarePlan.objects.filter(case__stage=Stage.PLAN_PENDING_APPROVAL)
    assert pending.filter(pk__in=[int(i) for i in returned]).exists()
    # A revision sent back while the approved plan stays in force.
    revision = CarePlan.objects.get(state=Plan.RETURNED)
    assert revision.number == 2 and revision.case.stage == Stage.SERVICES
    assert CarePlan.objects.filter(case=revision.case, state=Plan.APPROVED, number=1).exists()
    # Nor a presumed victim's case nor one in assessment has a plan in force.
    early = (Stage.PRESUMED, Stage.ASSESSMENT, Stage.PLAN_PENDING_APPROVAL)
    assert not CarePlan.objects.filter(case__stage__in=early, state=Plan.APPROVED).exists()


def test_services_and_follow_ups_once_the_plan_is_in_force(demo):
    cases = staged(*PAST_APPROVAL)
    for case in cases:
        assert ServiceDelivery.objects.filter(case=case).count() >= 3
        assert FollowUp.objects.filter(case=case).exists()
    kinds = set(ServiceDelivery.objects.values_list("service_type", flat=True))
    assert {ServiceType.SHELTER, ServiceType.HEALTH, ServiceType.LEGAL} <= kinds
    today = timezone.localdate()
    open_ = FollowUp.objects.filter(done_on__isnull=True)
    assert FollowUp.objects.filter(done_on__isnull=False, done_by__isnull=False).exists()
    assert open_.filter(due_on__lt=today).exists()
    assert open_.filter(due_on__gte=today, due_on__lte=today + timezone.timedelta(days=7))
    # The case worker's work list says a follow-up is overdue (in words and red).
    mine = Case.objects.filter(case_worker__username="kh_caseworker", status=Case.Status.OPEN)
    due = [d for items in deadlines.due_items(list(mine)).values() for d in items]
    overdue = [d for d in due if d.kind == "follow_up" and d.state == "overdue"]
    assert overdue and overdue[0].words.startswith("Overdue by")


def test_scam_compound_journeys_are_chains_across_countries(demo):
    cases = Case.objects.filter(
        screenings__indicator_set__code="scam-compound", trafficking_events__isnull=False
    ).distinct()
    assert cases.count() >= 5
    countries = set()
    for case in cases:
        events = list(TraffickingEvent.objects.filter(case=case).order_by("position"))
        assert 2 <= len(events) <= 3
        assert [e.position for e in events] == list(range(1, len(events) + 1))
        assert events[0].kind == TraffickingEvent.Kind.RECRUITMENT
        assert events[-1].kind == TraffickingEvent.Kind.EXPLOITATION
        assert events[-1].site_type == TraffickingEvent.SiteType.SCAM_COMPOUND
        assert len({e.country for e in events}) >= 2
        for before, after in pairwise(events):
            assert before.end_date <= after.start_date
        assert events[-1].end_date <= timezone.localdate()
        countries |= {e.country for e in events}
    assert {"KH", "TH", "MM"} <= countries


def test_the_records_texts_are_sealed(demo):
    said = [text.encode() for text in SAID]
    assert all(text in demo.said for text in SAID) and len(said) > 20
    sealed = 0
    for model in CARE_SEALED_MODELS:
        for row in model.objects.all():
            for column in model.SEALED:
                value = bytes(getattr(row, f"{column}_sealed") or b"")
                sealed += bool(value)
                assert not any(words in value for words in said)
    assert sealed > 100
    care = [m._meta.model_name for m in CARE_SEALED_MODELS]
    for entry in AuditEvent.objects.filter(content_type__model__in=care):
        assert set(entry.changes) == {"fields"}


def test_loading_twice_adds_no_record(demo):
    def counts():
        models = (AssessmentDomainSet, *CARE_SEALED_MODELS, AuditEvent)
        return [m.objects.count() for m in models]

    before = counts()
    load_casework_demo(password=PASSWORD, clients=20)
    assert counts() == before
