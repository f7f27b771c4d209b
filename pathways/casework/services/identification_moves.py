"""The identification workflow's table (casework.md §3.2) with its guards and effects, and
reading a client's chain of decisions: which decision is authoritative, whether a person is
a foreign national, the notice of non-punishment. The services that fire the moves are in
`identification.py`.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record_without_values
from pathways.casework import sealing
from pathways.casework.access import formal_identifier
from pathways.casework.models import (
    IDENTIFICATION_SEALED_FIELDS,
    Client,
    CountryCaseworkSettings,
    CountryNotification,
    IdentificationDecision,
)
from pathways.casework.transitions import (
    IDENTIFICATION_ACTIONS,
    IDENTIFICATION_MOVES,
    machine,
)
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


def why_not_formal(agency: Organisation, country: Country) -> str:
    """Why `agency` may record only a preliminary decision in `country`, naming the agencies
    that record formal ones."""
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
        return why_not_formal(agency, decision.country)
    return _date_refused(decision, kwargs.get("decided_on")) or _not_superseded(decision)


def _date_refused(decision: IdentificationDecision, decided_on: dt.date | None) -> str | None:
    """A decision's date lies between the decision it replaces and today, so the latest
    decision stays the one decided last."""
    if decided_on is None:
        return None
    if decided_on > timezone.localdate():
        return _("The date of the decision cannot be in the future.")
    if decided_on < timezone.localdate(decision.decided_at):
        return _(
            "The date of the decision cannot be before the decision it replaces (%(day)s)."
        ) % {"day": timezone.localdate(decision.decided_at).isoformat()}
    return None


def decided_at(decided_on: dt.date | None) -> dt.datetime:
    """When a decision dated `decided_on` was taken: now if today (or not said), else the end
    of that day, after any decision earlier that day it replaces."""
    now = timezone.now()
    if decided_on is None or decided_on >= timezone.localdate(now):
        return now
    end = dt.datetime.combine(decided_on, dt.time(23, 59, 59))
    return timezone.make_aware(end)


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
        return why_not_formal(agency, decision.country)
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
        decided_at=decided_at(kw.get("decided_on")),
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
