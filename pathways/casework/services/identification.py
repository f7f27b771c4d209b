"""Identification decisions (casework.md §2.6, §3.2): the preliminary one a screening's
referral opens, then one keyword-only service per action of the workflow
(`transitions.IDENTIFICATION_MOVES`), each checking who may act
(`access.require_identification_action`) and calling `transitions.fire`.

A decision recorded, a review's outcome or another country's decision recognised is a new
row that supersedes the one acted on (`supersedes`); the latest formal (or judicial) one is
the client's identification (`authoritative_decision`). Only an agency the country names in
its settings records a formal decision; any other (an NGO) records a preliminary one.

A person identified as a victim who is a foreign national has their country of origin
notified (ACTIP art. 14(3)) unless they object: a `CountryNotification` is recorded either
way, pending or blocked by the objection. Recording an identification offers the
non-punishment notice (art. 14(7)) for the page to show.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record_without_values
from pathways.casework import sealing
from pathways.casework.access import require_identification_action, require_speaking_for_person
from pathways.casework.models import (
    Case,
    Client,
    CountryCaseworkSettings,
    CountryNotification,
    IdentificationDecision,
    Screening,
)
from pathways.casework.services.identification_moves import (
    IDENTIFICATION,
    NON_PUNISHMENT_NOTICE,
    ORG_TYPES,
    IdentificationOutcome,
)
from pathways.casework.transitions import TransitionRefused, fire
from pathways.lib.text import clean_text
from pathways.programs.models import Organisation

Decision = IdentificationDecision
State = IdentificationDecision.State


def formal_identification_due(country_id: int, on: dt.date | None = None) -> dt.date:
    """When the formal identification is due for a referral made `on` (today): the country's
    `identification_due_days` later (15 unless set)."""
    days = CountryCaseworkSettings.settings_for(country_id).identification_due_days
    return (on or timezone.localdate()) + dt.timedelta(days=days)


def identification_preliminary_open(
    *,
    actor: Any,
    client: Client,
    case: Case,
    screening: Screening,
    decision_making_org_type: str = "",
    legal_basis: str = "",
    source: str = AuditEvent.Source.WEB,
) -> IdentificationDecision:
    """The preliminary decision that a screened person is a possible victim, made by the
    screening agency, with its due date for the formal identification (the protection
    clock). The country of origin is to be notified when the person is a foreign national
    (ACTIP 14(3)); whether they object is asked at the formal decision."""
    agency = screening.screening_agency
    org_type = decision_making_org_type or ORG_TYPES.get(
        agency.type, IdentificationDecision.DecisionMakingOrg.OTHER
    )
    with transaction.atomic():
        decision = IdentificationDecision(
            country=screening.country,
            client=client,
            case=case,
            screening=screening,
            status=IdentificationDecision.Status.POSSIBLE,
            decision_making_org_type=org_type,
            decision_agency=agency,
            decided_by=actor if getattr(actor, "is_authenticated", False) else None,
            decided_at=timezone.now(),
            level=IdentificationDecision.Level.PRELIMINARY,
            legal_basis=legal_basis,
            notify_country_of_origin=bool(client.nationality)
            and client.nationality != screening.country.code,
            reasons=list(screening.dimensions_met),
            state=IdentificationDecision.State.PRELIMINARY,
            formal_identification_due=formal_identification_due(screening.country_id),
        )
        sealing.seal_record(decision, {})
        decision.full_clean()
        decision.save()
        audit_record_without_values(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=decision,
            fields=[
                "client",
                "case",
                "screening",
                "status",
                "decision_making_org_type",
                "decision_agency",
                "decided_at",
                "level",
                "notify_country_of_origin",
                "reasons",
                "state",
                "formal_identification_due",
                *(["legal_basis"] if legal_basis else []),
            ],
            source=source,
        )
    return decision


# --- the services ---------------------------------------------------------------------------------


def identification_schedule_interview(
    *,
    actor: Any,
    decision: IdentificationDecision,
    agency: Organisation,
    when: dt.datetime,
    source: str = AuditEvent.Source.WEB,
) -> IdentificationDecision:
    """Set the formal identification interview of a preliminary decision."""
    require_identification_action(actor, decision, agency.pk, "schedule_interview")
    return fire(
        IDENTIFICATION, decision, "schedule_interview", actor=actor, when=when, source=source
    )


def identification_reschedule(
    *,
    actor: Any,
    decision: IdentificationDecision,
    agency: Organisation,
    when: dt.datetime,
    source: str = AuditEvent.Source.WEB,
) -> IdentificationDecision:
    require_identification_action(actor, decision, agency.pk, "reschedule")
    return fire(IDENTIFICATION, decision, "reschedule", actor=actor, when=when, source=source)


def _decision_values(
    agency: Organisation,
    *,
    status: str,
    level: str,
    decision_making_org_type: str,
    legal_basis: str,
    form_used: str,
    reasons: Iterable[str],
    victim_objects_to_notification: bool,
    dissent_note: str,
) -> dict[str, Any]:
    return {
        "status": status,
        "level": level,
        "decision_making_org_type": decision_making_org_type
        or ORG_TYPES.get(agency.type, Decision.DecisionMakingOrg.OTHER),
        "legal_basis": clean_text(legal_basis or "").strip(),
        "form_used": form_used,
        "reasons": sorted(set(reasons)),
        "victim_objects_to_notification": victim_objects_to_notification,
        "dissent_note": clean_text(dissent_note or "", multiline=True).strip(),
    }


def _decide(
    action: str,
    *,
    actor: Any,
    decision: IdentificationDecision,
    agency: Organisation,
    status: str,
    level: str,
    source: str,
    decided_on: dt.date | None = None,
    **values: Any,
) -> IdentificationOutcome:
    require_identification_action(actor, decision, agency.pk, action)
    to = State.IDENTIFIED if status == Decision.Status.ACTUAL else State.NOT_IDENTIFIED
    outcome: dict[str, Any] = {}
    fire(
        IDENTIFICATION,
        decision,
        action,
        actor=actor,
        to=to,
        agency=agency,
        status=status,
        level=level,
        decided_on=decided_on,
        outcome=outcome,
        values=_decision_values(agency, status=status, level=level, **values),
        audit_source=source,
        source=source,
    )
    return _outcome(outcome)


def _outcome(outcome: dict[str, Any]) -> IdentificationOutcome:
    new = outcome["decision"]
    identified = new.state == State.IDENTIFIED
    return IdentificationOutcome(
        decision=new,
        notification=outcome["notification"],
        non_punishment_notice=str(NON_PUNISHMENT_NOTICE) if identified else "",
    )


def identification_record_decision(
    *,
    actor: Any,
    decision: IdentificationDecision,
    agency: Organisation,
    status: str,
    level: str,
    decision_making_org_type: str = "",
    legal_basis: str = "",
    form_used: str = "",
    reasons: Iterable[str] = (),
    victim_objects_to_notification: bool = False,
    dissent_note: str = "",
    decided_on: dt.date | None = None,
    source: str = AuditEvent.Source.WEB,
) -> IdentificationOutcome:
    """After the interview, `agency` decides whether the person is a victim (Actual / Not a
    victim). A formal (or judicial) decision only by an agency the country names; an NGO
    records a preliminary one. "Not a victim" does not close the case: the case worker
    chooses what comes next, and the person keeps protection until then. `decided_on`, the
    date on the decision (today unless said), lies between the decision it replaces and
    today."""
    return _decide(
        "record_decision",
        actor=actor,
        decision=decision,
        agency=agency,
        status=status,
        level=level,
        decision_making_org_type=decision_making_org_type,
        legal_basis=legal_basis,
        form_used=form_used,
        reasons=reasons,
        victim_objects_to_notification=victim_objects_to_notification,
        dissent_note=dissent_note,
        decided_on=decided_on,
        source=source,
    )


def identification_request_review(
    *,
    actor: Any,
    decision: IdentificationDecision,
    agency: Organisation,
    source: str = AuditEvent.Source.WEB,
) -> IdentificationDecision:
    """The person, through their case worker, supervisor or lawyer, asks for the decision to
    be reviewed."""
    require_identification_action(actor, decision, agency.pk, "request_review")
    return fire(IDENTIFICATION, decision, "request_review", actor=actor, source=source)


def identification_record_review(
    *,
    actor: Any,
    decision: IdentificationDecision,
    agency: Organisation,
    status: str,
    level: str,
    decision_making_org_type: str = "",
    legal_basis: str = "",
    form_used: str = "",
    reasons: Iterable[str] = (),
    victim_objects_to_notification: bool = False,
    dissent_note: str = "",
    decided_on: dt.date | None = None,
    source: str = AuditEvent.Source.WEB,
) -> IdentificationOutcome:
    """The review's outcome: a new decision, under the same rule of who decides formally."""
    return _decide(
        "record_review",
        actor=actor,
        decision=decision,
        agency=agency,
        status=status,
        level=level,
        decision_making_org_type=decision_making_org_type,
        legal_basis=legal_basis,
        form_used=form_used,
        reasons=reasons,
        victim_objects_to_notification=victim_objects_to_notification,
        dissent_note=dissent_note,
        decided_on=decided_on,
        source=source,
    )


