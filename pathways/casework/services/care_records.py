"""Services delivered, follow-ups and trafficking events of a case (casework.md §2.5, §2.8):
each write keyword-only, in one transaction with its audit entry (ids and field names only),
texts in words sealed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.audit.models import AuditEvent
from pathways.casework import sealing
from pathways.casework.access import holds_role
from pathways.casework.access_care import require_care_write
from pathways.casework.models import (
    Case,
    CaseworkRole,
    FollowUp,
    ServiceDelivery,
    ServiceType,
    TraffickingEvent,
)
from pathways.casework.services.care import care_audit, care_text
from pathways.lib.text import clean_text
from pathways.programs.models import Organisation

OPEN_STAGES_EXCLUDED = (Case.Stage.CLOSED, Case.Stage.TRANSFERRED)


def _not_closed(case: Case) -> None:
    if case.stage in OPEN_STAGES_EXCLUDED:
        raise ValidationError(
            _("A case that is “%(stage)s” takes no new records; reopen it first.")
            % {"stage": case.get_stage_display()}
        )


# --- services delivered --------------------------------------------------------------------------


def service_record(
    *,
    actor: Any,
    case: Case,
    service_type: str,
    provider: Organisation,
    delivered_on: dt.date,
    outcome: str,
    note: str = "",
    source: str = AuditEvent.Source.WEB,
) -> ServiceDelivery:
    """A service the person received, from an agency of the case's country or another."""
    require_care_write(actor, case, ServiceDelivery)
    _not_closed(case)
    errors: dict[str, str] = {}
    if service_type not in ServiceType.values:
        errors["service_type"] = _("Choose the service from the list.")
    if outcome not in ServiceDelivery.Outcome.values:
        errors["outcome"] = _("Choose the outcome from the list.")
    if delivered_on > timezone.localdate():
        errors["delivered_on"] = _("A service delivered cannot be dated in the future.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        row = ServiceDelivery(
            case=case,
            service_type=service_type,
            provider=provider,
            delivered_on=delivered_on,
            outcome=outcome,
            created_by=actor,
        )
        note = care_text(note)
        _seal_and_save(row, {"note": note})
        fields = ["case", "service_type", "provider", "delivered_on", "outcome"]
        care_audit(actor, row, fields + (["note"] if note else []), source)
    return row


def _seal_and_save(row: Any, values: dict[str, str]) -> None:
    sealing.seal_record(row, values)
    row.full_clean()
    row.save()


# --- follow-ups ----------------------------------------------------------------------------------


def followup_add(
    *,
    actor: Any,
    case: Case,
    kind: str,
    what: str,
    due_on: dt.date,
    assigned_to: Any = None,
    source: str = AuditEvent.Source.WEB,
) -> FollowUp:
    """Something to do for the person by `due_on`, assigned to someone working on cases at
    the owner agency (by default the one who writes it)."""
    require_care_write(actor, case, FollowUp)
    _not_closed(case)
    what = care_text(what)
    assigned_to = assigned_to or actor
    errors: dict[str, str] = {}
    if kind not in FollowUp.Kind.values:
        errors["kind"] = _("Choose the kind of follow-up from the list.")
    if not what:
        errors["what"] = _("Say what is to be done.")
    working = (CaseworkRole.CASE_WORKER, CaseworkRole.CASE_SUPERVISOR)
    if not holds_role(assigned_to, case.owner_agency_id, *working):
        errors["assigned_to"] = _("Assign it to someone who works on cases at the owner agency.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        row = FollowUp(
            case=case, kind=kind, due_on=due_on, assigned_to=assigned_to, created_by=actor
        )
        _seal_and_save(row, {"what": what})
        care_audit(actor, row, ["case", "kind", "due_on", "assigned_to", "what"], source)
    return row


def followup_done(
    *,
    actor: Any,
    followup: FollowUp,
    done_on: dt.date,
    outcome: str = "",
    source: str = AuditEvent.Source.WEB,
) -> FollowUp:
    """Mark the follow-up done, when and by whom (the actor); an outcome in words is sealed.
    Done already (by someone else meanwhile): they are told, nothing is written."""
    require_care_write(actor, followup.case, FollowUp)
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("A follow-up cannot be done in the future.")})
    with transaction.atomic():
        row = (
            FollowUp.objects.select_for_update().select_related("case__country").get(pk=followup.pk)
        )
        if row.done_on is not None:
            raise ValidationError(_("This follow-up was marked done meanwhile; nothing was saved."))
        row.done_on, row.done_by = done_on, actor
        outcome = care_text(outcome)
        _seal_and_save(row, {"outcome": outcome})
        care_audit(
            actor, row, ["done_on", "done_by"] + (["outcome"] if outcome else []), source, False
        )
    return row


# --- trafficking events --------------------------------------------------------------------------


def _check_event(
    kind: str, country: str, site_type: str, start: dt.date | None, end: dt.date | None
) -> None:
    errors: dict[str, str] = {}
    if kind not in TraffickingEvent.Kind.values:
        errors["kind"] = _("Choose recruitment, transit or exploitation.")
    if len(country) != 2 or not country.isalpha():
        errors["country"] = _("Choose the country where it happened.")
    if site_type not in TraffickingEvent.SiteType.values:
        errors["site_type"] = _("Choose the type of site from the list.")
    today = timezone.localdate()
    if start and start > today:
        errors["start_date"] = _("An event cannot start in the future.")
    if end and end > today:
        errors["end_date"] = _("An event cannot end in the future.")
    if start and end and end < start:
        errors["end_date"] = _("An event ends on or after the day it starts.")
    if errors:
        raise ValidationError(errors)


def trafficking_event_save(
    *,
    actor: Any,
    case: Case,
    kind: str,
    country: str,
    province: str = "",
    site_type: str,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    description: str = "",
    event: TraffickingEvent | None = None,
    source: str = AuditEvent.Source.WEB,
) -> TraffickingEvent:
    """Add a stage of the person's journey at the end of the chain, or change `event`. The
    chain is in the order the events are added (`position`); a description is sealed."""
    require_care_write(actor, case, TraffickingEvent)
    country = (country or "").strip().upper()
    _check_event(kind, country, site_type, start_date, end_date)
    if event is not None and event.case_id != case.pk:
        raise ValueError("The event is not of this case.")
    with transaction.atomic():
        created = event is None
        if event is None:
            Case.objects.select_for_update().filter(pk=case.pk).first()
            last = TraffickingEvent.objects.filter(case=case).aggregate(n=Max("position"))["n"]
            event = TraffickingEvent(case=case, position=(last or 0) + 1, created_by=actor)
        event.kind, event.country, event.site_type = kind, country, site_type
        event.province = clean_text(province or "").strip()
        event.start_date, event.end_date = start_date, end_date
        description = care_text(description)
        _seal_and_save(event, {"description": description})
        fields = ["kind", "country", "province", "site_type", "start_date", "end_date"]
        fields = (["case", "position"] if created else []) + fields
        care_audit(actor, event, fields + (["description"] if description else []), source, created)
    return event
