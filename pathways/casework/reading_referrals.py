"""Opening a referral's words for a reader (casework.md §3.4, §6.5): the details the sender
wrote, the receiver's decline note and feedback, and the notes of its thread are sealed like
a case note. Only someone who sees the referral from a side (`access_referrals.referral_role`:
the sending case team, the receiver, the country's NRM coordinator) opens them, and each
opening is recorded as one access event on the case, in the same transaction. Everything
else of a referral (status, dates, codes, sections) is tier 1 and read from the row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import Http404, HttpRequest

from pathways.casework import sealing
from pathways.casework.access_log import access_record
from pathways.casework.access_referrals import referral_role
from pathways.casework.models import AccessEvent, Referral, ReferralUpdate, StaffMembership

WORDS = ("details", "decline_note", "feedback")


@dataclass(frozen=True)
class ThreadEntry:
    """One entry of a referral's thread, its note opened."""

    at: dt.datetime
    by: str  # the writer's name; "" for what the deadline job wrote
    kind: str
    status: str
    note: str

    def __repr__(self) -> str:
        return f"ThreadEntry({self.kind}, {self.status or '-'})"


def _acting_agency(user: Any, referral: Referral, role: str) -> int | None:
    if role == "sender":
        return referral.case.owner_agency_id
    if role == "receiver":
        return referral.to_agency_id
    held = StaffMembership.objects.filter(
        user=user, role="nrm_coordinator", agency__country_id=referral.country_id
    )
    return held.values_list("agency_id", flat=True).order_by("agency_id").first()


def _record(
    user: Any,
    referral: Referral,
    role: str,
    fields: list[str],
    via: str,
    request: HttpRequest | None,
) -> None:
    access_record(
        user=user,
        action=AccessEvent.Action.VIEW,
        client_ids=[referral.case.client_id],
        fields=fields,
        via=via,
        request=request,
        agency_id=_acting_agency(user, referral, role),
        case_id=referral.case_id,
    )


def _role(user: Any, referral: Referral) -> str:
    role = referral_role(user, referral)
    if role is None:
        raise Http404("No such referral.")
    return role


def referral_words(
    user: Any,
    referral: Referral,
    *,
    via: str = AccessEvent.Via.WEB,
    request: HttpRequest | None = None,
) -> dict[str, str]:
    """The referral's details, decline note and feedback in clear ("" when none) for a
    reader who sees it from a side; the read recorded when anything was opened. 404 for
    anyone else."""
    role = _role(user, referral)
    written = [name for name in WORDS if getattr(referral, f"{name}_sealed")]
    with transaction.atomic():
        if written:
            _record(user, referral, role, [f"referral.{n}" for n in written], via, request)
        return {name: sealing.open_record(referral, name) for name in WORDS}


def referral_thread(
    user: Any,
    referral: Referral,
    *,
    via: str = AccessEvent.Via.WEB,
    request: HttpRequest | None = None,
) -> list[ThreadEntry]:
    """The thread in order, each note opened, for a reader who sees the referral from a
    side; the read recorded when a note was opened. 404 for anyone else."""
    role = _role(user, referral)
    entries = list(
        ReferralUpdate.objects.filter(referral=referral)
        .select_related("by", "referral__country")
        .order_by("at", "id")
    )
    with transaction.atomic():
        if any(entry.note_sealed for entry in entries):
            _record(user, referral, role, ["referral.thread"], via, request)
        return [
            ThreadEntry(
                at=entry.at,
                by=(entry.by.get_full_name() or entry.by.get_username()) if entry.by else "",
                kind=entry.kind,
                status=entry.status,
                note=sealing.open_record(entry, "note"),
            )
            for entry in entries
        ]


def referral_details_for_services(referral: Referral) -> str:
    """A referral's details, opened for the re-route service only, to seal them again on the
    new referral; never shown, so nothing is recorded (the pages open them through
    `referral_words`)."""
    return sealing.open_record(referral, "details")
