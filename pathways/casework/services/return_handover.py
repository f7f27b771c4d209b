"""The hand-over of a return (casework.md §3.6): a normal referral to an agency of the home
country, under both countries' scopes.

`return_hand_over` offers that referral (`services.referrals.referral_offer`: its consent to
share with that agency and those sections, its directory check and deadlines, its notice to
the agency) and links it as the return's `handover_referral` (step `offer_handover`, the return
stays scheduled). The return becomes `handed_over` when the home agency accepts it
(`returns.return_handover_accepted`, called by the accept services in their transaction;
`returns.return_handover_sync` on resume and on close). A decline or an expiry leaves the
return scheduled, to be offered again (to the same agency or another).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pathways.casework.access_returns import require_return_action
from pathways.casework.models import Referral, ReturnRequest, ServiceType
from pathways.casework.services.returns import (
    WEB,
    handover_refusal,
    not_open,
    return_handover_sync,
    take,
)
from pathways.casework.transitions import TransitionRefused
from pathways.programs.models import Organisation

Status = ReturnRequest.Status


def return_hand_over(
    *,
    actor: Any,
    ret: ReturnRequest,
    to_agency: Organisation,
    shared_sections: Iterable[str],
    service_type: str = ServiceType.REPATRIATION,
    urgency: str = Referral.Urgency.URGENT,
    details: str = "",
    to_user: Any = None,
    version: int | None = None,
    now: dt.datetime | None = None,
    source: str = WEB,
) -> ReturnRequest:
    """Offer the hand-over referral of a scheduled return to `to_agency`, an agency of the
    home country, and link it to the return. Refused (ValidationError or TransitionRefused,
    nothing written) without a date, while another hand-over referral is live, for an agency
    of another country, or whatever `referral_offer` refuses (consent, directory)."""
    from pathways.casework.services.referrals import referral_offer

    require_return_action(actor, ret, "offer_handover")
    now = now or timezone.now()
    if to_agency.country_id != ret.to_country_id:
        raise ValidationError(
            {"to_agency": _("The hand-over goes to an agency of the country of return.")}
        )
    refusal = not_open(ret, "offer_handover") or handover_refusal(ret)
    if refusal:
        raise TransitionRefused(refusal)
    with transaction.atomic():
        referral = referral_offer(
            actor=actor,
            case=ret.case,
            to_agency=to_agency,
            service_type=service_type,
            urgency=urgency,
            shared_sections=list(shared_sections),
            details=details,
            reason=Referral.Reason.MIGRATION,
            to_user=to_user,
            now=now,
            source=source,
        )
        take(
            ret,
            "offer_handover",
            actor=actor,
            version=version,
            values={"handover_referral": referral},
            now=now,
            source=source,
            tell=False,
        )
    ret.warnings = list(getattr(referral, "warnings", []))  # type: ignore[attr-defined]
    return ret


def return_close(
    *,
    actor: Any,
    ret: ReturnRequest,
    version: int | None = None,
    now: dt.datetime | None = None,
    source: str = WEB,
) -> ReturnRequest:
    """Close a handed-over return: the person is back and in the home agency's care."""
    require_return_action(actor, ret, "close")
    now = now or timezone.now()
    with transaction.atomic():
        if version is None or version == ret.version:
            return_handover_sync(ret=ret, actor=actor, now=now, source=source)
            version = None if version is None else ret.version
        values = {"closed_reason": ReturnRequest.ClosedReason.RETURNED, "closed_at": now}
        take(ret, "close", actor=actor, version=version, values=values, now=now, source=source)
    return ret
