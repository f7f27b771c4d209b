"""Returns across a border (casework.md §3.6): one keyword-only service per step of
`transitions.RETURN_MOVES`, each checking who may act (`access_returns.require_return_action`)
and calling `transitions.fire`, which runs the guard, moves the status and the columns that go
with it in one compare-and-swap on the return's `version` (a stale form writes nothing), runs
the effect and records the audit entry by field names — one transaction.

- Asking for a return: `return_request.py`.
- `return_start_verification` sets `verification_due` from the country's days (30 by
  default, ACTIP Art. 15(3)); `deadline_notices` reminds before it and escalates after it.
- `return_verify_nationality` / `return_find_not_national` (closed, "not a national"),
  `return_issue_documents`, `return_schedule` (a date, again to move it).
- The hand-over is a referral offered by `return_handover.py`; the return is handed over
  when the home agency accepts it: `referrals._accepted` calls `return_handover_accepted`
  (below) in its transaction, and `return_handover_sync` catches an acceptance that came
  while the return was on hold (on resume) or any other way (on close).
- `return_withdraw`: the person withdraws (any step before the hand-over, or on hold); an
  open hand-over referral is revoked.
- `return_flag_safety_risk` (a reason code) puts it on hold; `return_resume` takes a case
  supervisor and a risk assessment (the HTCDS risk set) recorded since the hold, and goes
  back to the step the hold was put on from.

Each step notifies the case's team and both countries' NRM coordinators (`return_notices`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pathways.audit.models import AuditEvent
from pathways.casework.access_returns import require_return_action
from pathways.casework.models import (
    Assessment,
    CountryCaseworkSettings,
    Referral,
    ReturnRequest,
    Section,
)
from pathways.casework.services import return_notices
from pathways.casework.services.cases import case_note_add
from pathways.casework.services.referral_revocation import referral_revoke
from pathways.casework.transitions import (
    RETURN_ACTIONS,
    RETURN_MOVES,
    ConcurrentChange,
    fire,
    machine,
)
from pathways.lib.text import clean_text

Status = ReturnRequest.Status
WEB = AuditEvent.Source.WEB
# The HTCDS risk assessment domain set: a hold is lifted on one recorded since.
RISK_DOMAIN_SET = "htcds-risk"
# A return not closed nor withdrawn is under way: a case has one at a time.
FINAL = (Status.CLOSED, Status.WITHDRAWN)
# The hand-over referral's statuses once the home agency has accepted it.
ACCEPTED_REFERRAL = (
    Referral.Status.ACCEPTED,
    Referral.Status.IN_PROGRESS,
    Referral.Status.COMPLETED,
    Referral.Status.NOT_COMPLETED,
    Referral.Status.CLOSED,
)
# A hand-over referral still waiting for, or holding, the home agency's answer.
LIVE_REFERRAL = (
    Referral.Status.DRAFT,
    Referral.Status.OFFERED,
    Referral.Status.ACCEPTED,
    Referral.Status.IN_PROGRESS,
)


def stale_message(ret: ReturnRequest) -> str:
    return _(
        "Someone else acted on this return while you were looking at it: it is now "
        "“%(status)s”. Nothing you sent was saved; see the return as it is now, and act again "
        "if you still need to."
    ) % {"status": ret.get_status_display()}


# --- guards and effects --------------------------------------------------------------------------


def _schedule_guard(ret: ReturnRequest, *, on: dt.date, now: dt.datetime, **kw: Any) -> str | None:
    if on < timezone.localdate(now):
        return _("A return cannot be scheduled in the past.")
    return None


def handover_refusal(ret: ReturnRequest) -> str | None:
    """Why the hand-over referral cannot be offered now (no date yet; one still live)."""
    if ret.scheduled_on is None:
        return _("Give the return its date before offering the hand-over.")
    referral = ret.handover_referral
    if referral is not None and referral.status in LIVE_REFERRAL:
        return _(
            "The hand-over referral is “%(status)s”: wait for the home agency's answer, or "
            "revoke it, before offering another."
        ) % {"status": referral.get_status_display()}
    return None


def _offer_handover_guard(ret: ReturnRequest, **kw: Any) -> str | None:
    return handover_refusal(ret)


def _hand_over_guard(ret: ReturnRequest, **kw: Any) -> str | None:
    referral = ret.handover_referral
    if referral is None or referral.status not in ACCEPTED_REFERRAL:
        return _("A return is handed over once the home agency accepts its hand-over referral.")
    return None


def _hold_guard(ret: ReturnRequest, *, reason: str, **kw: Any) -> str | None:
    if reason not in ReturnRequest.HoldReason.values:
        return _("Choose the safety risk the return is put on hold for.")
    return None


def _resume_guard(ret: ReturnRequest, *, assessment: Assessment | None, **kw: Any) -> str | None:
    if (
        assessment is None
        or assessment.case_id != ret.case_id
        or assessment.domain_set.code != RISK_DOMAIN_SET
    ):
        return _("A return resumes on a risk assessment of the person recorded on the case.")
    held_since = timezone.localdate(ret.on_hold_at) if ret.on_hold_at else None
    if held_since is not None and assessment.assessed_on < held_since:
        return _("The risk assessment must be made since the return was put on hold.")
    return None


def _withdraw_effect(
    ret: ReturnRequest, *, actor: Any, note: str, now: dt.datetime, origin: str, **kw: Any
) -> list[str]:
    written = []
    referral = ret.handover_referral
    if referral is not None and referral.status in LIVE_REFERRAL:
        referral_revoke(
            actor=actor,
            referral=referral,
            reason=Referral.RevokeReason.CONSENT_WITHDRAWN,
            now=now,
            source=origin,
        )
        written.append("handover_referral")
    if note:
        case_note_add(actor=actor, case=ret.case, text=note, section=Section.NOTES, source=origin)
        written.append("notes")
    return written


def _companions(ret: ReturnRequest, status: str) -> dict[str, Any]:
    """The columns a step writes with the status, set on the record by `_take`: one UPDATE,
    so no moment breaks a constraint between them (a closure's reason, a hold's step)."""
    return dict(getattr(ret, "_with_status", {}))


RETURN = machine(
    ReturnRequest,
    gettext_lazy("return"),
    RETURN_ACTIONS,
    RETURN_MOVES,
    {
        "start_verification": (None, None),
        "verify_nationality": (None, None),
        "find_not_national": (None, None),
        "issue_documents": (None, None),
        "schedule": (_schedule_guard, None),
        "offer_handover": (_offer_handover_guard, None),
        "hand_over": (_hand_over_guard, None),
        "close": (None, None),
        "withdraw": (None, _withdraw_effect),
        "flag_safety_risk": (_hold_guard, None),
        "resume": (_resume_guard, None),
    },
    state_field="status",
    companions=_companions,
)


def take(
    ret: ReturnRequest,
    action: str,
    *,
    actor: Any,
    version: int | None,
    values: dict[str, Any],
    now: dt.datetime,
    source: str,
    to: str | None = None,
    tell: bool = True,
    **kwargs: Any,
) -> ReturnRequest:
    """Fire `action` on the return loaded at `version`, writing `values` with the status,
    and (`tell`) notify both scopes; the record keeps its values if anything refuses."""
    if version is not None and version != ret.version:
        raise ConcurrentChange(stale_message(ret))
    before = {name: getattr(ret, name) for name in values}
    ret._with_status = values  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            fire(
                RETURN,
                ret,
                action,
                actor=actor,
                to=to,
                source=source,
                origin=source,
                now=now,
                **kwargs,
            )
            if tell:
                return_notices.notify_step(ret, actor)
    except BaseException:
        for name, value in before.items():
            setattr(ret, name, value)
        raise
    finally:
        del ret._with_status  # type: ignore[attr-defined]
    return ret


def not_open(ret: ReturnRequest, action: str) -> str | None:
    """Why the table refuses `action` at the return's status now (as `fire` says it)."""
    if (ret.status, action) in RETURN.table:
        return None
    return _("A %(record)s that is “%(state)s” cannot be %(action)s.") % {
        "record": RETURN.record_name,
        "state": ret.get_status_display(),
        "action": RETURN.actions[action],
    }


