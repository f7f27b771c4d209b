"""Who sees a referral and who acts on it (casework.md §3.4, §6.2–6.3). Decides only: opens
and writes nothing.

A referral is seen from three sides:

- the **sender**: the case team of the case's owner agency (its case supervisors, and a case
  worker on the case's team) — never through a referral grant, so a receiver reading a case
  does not see the case's other referrals;
- the **receiver**: the case supervisors of `to_agency`, and its case workers (all of them
  while the referral is unassigned, then only `to_user`); never a draft;
- the **coordinator**: the NRM coordinator of the referral's country (tier 1 only).

Actions: the receiver accepts, declines, records the first contact, completes or records
that it could not complete (for a manual referral, whose receiver is not on Pathways, the
sender's case team records these); the sender's case team acknowledges, revokes and records
a manual answer; either side writes to the thread; the coordinator re-routes. A referral out
of sight is a 404; an action without the role a 403. Roles are read afresh for actions.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from pathways.casework.access import _on_team, casework_scope, holds_role
from pathways.casework.models import Case, CaseworkRole, Referral, StaffMembership

R = Referral.Status
SUP, WORKER = CaseworkRole.CASE_SUPERVISOR, CaseworkRole.CASE_WORKER
RECEIVER_ACTIONS = frozenset(
    {"accept", "decline", "record_first_contact", "complete", "cannot_complete"}
)
SENDER_ACTIONS = frozenset({"acknowledge", "revoke", "record_answer"})
ACTIONS = RECEIVER_ACTIONS | SENDER_ACTIONS | {"message", "reroute"}


def referrals_visible_to(user: Any) -> QuerySet[Referral]:
    """The referrals the user sees: those of their cases (sent), those to their agency
    (received, not drafts) and, for the NRM coordinator, their country's."""
    scope = casework_scope(user)
    supervised = scope.agencies_with(SUP)
    working = scope.agencies_with(WORKER)
    coordinated = scope.countries_with(CaseworkRole.NRM_COORDINATOR)
    if not (supervised or working or coordinated):
        return Referral.objects.none()
    team = Case.team_members.through.objects.filter(user_id=user.pk).values("case_id")
    sent = Q(case__owner_agency_id__in=supervised) | Q(
        Q(case__case_worker_id=user.pk) | Q(case_id__in=team),
        case__owner_agency_id__in=working,
    )
    received = Q(to_agency_id__in=supervised) | Q(
        Q(to_user__isnull=True) | Q(to_user_id=user.pk), to_agency_id__in=working
    )
    condition = sent | (received & ~Q(status=R.DRAFT)) | Q(country_id__in=coordinated)
    return Referral.objects.filter(condition)


def referral_for(user: Any, pk: int | str) -> Referral:
    """The referral by id if the user sees it; 404 otherwise, as if it did not exist."""
    try:
        return (
            referrals_visible_to(user)
            .select_related("case", "country", "from_agency", "to_agency", "from_user", "to_user")
            .get(pk=int(pk))
        )
    except (Referral.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such referral.") from exc


def is_sender(user: Any, referral: Referral) -> bool:
    """On the case team of the owner agency (read afresh)."""
    case = referral.case
    if holds_role(user, case.owner_agency_id, SUP):
        return True
    return holds_role(user, case.owner_agency_id, WORKER) and _on_team(user, case)


def is_receiver(user: Any, referral: Referral) -> bool:
    """A case supervisor of `to_agency`, or its case worker the referral is assigned to (any
    of them while it is unassigned); never for a draft (read afresh)."""
    if referral.status == R.DRAFT:
        return False
    if holds_role(user, referral.to_agency_id, SUP):
        return True
    assigned = referral.to_user_id in (None, user.pk)
    return assigned and holds_role(user, referral.to_agency_id, WORKER)


def is_coordinator(user: Any, referral: Referral) -> bool:
    return StaffMembership.objects.filter(
        user=user,
        role=CaseworkRole.NRM_COORDINATOR,
        agency__country_id=referral.country_id,
        user__is_active=True,
    ).exists()


def referral_role(user: Any, referral: Referral) -> str | None:
    """ "sender", "receiver" or "coordinator": the side the user sees the referral from (the
    first that fits), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    if is_sender(user, referral):
        return "sender"
    if is_receiver(user, referral):
        return "receiver"
    if is_coordinator(user, referral):
        return "coordinator"
    return None


def require_referral_action(user: Any, referral: Referral, action: str) -> None:
    """404 for a referral the user does not see; 403 unless they may take `action` on it."""
    if action not in ACTIONS:
        raise ValueError(f"{action!r} is not an action on a referral.")
    if not referrals_visible_to(user).filter(pk=referral.pk).exists():
        raise Http404("No such referral.")
    manual = referral.transport == Referral.Transport.MANUAL
    if action in SENDER_ACTIONS or (action in RECEIVER_ACTIONS and manual):
        if not is_sender(user, referral):
            raise PermissionDenied("Only the case's team at the sending agency takes this action.")
        return
    if action in RECEIVER_ACTIONS:
        if not is_receiver(user, referral):
            raise PermissionDenied(
                "Only a case supervisor of the receiving agency, or its case worker the "
                "referral is assigned to, takes this action."
            )
        return
    if action == "message":
        if not (is_sender(user, referral) or is_receiver(user, referral)):
            raise PermissionDenied("Only the sending and the receiving agency write here.")
        return
    if not is_coordinator(user, referral):
        raise PermissionDenied("Only the NRM coordinator of the country re-routes a referral.")
