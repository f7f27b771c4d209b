"""What a case's former owner keeps after a transfer of its ownership (casework.md §3.5):
the case's summary, read only, for the old owner agency's case supervisors and the case
worker who had the case when it moved (while they still work at that agency).

`access.py` takes these rules up in `cases_visible_to` and `sections_for_cases`; they read
tier-1 columns of accepted transfers only, and import no access helper (so `access.py` can
import them).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet

from pathways.casework.models import CaseworkRole, Transfer


def _former_owner_transfers(user: Any, scope: Any) -> QuerySet[Transfer] | None:
    """The accepted transfers that left the user's agency a summary; None without a role
    that could keep one."""
    supervised = scope.agencies_with(CaseworkRole.CASE_SUPERVISOR)
    working = scope.agencies_with(CaseworkRole.CASE_WORKER, CaseworkRole.CASE_SUPERVISOR)
    if not working:
        return None
    kept = Q(from_agency_id__in=supervised) | Q(
        from_agency_id__in=working, from_case_worker_id=user.pk
    )
    return Transfer.objects.filter(kept, status=Transfer.Status.ACCEPTED)


def former_owner_filter(user: Any, scope: Any) -> Q | None:
    """The cases whose summary the user keeps as their former owner, as a condition on
    cases; None when they keep none."""
    transfers = _former_owner_transfers(user, scope)
    if transfers is None:
        return None
    return Q(id__in=transfers.values("case_id"))


def former_owner_cases(user: Any, scope: Any, case_ids: Iterable[int]) -> set[int]:
    """Of `case_ids`, those whose summary the user keeps as their former owner (one query,
    none without a role that could keep one)."""
    transfers = _former_owner_transfers(user, scope)
    if transfers is None:
        return set()
    return set(transfers.filter(case_id__in=list(case_ids)).values_list("case_id", flat=True))