def identification_recognise_foreign_decision(
    *,
    actor: Any,
    decision: IdentificationDecision,
    agency: Organisation,
    issuing_country: str,
    issuing_agency: str,
    decision_making_org_type: str = "",
    legal_basis: str = "",
    victim_objects_to_notification: bool = False,
    source: str = AuditEvent.Source.WEB,
) -> IdentificationOutcome:
    """Recognise another country's identification of the person (ACTIP art. 14(2)), with the
    issuing country and agency: a formal identification here, recorded by an agency the
    country names for formal identifications."""
    require_identification_action(actor, decision, agency.pk, "recognise_foreign_decision")
    issuing_country = (issuing_country or "").strip().upper()
    issuing_agency = clean_text(issuing_agency or "").strip()
    values = _decision_values(
        agency,
        status=Decision.Status.ACTUAL,
        level=Decision.Level.FORMAL,
        decision_making_org_type=decision_making_org_type,
        legal_basis=legal_basis,
        form_used="",
        reasons=decision.reasons,
        victim_objects_to_notification=victim_objects_to_notification,
        dissent_note="",
    )
    values.update(
        recognised_foreign_identification=True,
        recognised_issuing_country=issuing_country,
        recognised_issuing_agency=issuing_agency,
    )
    outcome: dict[str, Any] = {}
    fire(
        IDENTIFICATION,
        decision,
        "recognise_foreign_decision",
        actor=actor,
        agency=agency,
        issuing_country=issuing_country,
        issuing_agency=issuing_agency,
        outcome=outcome,
        values=values,
        audit_source=source,
        source=source,
    )
    return _outcome(outcome)