# --- the steps -----------------------------------------------------------------------------------


def return_start_verification(
    *,
    actor: Any,
    ret: ReturnRequest,
    version: int | None = None,
    now: dt.datetime | None = None,
    source: str = WEB,
) -> ReturnRequest:
    """Start verifying the person's nationality: due in the holding country's days."""
    require_return_action(actor, ret, "start_verification")
    now = now or timezone.now()
    days = CountryCaseworkSettings.settings_for(ret.from_country_id).nationality_verification_days
    values = {
        "verification_started_at": now,
        "verification_due": timezone.localdate(now) + dt.timedelta(days=days),
        "verification_escalated_at": None,
    }
    with transaction.atomic():
        take(
            ret,
            "start_verification",
            actor=actor,
            version=version,
            values=values,
            now=now,
            source=source,
            tell=False,
        )
        return_notices.notify_verification_started(ret, actor)
    return ret


def _step(action: str, values: Any) -> Any:
    """A step that takes no more than the actor: `values(now)` written with the status."""

    def service(
        *,
        actor: Any,
        ret: ReturnRequest,
        version: int | None = None,
        now: dt.datetime | None = None,
        source: str = WEB,
    ) -> ReturnRequest:
        require_return_action(actor, ret, action)
        now = now or timezone.now()
        return take(
            ret, action, actor=actor, version=version, values=values(now), now=now, source=source
        )

    service.__name__ = f"return_{action}"
    service.__doc__ = f"Take the step `{action}` of the return (`transitions.RETURN_MOVES`)."
    return service


