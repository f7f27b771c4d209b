"""Asking for a return across a border (casework.md §3.6, §5): the case's own case worker or a
supervisor of the owner agency asks, with the person's consent to move their case (kind
`transfer_case`, in force). Refused while the person objects to their country of origin being
told (a consent record of that objection in force, or the objection on their identification):
verifying their nationality tells that country's authorities (ACTIP Art. 14(3), 15(3)).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record_without_values
from pathways.casework.access_consent import consent_in_force, consents_of
from pathways.casework.access_returns import require_return_request
from pathways.casework.models import Case, ConsentRecord, ReturnRequest
from pathways.casework.services import return_notices
from pathways.casework.services.identification_moves import authoritative_decision
from pathways.casework.services.returns import FINAL, WEB
from pathways.programs.models import Country


def objects_to_origin_notification(case: Case, at: dt.datetime) -> bool:
    """Whether the person objects to their country of origin being told: an objection
    recorded as consent (in force), or on their identification."""
    for objection in consents_of(case).filter(
        kind=ConsentRecord.Kind.ORIGIN_NOTIFICATION_OBJECTION
    ):
        if consent_in_force(objection, case, at):
            return True
    decision = authoritative_decision(case.client_id, case.country_id)
    return decision is not None and decision.victim_objects_to_notification


def transfer_consent(case: Case, at: dt.datetime) -> ConsentRecord | None:
    """The person's consent to move their case (kind `transfer_case`) in force, newest first."""
    kind = ConsentRecord.Kind.TRANSFER_CASE
    for consent in consents_of(case).filter(kind=kind).order_by("-given_at", "-id"):
        if consent_in_force(consent, case, at):
            return consent
    return None


def _request_refusals(case: Case, to_country: Country, now: dt.datetime) -> dict[str, str]:
    if case.status == Case.Status.CLOSED:
        return {"__all__": _("A closed case cannot ask for a return.")}
    if to_country.pk == case.country_id:
        return {"to_country": _("A return goes to another country than the case's.")}
    if ReturnRequest.objects.filter(case=case).exclude(status__in=FINAL).exists():
        return {"__all__": _("This case already has a return under way.")}
    if objects_to_origin_notification(case, now):
        return {
            "__all__": _(
                "The person objects to their country of origin being told, and verifying "
                "their nationality tells its authorities. Record the end of that objection "
                "with them before asking for a return."
            )
        }
    if transfer_consent(case, now) is None:
        return {
            "__all__": _(
                "A return needs the person's consent to move their case (“To move the case "
                "to another agency”): record it with them first."
            )
        }
    return {}


def return_request(
    *,
    actor: Any,
    case: Case,
    to_country: Country,
    now: dt.datetime | None = None,
    source: str = WEB,
) -> ReturnRequest:
    """Ask for the return of the case's person to `to_country`: the case's own case worker
    or a supervisor of the owner agency (403 otherwise), with the person's consent; a
    ValidationError saying why, nothing written, when refused."""
    require_return_request(actor, case)
    now = now or timezone.now()
    with transaction.atomic():
        Case.objects.select_for_update().filter(pk=case.pk).first()
        refusals = _request_refusals(case, to_country, now)
        if refusals:
            raise ValidationError(refusals)
        ret = ReturnRequest(
            case=case,
            from_country_id=case.country_id,
            to_country=to_country,
            requested_by=actor,
            consent_record=transfer_consent(case, now),
        )
        ret.full_clean()
        ret.save()
        audit_record_without_values(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=ret,
            fields=["case", "from_country", "to_country", "requested_by", "consent_record"],
            source=source,
        )
        return_notices.notify_requested(ret, actor)
    return ret
