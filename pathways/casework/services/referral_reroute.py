"""The NRM coordinator re-routes a referral that expired unanswered or was declined
(casework.md §3.4): a new referral offered to another agency for the same case, service,
urgency and shared sections, sent in the name of the original sender, under a consent that
covers the new agency (re-checked) or the override the original relied on while it runs.
The original stays as it ended; the new one points to it (`rerouted_from`).
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
from pathways.casework import referral_deadlines, sealing
from pathways.casework.access import holds_role
from pathways.casework.access_consent import consent_covering
from pathways.casework.access_directory import directory_check
from pathways.casework.access_referrals import require_referral_action
from pathways.casework.models import ConsentOverride, ConsentRecord, Referral
from pathways.casework.reading_referrals import referral_details_for_services
from pathways.casework.services.referral_machine import (
    REFERRAL_MACHINE,
    settings_of,
    staged,
    zone_of,
)
from pathways.casework.services.referrals import RECEIVER_ROLES, case_refusal, notify_offered
from pathways.casework.transitions import TransitionRefused, fire
from pathways.programs.models import Organisation

R = Referral.Status
REROUTABLE = (R.EXPIRED, R.DECLINED)


def _consent(original: Referral, to_agency: Organisation, now: dt.datetime):
    found = consent_covering(
        case=original.case,
        kind=ConsentRecord.Kind.SHARE_FOR_REFERRAL,
        agency=to_agency,
        sections=original.shared_sections,
        at=now,
    )
    if isinstance(found, ConsentRecord):
        return found, None
    if isinstance(found, ConsentOverride) and original.consent_override_id is not None:
        return None, found
    raise ValidationError(
        {
            "to_agency": _(
                "The person's consent does not cover sharing with %(agency)s. Ask the sending "
                "agency to record their consent, or choose another agency."
            )
            % {"agency": to_agency.name}
        }
    )


def referral_reroute(
    *,
    actor: Any,
    referral: Referral,
    to_agency: Organisation,
    to_user: Any = None,
    now: dt.datetime | None = None,
    source: str = AuditEvent.Source.WEB,
) -> Referral:
    """Offer the expired or declined `referral` anew to `to_agency`; returns the new one (its
    directory warnings on `warnings`)."""
    require_referral_action(actor, referral, "reroute")
    if referral.status not in REROUTABLE:
        raise TransitionRefused(
            _("Only an expired or declined referral is re-routed; this one is “%(status)s”.")
            % {"status": referral.get_status_display()}
        )
    now = now or timezone.now()
    case = referral.case
    if refusal := case_refusal(case):  # closed since: a new offer would open it to the agency
        raise ValidationError({"case": refusal})
    if to_agency.pk in (referral.to_agency_id, case.owner_agency_id):
        raise ValidationError({"to_agency": _("Choose another agency than the one before.")})
    if to_user is not None and not holds_role(to_user, to_agency.pk, *RECEIVER_ROLES):
        raise ValidationError({"to_user": _("Assign it to a case worker or supervisor there.")})
    consent, override = _consent(referral, to_agency, now)
    check = directory_check(
        agency=to_agency,
        service_type=referral.service_type,
        province=None,
        client=case.client,
        on=timezone.localtime(now, zone_of(referral)).date(),
    )
    if not check.allowed:
        raise ValidationError({"to_agency": check.refusals})
    with transaction.atomic():
        new = Referral(
            country_id=referral.country_id,
            case=case,
            from_agency_id=referral.from_agency_id,
            from_user_id=referral.from_user_id,
            to_agency=to_agency,
            to_user=to_user,
            service_type=referral.service_type,
            urgency=referral.urgency,
            reason=referral.reason,
            consent_record=consent,
            consent_override=override,
            shared_sections=list(referral.shared_sections),
            transport=Referral.Transport.PATHWAYS,
            rerouted_from=referral,
        )
        sealing.seal_record(new, {"details": referral_details_for_services(referral)})
        new.full_clean()
        new.save()
        fields = ["case", "from_agency", "from_user", "to_agency", "service_type", "urgency"]
        fields += ["reason", "shared_sections", "transport", "rerouted_from"]
        fields += ["details"] if new.details_sealed else []
        fields += ["consent_record" if consent else "consent_override"]
        fields += ["to_user"] if to_user else []
        audit_record_without_values(
            actor=actor, action=AuditEvent.Action.CREATE, instance=new, fields=fields, source=source
        )
        due = referral_deadlines.respond_by(now, new.urgency, settings_of(new))
        with staged(new, offered_at=now, respond_by=due):
            fire(REFERRAL_MACHINE, new, "offer", actor=actor, source=source, origin=source, now=now)
        notify_offered(new)
    new.warnings = list(check.warnings)
    return new