return_verify_nationality = _step("verify_nationality", lambda now: {"verified_at": now})
return_find_not_national = _step(
    "find_not_national",
    lambda now: {"closed_reason": ReturnRequest.ClosedReason.NOT_NATIONAL, "closed_at": now},
)
return_issue_documents = _step("issue_documents", lambda now: {"documents_issued_at": now})


def return_schedule(
    *,
    actor: Any,
    ret: ReturnRequest,
    on: dt.date,
    version: int | None = None,
    now: dt.datetime | None = None,
    source: str = WEB,
) -> ReturnRequest:
    """Give the scheduled return its date (again to move it); not in the past."""
    require_return_action(actor, ret, "schedule")
    now = now or timezone.now()
    return take(
        ret,
        "schedule",
        actor=actor,
        version=version,
        values={"scheduled_on": on},
        now=now,
        source=source,
        on=on,
    )


def return_withdraw(
    *,
    actor: Any,
    ret: ReturnRequest,
    note: str = "",
    version: int | None = None,
    now: dt.datetime | None = None,
    source: str = WEB,
) -> ReturnRequest:
    """The person withdraws from the return: final; an open hand-over referral is revoked
    (its agency told); the case's team's words, if any, a sealed case note."""
    require_return_action(actor, ret, "withdraw")
    now = now or timezone.now()
    note = clean_text(note or "", multiline=True).strip()
    return take(
        ret,
        "withdraw",
        actor=actor,
        version=version,
        values={"withdrawn_at": now},
        now=now,
        source=source,
        note=note,
    )


def return_flag_safety_risk(
    *,
    actor: Any,
    ret: ReturnRequest,
    reason: str,
    version: int | None = None,
    now: dt.datetime | None = None,
    source: str = WEB,
) -> ReturnRequest:
    """Put the return on hold for a safety risk (a `HoldReason` code), keeping its step."""
    require_return_action(actor, ret, "flag_safety_risk")
    now = now or timezone.now()
    values = {"on_hold_from": ret.status, "hold_reason": reason, "on_hold_at": now}
    return take(
        ret,
        "flag_safety_risk",
        actor=actor,
        version=version,
        values=values,
        now=now,
        source=source,
        reason=reason,
    )


def return_resume(
    *,
    actor: Any,
    ret: ReturnRequest,
    assessment: Assessment | None,
    version: int | None = None,
    now: dt.datetime | None = None,
    source: str = WEB,
) -> ReturnRequest:
    """A case supervisor of the owner agency resumes the return at the step it was put on
    hold from, on a risk assessment of the person recorded since the hold."""
    require_return_action(actor, ret, "resume")
    now = now or timezone.now()
    values = {"on_hold_from": "", "resumed_on_assessment": assessment}
    take(
        ret,
        "resume",
        actor=actor,
        version=version,
        values=values,
        now=now,
        source=source,
        to=ret.on_hold_from,
        assessment=assessment,
    )
    return return_handover_sync(ret=ret, actor=actor, now=now, source=source)


# --- handed over: when the home agency accepts the hand-over referral ---------------------------


def return_handover_accepted(
    *, referral: Referral, actor: Any, now: dt.datetime | None = None, source: str = WEB
) -> ReturnRequest | None:
    """Called where a referral is accepted, in its transaction: the scheduled return whose
    hand-over it is becomes `handed_over`. None when the referral hands over no return, or
    its return is not scheduled (on hold: it is caught on resume)."""
    ret = (
        ReturnRequest.objects.select_related("case", "handover_referral")
        .filter(handover_referral=referral, status=Status.RETURN_SCHEDULED)
        .first()
    )
    if ret is None:
        return None
    ret.handover_referral = referral
    return _hand_over(ret, actor, now or timezone.now(), source)


def _hand_over(ret: ReturnRequest, actor: Any, now: dt.datetime, source: str) -> ReturnRequest:
    return take(
        ret,
        "hand_over",
        actor=actor,
        version=ret.version,
        values={"handed_over_at": now},
        now=now,
        source=source,
    )


def return_handover_sync(
    *, ret: ReturnRequest, actor: Any, now: dt.datetime | None = None, source: str = WEB
) -> ReturnRequest:
    """A scheduled return whose hand-over referral is already accepted is handed over."""
    referral = ret.handover_referral
    if ret.status != Status.RETURN_SCHEDULED or referral is None:
        return ret
    referral.refresh_from_db(fields=["status"])
    if referral.status in ACCEPTED_REFERRAL:
        _hand_over(ret, actor, now or timezone.now(), source)
    return ret
