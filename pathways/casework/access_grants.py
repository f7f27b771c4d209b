"""The referral grant (casework.md §3.4, §6.3 rule 1): the receiving agency reads the sender's
case, exactly the referral's `shared_sections`, while the referral runs and for the country's
days after it closes. One record and one access log, not a copy (Primero's model).

Who at the receiving agency: its case supervisors, and the case worker the referral is
assigned to (`to_user`). While no one is assigned, no case worker reads the case: an offer
shows the receiver only the referral itself (service, urgency, deadlines, case number), and
accepting assigns the referral (to the one who accepts, by default).

When: accepted, in progress, completed or not completed; closed until `access_expires_at`.
Never an offer, never after a decline, an expiry or a revocation. Read only: what a user may
change comes from their role at the owner agency alone (`access.writable_sections`).

`access.py` asks this module; it imports nothing of `access.py`, so both stay small.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet

from pathways.casework.models import CaseworkRole, Referral

R = Referral.Status
GRANTING = (R.ACCEPTED, R.IN_PROGRESS, R.COMPLETED, R.NOT_COMPLETED)


def granting_condition(now: dt.datetime) -> Q:
    """Referrals whose receiver reads the case at `now`."""
    return Q(status__in=GRANTING) | Q(status=R.CLOSED, access_expires_at__gt=now)


def granting_referrals(user: Any, scope: Any, now: dt.datetime) -> QuerySet[Referral] | None:
    """The referrals granting `user` (their `access.CaseworkScope`) a case at `now`: to an
    agency they supervise cases at, or assigned to them at an agency they are a case worker
    of. None when they hold neither role."""
    supervised = scope.agencies_with(CaseworkRole.CASE_SUPERVISOR)
    working = scope.agencies_with(CaseworkRole.CASE_WORKER)
    if not supervised and not working:
        return None
    receiver = Q(to_agency_id__in=supervised) | Q(to_agency_id__in=working, to_user_id=user.pk)
    return Referral.objects.filter(receiver & granting_condition(now))


def granted_sections(
    user: Any, scope: Any, case_ids: Iterable[int], now: dt.datetime
) -> dict[int, set[str]]:
    """Case id -> the sections the user's running grants share of it (one query)."""
    found = granting_referrals(user, scope, now)
    result: dict[int, set[str]] = defaultdict(set)
    if found is None:
        return result
    rows = found.filter(case_id__in=list(case_ids)).values_list("case_id", "shared_sections")
    for case_id, sections in rows:
        result[case_id] |= set(sections or ())
    return result


def granting_agency(user: Any, scope: Any, case_id: int, now: dt.datetime) -> int | None:
    """The receiving agency the user reads the case for through a grant, if any."""
    found = granting_referrals(user, scope, now)
    if found is None:
        return None
    agencies = found.filter(case_id=case_id).order_by("pk").values_list("to_agency_id", flat=True)
    return agencies.first()