def identification_record_objection(
    *,
    actor: Any,
    notification: CountryNotification,
    source: str = AuditEvent.Source.WEB,
) -> CountryNotification:
    """The person tells their case worker, supervisor or lawyer, after the decision, that they
    object to their country of origin being told (ACTIP art. 14(3)): a notification not yet
    sent is not sent. Refused, naming its status, once it is no longer waiting."""
    decision = notification.decision
    if decision.case is None:
        raise Http404("No such notification.")
    require_speaking_for_person(actor, decision.case)
    with transaction.atomic():
        locked = CountryNotification.objects.select_for_update().get(pk=notification.pk)
        if locked.status != CountryNotification.Status.PENDING:
            raise TransitionRefused(
                _(
                    "This notification of the country of origin is no longer waiting to be "
                    "sent: it is “%(status)s”."
                )
                % {"status": locked.get_status_display()}
            )
        locked.status = CountryNotification.Status.BLOCKED_BY_OBJECTION
        locked.save(update_fields=["status"])
        IdentificationDecision.objects.filter(pk=decision.pk).update(
            victim_objects_to_notification=True, updated_at=timezone.now()
        )
        audit_record_without_values(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=locked,
            fields=["status"],
            source=source,
        )
        audit_record_without_values(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=decision,
            fields=["victim_objects_to_notification"],
            source=source,
        )
    return locked
