"""A referral after acceptance (casework.md §3.4): the receiver's first contact with the
person, the completion (or why it could not be completed) written back to the sender's
case, the sender's acknowledgement that closes it and starts the end of the receiver's
access, and the thread between the two agencies.

The write-back is a `ServiceDelivery` on the sender's case (the "services delivered" of its
care record, seen by its case team): the receiving agency as provider, the service, the day
and the outcome, linked to the referral (whose `offered_at` is the referral date) — the
HTCDS `cas_ReferredOrganisation` / `cas_OutgoingReferralDate` / outcome summary. Its note is
left empty: the receiver's feedback stays sealed on the referral (`reading_referrals`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.audit.models import AuditEvent
from pathways.casework import referral_deadlines, sealing
from pathways.casework.access_referrals import is_sender, require_referral_action
from pathways.casework.models import Referral, ReferralUpdate, ServiceDelivery
from pathways.casework.services.care import care_audit
from pathways.casework.services.referral_machine import (
    REFERRAL_MACHINE,
    assigned_receivers,
    check_version,
    receiving_people,
    referral_link,
    sender_people,
    settings_of,
    staged,
    thread_add,
    when,
    words,
    zone_of,
)
from pathways.casework.transitions import REFERRAL_FINAL, fire
from pathways.notifications.services import notify

R = Referral.Status
KIND_COMPLETED = "referral_completed"
KIND_CLOSED = "referral_closed"
KIND_MESSAGE = "referral_message"
# What the sender's case records of the service, by the referral's outcome or reason.
WRITTEN_OUTCOME = {
    Referral.Outcome.DELIVERED_FULLY: ServiceDelivery.Outcome.COMPLETED,
    Referral.Outcome.DELIVERED_PARTLY: ServiceDelivery.Outcome.PARTLY,
    Referral.NotCompletedReason.PERSON_DECLINED: ServiceDelivery.Outcome.REFUSED,
}


def _fire(referral: Referral, action: str, *, actor: Any, now: dt.datetime, source: str, **kw):
    fire(
        REFERRAL_MACHINE, referral, action, actor=actor, source=source, origin=source, now=now, **kw
    )


def referral_record_first_contact(
    *,
    actor: Any,
    referral: Referral,
    version: int,
    at: dt.datetime | None = None,
    note: str = "",
    now: dt.datetime | None = None,
    source: str = AuditEvent.Source.WEB,
) -> Referral:
    """The receiver met the person (at `at`, now by default): accepted → in progress."""
    require_referral_action(actor, referral, "record_first_contact")
    check_version(referral, version)
    now = now or timezone.now()
    at = at or now
    if at > now:
        raise ValidationError({"at": _("The first contact cannot be in the future.")})
    if referral.offered_at and at < referral.offered_at:
        raise ValidationError({"at": _("The first contact comes after the referral was made.")})
    with transaction.atomic(), staged(referral, first_contact_at=at):
        _fire(
            referral, "record_first_contact", actor=actor, now=now, source=source, note=words(note)
        )
    return referral


def _write_back(referral: Referral, actor: Any, outcome: str, now: dt.datetime, source: str):
    row = ServiceDelivery(
        case=referral.case,
        service_type=referral.service_type,
        provider_id=referral.to_agency_id,
        delivered_on=timezone.localtime(now, zone_of(referral)).date(),
        outcome=outcome,
        referral=referral,
        created_by=actor,
    )
    sealing.seal_record(row, {"note": ""})
    row.full_clean()
    row.save()
    fields = ["case", "service_type", "provider", "delivered_on", "outcome", "referral"]
    care_audit(actor, row, fields, source)
    return row


def _finished(
    referral: Referral,
    action: str,
    *,
    actor: Any,
    values: dict[str, Any],
    written: str,
    feedback: str,
    now: dt.datetime,
    source: str,
) -> None:
    with transaction.atomic(), staged(referral, completed_at=now, **values):
        sealing.seal_record(referral, {"feedback": words(feedback)})
        _fire(referral, action, actor=actor, now=now, source=source)
        _write_back(referral, actor, written, now, source)
        _notify_finished(referral)


def referral_complete(
    *,
    actor: Any,
    referral: Referral,
    version: int,
    outcome: str,
    feedback: str = "",
    now: dt.datetime | None = None,
    source: str = AuditEvent.Source.WEB,
) -> Referral:
    """In progress → completed, with the outcome; feedback to the sender sealed; the service
    written back to the sender's case; the sender told."""
    require_referral_action(actor, referral, "complete")
    check_version(referral, version)
    if outcome not in Referral.Outcome.values:
        raise ValidationError({"outcome": _("Choose the outcome from the list.")})
    now = now or timezone.now()
    written = WRITTEN_OUTCOME[outcome]
    values = {"outcome": outcome}
    _finished(
        referral,
        "complete",
        actor=actor,
        values=values,
        written=written,
        feedback=feedback,
        now=now,
        source=source,
    )
    return referral


