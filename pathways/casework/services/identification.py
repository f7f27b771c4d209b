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
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record_without_values
from pathways.casework import sealing
from pathways.casework.access import formal_identifier, require_identification_action
from pathways.casework.models import (
    IDENTIFICATION_SEALED_FIELDS,
    Case,
    Client,
    CountryCaseworkSettings,
    CountryNotification,
    IdentificationDecision,
    Screening,
)
from pathways.casework.transitions import (
    IDENTIFICATION_ACTIONS,
    IDENTIFICATION_MOVES,
    fire,
    machine,
)
from pathways.lib.text import clean_text
from pathways.programs.models import Country, Organisation

Decision = IdentificationDecision
State = IdentificationDecision.State

# ACTIP art. 14(7), shown to the person and to whoever deals with them once identified.
NON_PUNISHMENT_NOTICE = gettext_lazy(
    "Non-punishment (ASEAN Convention against Trafficking in Persons, Article 14(7)): each "
    "member state shall consider, subject to its domestic law and in appropriate cases, not "
    "holding victims of trafficking criminally or administratively liable for unlawful acts "
    "they committed when those acts are directly related to their being trafficked. Tell the "
    "police, prosecutors and immigration officials dealing with this person that they have "
    "been identified as a victim of trafficking."
)

# What kind of organisation decides, from the agency's programme type, unless the caller
# says (a police unit is a "government" organisation to the programme).
ORG_TYPES = {
    Organisation.Type.NGO: IdentificationDecision.DecisionMakingOrg.NGO,
    Organisation.Type.GOVERNMENT: IdentificationDecision.DecisionMakingOrg.NON_POLICE_GOVERNMENTAL,
}


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


# --- reading the chain ---------------------------------------------------------------------------


def authoritative_decision(client_id: int, country_id: int) -> IdentificationDecision | None:
    """The client's latest formal or judicial decision in the country: their identification."""
    return (
        Decision.objects.filter(
            client_id=client_id,
            country_id=country_id,
            level__in=(Decision.Level.FORMAL, Decision.Level.JUDICIAL),
        )
        .order_by("-decided_at", "-id")
        .first()
    )


def is_foreign_national(client: Client, country: Country) -> bool:
    return bool(client.nationality) and client.nationality != country.code


@dataclass(frozen=True)
class IdentificationOutcome:
    """What a decision leaves: the new (current) decision, the notification of the country of
    origin if one was due, and the non-punishment notice to show ("" unless identified)."""

    decision: IdentificationDecision
    notification: CountryNotification | None
    non_punishment_notice: str


# --- guards and effects ---------------------------------------------------------------------------


def _not_superseded(decision: IdentificationDecision) -> str | None:
    if not decision.superseded_by.exists():
        return None
    if not Decision.objects.filter(pk=decision.pk, version=decision.version).exists():
        return None  # loaded before someone else acted: the compare-and-swap tells them so
    return _("A later decision has replaced this one; act on the latest decision.")


def _not_authorised(agency: Organisation, country: Country) -> str:
    found = CountryCaseworkSettings.objects.filter(country=country).first()
    named = []
    if found is not None:
        named = list(
            found.formal_identifier_agencies.order_by("name").values_list("name", flat=True)
        )
    if not named:
        return _(
            "No agency is named yet in %(country)s to make formal identifications, so only a "
            "preliminary decision can be recorded."
        ) % {"country": country.name}
    return _(
        "%(agency)s is not named in %(country)s as an agency that makes formal "
        "identifications, so it may record only a preliminary decision. A formal decision is "
        "recorded by: %(named)s."
    ) % {"agency": agency.name, "country": country.name, "named": ", ".join(named)}


def _schedule_guard(decision: IdentificationDecision, *, when: Any, **kwargs: Any) -> str | None:
    if when is None:
        return _("Give the date and time of the identification interview.")
    return _not_superseded(decision)


def _schedule_effect(decision: IdentificationDecision, *, when: Any, **kwargs: Any) -> list[str]:
    decision.interview_scheduled_for = when
    decision.save(update_fields=["interview_scheduled_for", "updated_at"])
    return ["interview_scheduled_for"]


