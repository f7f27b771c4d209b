"""Revoking a referral (casework.md §3.4, §5.6): the one revoke service of the referral
machine, used by the sender and by a withdrawal of consent.

A draft, offered, accepted or in-progress referral moves to `revoked` through the table
(`transitions.REFERRAL_MOVES`): it records when and why, the receiving agency's access ends
at that moment (`access_expires_at`), a status entry joins the referral's thread (the
sender's words, if any, sealed), and the receiving agency is told — the case number and
what happened, never the person's data nor the words. A completed, declined or closed
referral is left as it is (the table refuses it, naming its status).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record_without_values
from pathways.casework import sealing
from pathways.casework.models import CaseworkRole, Referral, ReferralUpdate, StaffMembership
from pathways.casework.transitions import (
    REFERRAL_ACTIONS,
    REFERRAL_MOVES,
    fire,
    machine,
)
from pathways.lib.text import clean_text
from pathways.notifications.services import notify

KIND_REVOKED = "referral_revoked"
# Who at the receiving agency is told: the assigned user and its case supervisors and workers.
RECEIVER_ROLES = (CaseworkRole.CASE_SUPERVISOR, CaseworkRole.CASE_WORKER)


def _revoke_guard(referral: Referral, *, reason: str, **kwargs: Any) -> str | None:
    if reason not in Referral.RevokeReason.values:
        return _("Choose why the referral is revoked.")
    return None


def _revoke_effect(
    referral: Referral, *, actor: Any, note: str, now: dt.datetime, **kwargs: Any
) -> list[str]:
    """The thread's status entry (the sender's words, if any, sealed)."""
    entry = ReferralUpdate(
        referral=referral,
        at=now,
        by=actor,
        kind=ReferralUpdate.Kind.STATUS,
        status=Referral.Status.REVOKED,
    )
    sealing.seal_record(entry, {"note": note})
    entry.full_clean()
    entry.save()
    audit_record_without_values(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        instance=entry,
        fields=["referral", "kind", "status", *(["note"] if note else [])],
        source=kwargs.get("origin", AuditEvent.Source.WEB),
    )
    return []


def _revocation_companions(referral: Referral, status: str) -> dict[str, Any]:
    """Written with the status in one statement (a constraint holds them together): when and
    why, set on the record by `referral_revoke`, and the end of the receiver's access."""
    if status != Referral.Status.REVOKED:
        return {}
    return {
        "revoked_at": referral.revoked_at,
        "revoke_reason": referral.revoke_reason,
        "access_expires_at": referral.revoked_at,
    }


# The revoke rule, for the whole referral machine to take up as it is.
REVOKE_RULE = (_revoke_guard, _revoke_effect)
REVOCATION = machine(
    Referral,
    gettext_lazy("referral"),
    REFERRAL_ACTIONS,
    {move: to for move, to in REFERRAL_MOVES.items() if move[1] == "revoke"},
    {"revoke": REVOKE_RULE},
    state_field="status",
    companions=_revocation_companions,
)


def referral_receivers(referral: Referral) -> list[Any]:
    """Who at the receiving agency hears of the referral: its assigned user, and the
    agency's case supervisors and case workers."""
    held = StaffMembership.objects.filter(
        agency_id=referral.to_agency_id, role__in=RECEIVER_ROLES
    ).values("user_id")
    users = get_user_model().objects.filter(
        Q(pk__in=held) | Q(pk=referral.to_user_id), is_active=True
    )
    return list(users.order_by("pk"))


def _notify_revoked(referral: Referral, was: str) -> None:
    if was == Referral.Status.DRAFT:
        return  # never sent: the receiving agency has nothing to lose
    case_number = referral.case.case_number
    reason = referral.revoke_reason

    def subject() -> str:
        return _("Referral for case %(case)s revoked") % {"case": case_number}

    def body() -> str:
        return _(
            "The referral for case %(case)s was revoked (%(reason)s). Your agency's access to "
            "the sections it shared has ended; take no further action on it."
        ) % {"case": case_number, "reason": Referral.RevokeReason(reason).label}

    notify(
        recipients=referral_receivers(referral),
        kind=KIND_REVOKED,
        subject=subject,
        body=body,
        case_number=case_number,
    )


def referral_revoke(
    *,
    actor: Any,
    referral: Referral,
    reason: str = Referral.RevokeReason.SENDER,
    note: str = "",
    now: dt.datetime | None = None,
    source: str = AuditEvent.Source.WEB,
) -> Referral:
    """Revoke `referral` (draft, offered, accepted or in progress): revoked now, the receiver's
    access ends at once, the receiving agency is told. TransitionRefused, nothing written, for
    a referral in any other status or changed meanwhile. Who may revoke is the caller's check
    (the sender's case team; a withdrawal of consent by the case's team)."""
    was = referral.status
    note = clean_text(note or "", multiline=True).strip()
    now = now or timezone.now()
    before = (referral.revoked_at, referral.revoke_reason, referral.access_expires_at)
    referral.revoked_at, referral.revoke_reason = now, reason
    try:
        with transaction.atomic():
            fire(
                REVOCATION,
                referral,
                "revoke",
                actor=actor,
                source=source,
                origin=source,
                reason=reason,
                note=note,
                now=now,
            )
            _notify_revoked(referral, was)
    except BaseException:
        referral.revoked_at, referral.revoke_reason, referral.access_expires_at = before
        raise
    return referral