def referral_cannot_complete(
    *,
    actor: Any,
    referral: Referral,
    version: int,
    reason: str,
    feedback: str = "",
    now: dt.datetime | None = None,
    source: str = AuditEvent.Source.WEB,
) -> Referral:
    """In progress → not completed, with the reason; written back and the sender told."""
    require_referral_action(actor, referral, "cannot_complete")
    check_version(referral, version)
    if reason not in Referral.NotCompletedReason.values:
        raise ValidationError({"reason": _("Choose why the referral could not be completed.")})
    now = now or timezone.now()
    written = WRITTEN_OUTCOME.get(reason, ServiceDelivery.Outcome.NOT_COMPLETED)
    _finished(
        referral,
        "cannot_complete",
        actor=actor,
        values={"not_completed_reason": reason},
        written=written,
        feedback=feedback,
        now=now,
        source=source,
    )
    return referral


def _notify_finished(referral: Referral) -> None:
    number = referral.case.case_number
    completed = referral.status == R.COMPLETED
    label = (
        Referral.Outcome(referral.outcome).label
        if completed
        else Referral.NotCompletedReason(referral.not_completed_reason).label
    )

    def subject() -> str:
        if completed:
            return _("Referral for case %(case)s completed") % {"case": number}
        return _("Referral for case %(case)s not completed") % {"case": number}

    def body() -> str:
        return _(
            "%(agency)s recorded the referral for case %(case)s as %(status)s (%(what)s); it "
            "is written on the case's services. Open the referral to read their feedback and "
            "acknowledge it."
        ) % {
            "agency": referral.to_agency.name,
            "case": number,
            "status": Referral.Status(referral.status).label.lower(),
            "what": label,
        }

    notify(
        recipients=sender_people(referral),
        kind=KIND_COMPLETED,
        subject=subject,
        body=body,
        link=referral_link(referral),
        case_number=number,
    )


def referral_acknowledge(
    *,
    actor: Any,
    referral: Referral,
    version: int,
    note: str = "",
    now: dt.datetime | None = None,
    source: str = AuditEvent.Source.WEB,
) -> Referral:
    """The sender closes a completed or not-completed referral; the receiver's access ends
    the country's days later (30 by default), and the receiver is told when."""
    require_referral_action(actor, referral, "acknowledge")
    check_version(referral, version)
    now = now or timezone.now()
    ends = referral_deadlines.access_expires_at(now, settings_of(referral))
    with transaction.atomic(), staged(referral, closed_at=now, access_expires_at=ends):
        _fire(referral, "acknowledge", actor=actor, now=now, source=source, note=words(note))
        _notify_closed(referral)
    return referral


def _notify_closed(referral: Referral) -> None:
    number = referral.case.case_number
    ends = when(referral.access_expires_at, zone_of(referral))

    def subject() -> str:
        return _("Referral for case %(case)s closed") % {"case": number}

    def body() -> str:
        return _(
            "The sending agency closed the referral for case %(case)s. Your access to the "
            "sections it shared ends on %(ends)s."
        ) % {"case": number, "ends": ends}

    notify(
        recipients=assigned_receivers(referral),
        kind=KIND_CLOSED,
        subject=subject,
        body=body,
        link=referral_link(referral),
        case_number=number,
    )


def referral_message(
    *,
    actor: Any,
    referral: Referral,
    note: str,
    now: dt.datetime | None = None,
    source: str = AuditEvent.Source.WEB,
) -> ReferralUpdate:
    """Write to the referral's thread (sealed); the other side is told that there is a
    message, never what it says. Not on a draft nor once the referral has ended."""
    require_referral_action(actor, referral, "message")
    note = words(note)
    if not note:
        raise ValidationError({"note": _("Write the message.")})
    if referral.status == R.DRAFT or referral.status in REFERRAL_FINAL:
        raise ValidationError(
            _("A referral that is “%(status)s” takes no messages.")
            % {"status": referral.get_status_display()}
        )
    now = now or timezone.now()
    with transaction.atomic():
        entry = thread_add(
            referral,
            actor=actor,
            kind=ReferralUpdate.Kind.MESSAGE,
            at=now,
            note=note,
            source=source,
        )
        sender = is_sender(actor, referral)
        told = receiving_people(referral) if sender else sender_people(referral)
        _notify_message(referral, [u for u in told if u.pk != actor.pk])
    return entry


def _notify_message(referral: Referral, recipients: list[Any]) -> None:
    number = referral.case.case_number

    def subject() -> str:
        return _("New message on the referral for case %(case)s") % {"case": number}

    def body() -> str:
        return _(
            "There is a new message on the referral for case %(case)s. Open the referral to "
            "read it."
        ) % {"case": number}

    notify(
        recipients=recipients,
        kind=KIND_MESSAGE,
        subject=subject,
        body=body,
        link=referral_link(referral),
        case_number=number,
    )