def _decision_guard(
    decision: IdentificationDecision,
    *,
    agency: Organisation,
    status: str,
    level: str,
    **kwargs: Any,
) -> str | None:
    if status not in (Decision.Status.ACTUAL, Decision.Status.NOT_A_VICTIM):
        return _("Choose whether the person is a victim of trafficking or not.")
    if level not in Decision.Level.values:
        return _("Choose the level of the decision.")
    if level != Decision.Level.PRELIMINARY and not formal_identifier(
        agency.pk, decision.country_id
    ):
        return _not_authorised(agency, decision.country)
    return _not_superseded(decision)


def _recognise_guard(
    decision: IdentificationDecision,
    *,
    agency: Organisation,
    issuing_country: str,
    issuing_agency: str,
    **kwargs: Any,
) -> str | None:
    if len(issuing_country) != 2 or not issuing_country.isalpha():
        return _("Give the country whose authority identified the person.")
    if issuing_country == decision.country.code:
        return _("Recognition is of another country's decision; record this one as a decision.")
    if not issuing_agency:
        return _("Give the agency that identified the person in that country.")
    if not formal_identifier(agency.pk, decision.country_id):
        return _not_authorised(agency, decision.country)
    return _not_superseded(decision)


def _review_requested_effect(decision: IdentificationDecision, **kwargs: Any) -> list[str]:
    decision.review_requested = True
    decision.save(update_fields=["review_requested", "updated_at"])
    return ["review_requested"]


def _supersede_effect(
    decision: IdentificationDecision, *, actor: Any, agency: Organisation, outcome: dict, **kw: Any
) -> list[str]:
    """A new decision in the state the workflow reached, superseding `decision`."""
    values = dict(kw["values"])
    dissent_note = values.pop("dissent_note", "")
    new = Decision(
        country=decision.country,
        client=decision.client,
        case=decision.case,
        screening=decision.screening,
        decision_agency=agency,
        decided_by=actor if getattr(actor, "is_authenticated", False) else None,
        decided_at=timezone.now(),
        supersedes=decision,
        state=decision.state,
        formal_identification_due=decision.formal_identification_due,
        **values,
    )
    identified = new.status == Decision.Status.ACTUAL and new.is_authoritative_level
    new.notify_country_of_origin = identified and is_foreign_national(
        decision.client, decision.country
    )
    sealing.seal_record(new, {"dissent_note": dissent_note})
    new.full_clean(exclude=[f"{f}_sealed" for f in IDENTIFICATION_SEALED_FIELDS])
    new.save()
    written = [name for name, value in values.items() if value not in ("", None, False, [])]
    written += ["dissent_note"] if dissent_note else []
    audit_record_without_values(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        instance=new,
        fields=[
            "client",
            "case",
            "decision_agency",
            "decided_at",
            "supersedes",
            "state",
            "notify_country_of_origin",
            *written,
        ],
        source=kw["audit_source"],
    )
    outcome["decision"] = new
    outcome["notification"] = _notification_if_due(new, actor=actor, source=kw["audit_source"])
    return []


def _notification_if_due(
    decision: IdentificationDecision, *, actor: Any, source: str
) -> CountryNotification | None:
    if not decision.notify_country_of_origin:
        return None
    Status = CountryNotification.Status
    notification = CountryNotification(
        client=decision.client,
        decision=decision,
        to_country=decision.client.nationality,
        status=Status.BLOCKED_BY_OBJECTION
        if decision.victim_objects_to_notification
        else Status.PENDING,
    )
    notification.full_clean()
    notification.save()
    audit_record_without_values(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        instance=notification,
        fields=["client", "decision", "to_country", "status"],
        source=source,
    )
    return notification


IDENTIFICATION = machine(
    IdentificationDecision,
    gettext_lazy("decision on identification"),
    IDENTIFICATION_ACTIONS,
    IDENTIFICATION_MOVES,
    {
        "schedule_interview": (_schedule_guard, _schedule_effect),
        "reschedule": (_schedule_guard, _schedule_effect),
        "record_decision": (_decision_guard, _supersede_effect),
        "request_review": (
            lambda decision, **kw: _not_superseded(decision),
            _review_requested_effect,
        ),
        "record_review": (_decision_guard, _supersede_effect),
        "recognise_foreign_decision": (_recognise_guard, _supersede_effect),
    },
)


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
    source: str = AuditEvent.Source.WEB,
) -> IdentificationOutcome:
    """After the interview, `agency` decides whether the person is a victim (Actual / Not a
    victim). A formal (or judicial) decision only by an agency the country names; an NGO
    records a preliminary one. "Not a victim" does not close the case: the case worker
    chooses what comes next, and the person keeps protection until then."""
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
