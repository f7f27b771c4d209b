"""The referral deadlines that `manage.py casework_deadlines` acts on (casework.md §3.4 and
the decision on deadlines), country by country, with the clock at `now`:

- an offer nearing its `respond_by` (within a day, or half its window when that is shorter:
  1 hour of an emergency's 2) reminds the receiving agency once (`reminded_at`);
- an offer past its `respond_by` is **expired** through the referral table (action
  "expire", no actor) and **escalated** (`escalated_at`, an escalation in its thread) to the
  country's NRM coordinators, who may re-route it; the sender is told;
- an accepted referral past its `first_contact_by` is flagged (`first_contact_escalated_at`,
  an escalation in its thread): the receiver is reminded, the sender gets a copy.

Nothing is sent twice, whatever runs at once: each step moves its referral with a
conditional UPDATE (the flag still empty, or the version it was loaded at, through `fire`)
in the transaction that writes the notices, so of two runs only one moves the row and sends;
the other moves nothing and sends nothing. Referral deadlines are moments (2 hours for an
emergency), so they are not kept as `DeadlineNotice` rows, which are dated by day. A late
referral is shown late whenever it is read (`referral_deadlines.referral_lateness`), whether
this ran or not. Notices hold the case number and what to do, never personal data.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record_without_values
from pathways.casework.models import CaseworkRole, Referral, ReferralUpdate, StaffMembership
from pathways.casework.services.referral_machine import (
    REFERRAL_MACHINE,
    assigned_receivers,
    receiving_people,
    referral_link,
    sender_people,
    staged,
    thread_add,
    when,
    zone_of,
)
from pathways.casework.transitions import ConcurrentChange, fire
from pathways.notifications.services import notify
from pathways.programs.models import Country

R = Referral.Status
COMMAND = AuditEvent.Source.COMMAND
PATHWAYS = Referral.Transport.PATHWAYS
REMINDER_LEAD = dt.timedelta(hours=24)
RESPOND, FIRST_CONTACT = "referral_respond", "referral_first_contact"
KIND_REMINDER, KIND_ESCALATION = "referral_reminder", "referral_escalation"


def reminder_due(referral: Referral, now: dt.datetime) -> bool:
    """Within the last day before the answer is due, or the last half of a shorter window."""
    window = referral.respond_by - referral.offered_at
    lead = min(REMINDER_LEAD, window / 2)
    return referral.respond_by - lead <= now < referral.respond_by


def coordinators(country_id: int) -> list[Any]:
    held = StaffMembership.objects.filter(
        role=CaseworkRole.NRM_COORDINATOR, agency__country_id=country_id
    ).values("user_id")
    return list(get_user_model().objects.filter(pk__in=held, is_active=True).order_by("pk"))


def referral_deadlines_run(*, country: Country, now: dt.datetime, dry_run: bool = False) -> Counter:
    """Remind, expire and escalate the country's referrals due at `now`; (kind, level) ->
    how many were sent (or, in a dry run, would be)."""
    sent: Counter = Counter()
    mine = Referral.objects.filter(country=country).select_related("case", "to_agency")
    soon = mine.filter(
        status=R.OFFERED,
        transport=PATHWAYS,
        reminded_at__isnull=True,
        respond_by__gt=now,
        respond_by__lte=now + REMINDER_LEAD,
    )
    for referral in soon.order_by("pk"):
        if reminder_due(referral, now) and (dry_run or _remind(referral, now)):
            sent[(RESPOND, "reminder")] += 1
    for referral in mine.filter(status=R.OFFERED, respond_by__lte=now).order_by("pk"):
        if dry_run or _expire(referral, now):
            sent[(RESPOND, "escalation")] += 1
    late = mine.filter(
        status=R.ACCEPTED, first_contact_by__lte=now, first_contact_escalated_at__isnull=True
    )
    for referral in late.order_by("pk"):
        if dry_run or _first_contact_late(referral, now):
            sent[(FIRST_CONTACT, "escalation")] += 1
    return sent


def _flag(referral: Referral, column: str, now: dt.datetime, **state: Any) -> bool:
    """Set the empty `column` to `now` if no run did; False when one did."""
    moved = Referral.objects.filter(pk=referral.pk, **{f"{column}__isnull": True}, **state).update(
        **{column: now}
    )
    if moved != 1:
        return False
    setattr(referral, column, now)
    audit_record_without_values(
        actor=None,
        action=AuditEvent.Action.UPDATE,
        instance=referral,
        fields=[column],
        source=COMMAND,
    )
    return True


def _remind(referral: Referral, now: dt.datetime) -> bool:
    with transaction.atomic():
        if not _flag(referral, "reminded_at", now, status=R.OFFERED):
            return False
        thread_add(referral, actor=None, kind=ReferralUpdate.Kind.REMINDER, at=now, source=COMMAND)
        number, due = referral.case.case_number, when(referral.respond_by, zone_of(referral))
        _tell(
            receiving_people(referral),
            referral,
            KIND_REMINDER,
            lambda: _("Referral for case %(case)s: answer due") % {"case": number},
            lambda: (
                _(
                    "The referral for case %(case)s awaits your agency's answer by %(due)s. "
                    "Open it to accept or decline; unanswered, it goes to the NRM "
                    "coordinator."
                )
                % {"case": number, "due": due}
            ),
        )
    return True


def _expire(referral: Referral, now: dt.datetime) -> bool:
    try:
        with transaction.atomic(), staged(referral, escalated_at=now):
            fire(
                REFERRAL_MACHINE,
                referral,
                "expire",
                actor=None,
                source=COMMAND,
                origin=COMMAND,
                now=now,
            )
            thread_add(
                referral, actor=None, kind=ReferralUpdate.Kind.ESCALATION, at=now, source=COMMAND
            )
            _tell_expired(referral)
    except ConcurrentChange:
        return False  # another run expired it, or someone answered meanwhile
    return True


def _tell_expired(referral: Referral) -> None:
    number, agency = referral.case.case_number, referral.to_agency.name
    values = {"case": number, "agency": agency}
    _tell(
        coordinators(referral.country_id),
        referral,
        KIND_ESCALATION,
        lambda: _("Referral for case %(case)s expired unanswered") % values,
        lambda: (
            _(
                "%(agency)s did not answer the referral for case %(case)s in time. Open the "
                "referral to re-route it to another agency."
            )
            % values
        ),
    )
    _tell(
        sender_people(referral),
        referral,
        KIND_ESCALATION,
        lambda: _("Referral for case %(case)s expired unanswered") % values,
        lambda: (
            _(
                "%(agency)s did not answer the referral for case %(case)s in time. The NRM "
                "coordinator is told and may re-route it; you may also refer the person elsewhere."
            )
            % values
        ),
    )


def _first_contact_late(referral: Referral, now: dt.datetime) -> bool:
    with transaction.atomic():
        if not _flag(referral, "first_contact_escalated_at", now, status=R.ACCEPTED):
            return False
        thread_add(
            referral, actor=None, kind=ReferralUpdate.Kind.ESCALATION, at=now, source=COMMAND
        )
        number = referral.case.case_number
        values = {"case": number, "due": when(referral.first_contact_by, zone_of(referral))}
        if referral.transport == PATHWAYS:
            _tell(
                assigned_receivers(referral),
                referral,
                KIND_REMINDER,
                lambda: _("Referral for case %(case)s: first contact overdue") % values,
                lambda: (
                    _(
                        "The first contact with the person referred for case %(case)s was due by "
                        "%(due)s and is not recorded. Make it, or record it if it is done."
                    )
                    % values
                ),
            )
        _tell(
            sender_people(referral),
            referral,
            KIND_ESCALATION,
            lambda: _("Referral for case %(case)s: first contact overdue") % values,
            lambda: (
                _(
                    "The receiving agency's first contact on the referral for case %(case)s was "
                    "due by %(due)s and is not recorded. They are reminded; follow it up with "
                    "them."
                )
                % values
            ),
        )
    return True


def _tell(recipients: list[Any], referral: Referral, kind: str, subject: Any, body: Any) -> None:
    notify(
        recipients=recipients,
        kind=kind,
        subject=subject,
        body=body,
        link=referral_link(referral),
        case_number=referral.case.case_number,
    )
