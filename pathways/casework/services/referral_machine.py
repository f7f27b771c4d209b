"""The referral machine (casework.md §3.4) as the services fire it: the table of
`transitions.REFERRAL_MOVES` with its rules, the columns each status carries, the thread's
status entries, and who on each side is told.

A service stages the columns the new status carries on the record (`staged`), then fires the
action: the status, the version and those columns move in one UPDATE (constraints tie a
status to its columns: a decline to its reason, a completion to its outcome), a status entry
joins the thread (its note sealed) and the audit names fields only — in the caller's
transaction. On any refusal the record is put back as it was loaded and nothing is written.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record_without_values
from pathways.casework import sealing
from pathways.casework.models import (
    CaseworkRole,
    CountryCaseworkSettings,
    Referral,
    ReferralUpdate,
    StaffMembership,
)
from pathways.casework.referral_deadlines import country_zone
from pathways.casework.services.referral_revocation import (
    REVOKE_RULE,
    _revocation_companions,
    referral_receivers,
)
from pathways.casework.transitions import (
    REFERRAL_ACTIONS,
    REFERRAL_MOVES,
    ConcurrentChange,
    machine,
)
from pathways.lib.text import clean_text

R = Referral.Status
SEALED_COLUMNS = ("data_key_id", "details_sealed", "decline_note_sealed", "feedback_sealed")
# The columns each status reached carries, written with it in one statement.
CARRIED: dict[str, tuple[str, ...]] = {
    R.OFFERED: ("offered_at", "respond_by"),
    R.ACCEPTED: ("responded_at", "first_contact_by", "complete_by", "to_user_id"),
    R.DECLINED: ("responded_at", "decline_reason", *SEALED_COLUMNS),
    R.EXPIRED: ("escalated_at",),
    R.IN_PROGRESS: ("first_contact_at",),
    R.COMPLETED: ("completed_at", "outcome", *SEALED_COLUMNS),
    R.NOT_COMPLETED: ("completed_at", "not_completed_reason", *SEALED_COLUMNS),
    R.CLOSED: ("closed_at", "access_expires_at"),
}


def _carried(referral: Referral, status: str) -> dict[str, Any]:
    if status == R.REVOKED:
        return _revocation_companions(referral, status)
    return {name: getattr(referral, name) for name in CARRIED.get(status, ())}


def status_entry(
    referral: Referral, *, actor: Any, now: dt.datetime, note: str = "", **kwargs: Any
) -> list[str]:
    """The thread's entry for the status just reached (the note, if any, sealed)."""
    thread_add(
        referral,
        actor=actor,
        kind=ReferralUpdate.Kind.STATUS,
        status=referral.status,
        note=note,
        at=now,
        source=kwargs.get("origin", AuditEvent.Source.WEB),
    )
    return []


def thread_add(
    referral: Referral,
    *,
    actor: Any,
    kind: str,
    at: dt.datetime,
    note: str = "",
    status: str = "",
    source: str = AuditEvent.Source.WEB,
) -> ReferralUpdate:
    """One entry of the referral's thread, audited by field names."""
    entry = ReferralUpdate(referral=referral, at=at, by=actor, kind=kind, status=status)
    sealing.seal_record(entry, {"note": note})
    entry.full_clean()
    entry.save()
    audit_record_without_values(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        instance=entry,
        fields=["referral", "kind", *(["status"] if status else []), *(["note"] if note else [])],
        source=source,
    )
    return entry


_RULE = (None, status_entry)
REFERRAL_MACHINE = machine(
    Referral,
    gettext_lazy("referral"),
    REFERRAL_ACTIONS,
    REFERRAL_MOVES,
    {**{action: _RULE for action in REFERRAL_ACTIONS}, "revoke": REVOKE_RULE},
    state_field="status",
    companions=_carried,
)


@contextlib.contextmanager
def staged(referral: Referral, **values: Any) -> Iterator[None]:
    """Set `values` (and the sealed columns) on the record for the action to carry; put
    everything back as loaded if the action fails."""
    names = set(values) | set(SEALED_COLUMNS)
    before = {name: getattr(referral, name) for name in names}
    for name, value in values.items():
        setattr(referral, name, value)
    try:
        yield
    except BaseException:
        for name, value in before.items():
            setattr(referral, name, value)
        raise


def check_version(referral: Referral, version: int | None) -> None:
    """The form's version against the loaded record: a stale form changes nothing."""
    if version is not None and int(version) != referral.version:
        raise ConcurrentChange(
            _(
                "Someone else changed this %(record)s while you were working on it; nothing "
                "was saved. Reload it to see what they did, then try again."
            )
            % {"record": _("referral")}
        )


def words(value: str | None) -> str:
    return clean_text(value or "", multiline=True).strip()


def settings_of(referral: Referral) -> CountryCaseworkSettings:
    return CountryCaseworkSettings.settings_for(referral.country_id)


def zone_of(referral: Referral) -> ZoneInfo:
    return country_zone(settings_of(referral))


def when(moment: dt.datetime, zone: ZoneInfo) -> str:
    """A deadline as the country reads it: its local date and time, and the zone."""
    local = timezone.localtime(moment, zone)
    return f"{date_format(local, 'DATETIME_FORMAT')} ({zone.key})"


def referral_link(referral: Referral) -> str:
    return reverse("casework:referral_detail", args=[referral.pk])


# --- who is told ---------------------------------------------------------------------------------


def sender_people(referral: Referral) -> list[Any]:
    """The sending side: who referred, the case's case worker and the owner agency's case
    supervisors (active users)."""
    case = referral.case
    supervisors = StaffMembership.objects.filter(
        agency_id=case.owner_agency_id, role=CaseworkRole.CASE_SUPERVISOR
    ).values("user_id")
    users = get_user_model().objects.filter(
        Q(pk__in=supervisors) | Q(pk__in=[referral.from_user_id, case.case_worker_id]),
        is_active=True,
    )
    return list(users.order_by("pk"))


def assigned_receivers(referral: Referral) -> list[Any]:
    """The receiving side once assigned: its user and the agency's case supervisors."""
    supervisors = StaffMembership.objects.filter(
        agency_id=referral.to_agency_id, role=CaseworkRole.CASE_SUPERVISOR
    ).values("user_id")
    users = get_user_model().objects.filter(
        Q(pk__in=supervisors) | Q(pk=referral.to_user_id), is_active=True
    )
    return list(users.order_by("pk"))


def receiving_people(referral: Referral) -> list[Any]:
    """Who on the receiving side sees the referral (`access_referrals.is_receiver`): once
    assigned, its user and the agency's case supervisors; until then, every case worker too."""
    if referral.to_user_id:
        return assigned_receivers(referral)
    return referral_receivers(referral)
