"""Helpers of the care-record tests: the shipped domain sets loaded, a case in a stage with
its worker and supervisor, and a plan written with one goal."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.utils import timezone

from pathways.casework.domains import load_file, shipped_files
from pathways.casework.models import AssessmentDomainSet, Case, CaseworkRole
from pathways.casework.services import GoalInput, care_plan_save
from pathways.casework.tests.conftest import make_agency, open_case_for, register, staff
from pathways.casework.tests.identification_helpers import case_in_stage


def load_sets() -> dict[str, AssessmentDomainSet]:
    return {r.domain_set.code: r.domain_set for r in (load_file(p) for p in shipped_files())}


def care_world(country, stage: str = Case.Stage.ASSESSMENT, opened_days_ago: int = 0):
    agency = make_agency(country)
    other = make_agency(country)
    people = {
        "worker": staff(agency, CaseworkRole.CASE_WORKER),
        "colleague": staff(agency, CaseworkRole.CASE_WORKER),
        "supervisor": staff(agency, CaseworkRole.CASE_SUPERVISOR),
        "lawyer": staff(agency, CaseworkRole.LEGAL_OFFICER),
        "other_worker": staff(other, CaseworkRole.CASE_WORKER),
        "other_supervisor": staff(other, CaseworkRole.CASE_SUPERVISOR),
    }
    opened = timezone.localdate() - dt.timedelta(days=opened_days_ago)
    case = open_case_for(register(country, agency), case_worker=people["worker"], opened_on=opened)
    case = case_in_stage(case, stage)
    return SimpleNamespace(agency=agency, other=other, case=case, **people)


GOAL_TEXT = "Return to school in Battambang by the new term"
OBJECTIVES = "Safe return home and schooling for Sreyneang"


def a_goal(**overrides) -> GoalInput:
    values = {
        "domain": "education",
        "description": GOAL_TEXT,
        "services": "School fees and uniform from the shelter",
        "responsible": "Case worker",
        "target_date": timezone.localdate() + dt.timedelta(days=60),
    }
    return GoalInput(**{**values, **overrides})


def write_plan(actor, case, **overrides):
    values = {
        "plan_type": "SocialCare",
        "objectives": OBJECTIVES,
        "action_plan": "Visit the family, enrol in school",
        "goals": [a_goal()],
    }
    return care_plan_save(actor=actor, case=case, **{**values, **overrides})
