"""Who may read and write a case's care records (assessments, care plans, services,
follow-ups, trafficking events): the same need to know as the case's sections
(`access.permitted_sections`, `access.writable_sections`), each kind of record in its section
(`CareRecord.SECTION`). This module decides only: it opens nothing and writes nothing."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from pathways.casework.access import (
    cases_visible_to,
    holds_role,
    permitted_sections,
    writable_sections,
)
from pathways.casework.models import CareRecord, Case, CaseworkRole


def may_read(user: Any, case: Case, model: type[CareRecord]) -> bool:
    return model.SECTION in permitted_sections(user, case)


def may_write(user: Any, case: Case, model: type[CareRecord]) -> bool:
    return model.SECTION in writable_sections(user, case)


def require_care_write(user: Any, case: Case, model: type[CareRecord]) -> None:
    """404 for a case the user may not see; 403 unless they may write the section the
    record belongs to (the case's team and its supervisor for the care work)."""
    if not cases_visible_to(user).filter(pk=case.pk).exists():
        raise Http404("No such case.")
    if not may_write(user, case, model):
        raise PermissionDenied("Only the case's team writes its care records.")


def may_approve_plans(user: Any, case: Case) -> bool:
    """The owner agency's case supervisor (read afresh)."""
    return holds_role(user, case.owner_agency_id, CaseworkRole.CASE_SUPERVISOR)


def require_plan_approval(user: Any, case: Case) -> None:
    if not cases_visible_to(user).filter(pk=case.pk).exists():
        raise Http404("No such case.")
    if not may_approve_plans(user, case):
        raise PermissionDenied("Only a case supervisor of the owner agency approves a plan.")
