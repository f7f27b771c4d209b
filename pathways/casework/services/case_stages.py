"""The case's stages (casework.md §3.3): one keyword-only service per action of
`transitions.CASE_MOVES`, each checking who may act (`access.require_case_action`: the case's
own case worker or its supervisor; approvals, rejections and reopening by the supervisor
only) and calling `transitions.fire`, which moves the stage, runs the effect and records the
audit entry in one transaction.

The coarse `status` follows the stage (closed in CLOSED, open otherwise), written with it in
one statement (a database constraint holds them together). A presumed victim's
case opens once the client's authoritative identification (the latest formal decision) finds
them a victim; it closes without one only when that decision finds them not a victim. Reasons
given in words (for reopening, or beside a closure) are sealed case notes, never audit values.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pathways.audit.models import AuditEvent
from pathways.casework.access import require_case_action
from pathways.casework.models import Case, IdentificationDecision, ReturnRequest, Section
from pathways.casework.services.cases import case_note_add
from pathways.casework.services.identification_moves import authoritative_decision
from pathways.casework.transitions import (
    CASE_ACTIONS,
    CASE_MOVES,
    TransitionRefused,
    fire,
    machine,
)
from pathways.lib.text import clean_text

Stage = Case.Stage
Reason = Case.ClosureReason


def _save(case: Case, fields: list[str]) -> list[str]:
    case.full_clean()
    case.save(update_fields=[*fields, "updated_at"])
    return fields


def _note(case: Case, actor: Any, text: str, source: str) -> list[str]:
    if not text:
        return []
    case_note_add(actor=actor, case=case, text=text, section=Section.NOTES, source=source)
    return ["notes"]


# --- guards and effects -------------------------------------------------------------------------


def _identified_as(case: Case, status: str) -> bool:
    decision = authoritative_decision(case.client_id, case.country_id)
    return (
        decision is not None
        and decision.status == status
        and decision.state != IdentificationDecision.State.UNDER_REVIEW
    )


def _confirm_guard(case: Case, **kwargs: Any) -> str | None:
    if not _identified_as(case, IdentificationDecision.Status.ACTUAL):
        return _(
            "The case opens once a formal identification finds the person a victim of "
            "trafficking; no such decision is recorded."
        )
    return None


def _negative_guard(case: Case, **kwargs: Any) -> str | None:
    if not _identified_as(case, IdentificationDecision.Status.NOT_A_VICTIM):
        return _(
            "A presumed victim's case closes this way only after a formal decision that the "
            "person is not a victim of trafficking."
        )
    return None


def _negative_effect(case: Case, *, actor: Any, note: str, origin: str, **kw: Any) -> list[str]:
    case.closure_reason = Reason.NOT_A_VICTIM_REFERRED
    written = _save(case, ["closure_reason"])
    return written + _note(case, actor, note, origin)


def _request_closure_guard(case: Case, *, reason: str, **kwargs: Any) -> str | None:
    if reason not in Reason.values:
        return _("Choose the reason for closing the case.")
    unfinished = ReturnRequest.objects.filter(case=case).exclude(
        status__in=(ReturnRequest.Status.CLOSED, ReturnRequest.Status.WITHDRAWN)
    )
    if unfinished.exists():
        return _("The case has a return under way: close or withdraw it first.")
    return None


def _request_closure_effect(
    case: Case, *, actor: Any, reason: str, from_stage: str, note: str, origin: str, **kw: Any
) -> list[str]:
    case.closure_reason, case.stage_before_closure = reason, from_stage
    written = _save(case, ["closure_reason", "stage_before_closure"])
    return written + _note(case, actor, note, origin)


def _approve_closure_effect(case: Case, *, actor: Any, **kwargs: Any) -> list[str]:
    case.closure_approved_by, case.stage_before_closure = actor, ""
    return _save(case, ["closure_approved_by", "stage_before_closure"])


def _reject_closure_effect(case: Case, **kwargs: Any) -> list[str]:
    case.closure_reason, case.stage_before_closure = "", ""
    return _save(case, ["closure_reason", "stage_before_closure"])


def _reopen_guard(case: Case, *, reason: str, **kwargs: Any) -> str | None:
    return None if reason else _("Say why the case is reopened: a reason is required.")


def _reopen_effect(case: Case, *, actor: Any, reason: str, origin: str, **kw: Any) -> list[str]:
    case.closure_reason, case.closure_approved_by = "", None
    written = _save(case, ["closure_reason", "closure_approved_by"])
    return written + _note(case, actor, reason, origin)


def _status_follows_stage(case: Case, stage: str) -> dict[str, Any]:
    """Closed (since today) in the closed stage, open in any other."""
    closed = stage == Stage.CLOSED
    if closed == (case.status == Case.Status.CLOSED):
        return {}
    if closed:
        return {"status": Case.Status.CLOSED, "closed_on": timezone.localdate()}
    return {"status": Case.Status.OPEN, "closed_on": None}


CASE = machine(
    Case,
    gettext_lazy("case"),
    CASE_ACTIONS,
    CASE_MOVES,
    {
        "confirm_identification": (_confirm_guard, None),
        "start_assessment": (None, None),
        "submit_plan": (None, None),
        "approve_plan": (None, None),
        "reject_plan": (None, None),
        "start_reintegration": (None, None),
        "start_monitoring": (None, None),
        "request_closure": (_request_closure_guard, _request_closure_effect),
        "approve_closure": (None, _approve_closure_effect),
        "reject_closure": (None, _reject_closure_effect),
        "reopen": (_reopen_guard, _reopen_effect),
        "identification_negative_and_close": (_negative_guard, _negative_effect),
    },
    state_field="stage",
    companions=_status_follows_stage,
)


# --- the services -------------------------------------------------------------------------------


def _act(action: str, *, actor: Any, case: Case, source: str, **kwargs: Any) -> Case:
    require_case_action(actor, case, action)
    return fire(CASE, case, action, actor=actor, source=source, origin=source, **kwargs)


def case_confirm_identification(
    *, actor: Any, case: Case, source: str = AuditEvent.Source.WEB
) -> Case:
    """A presumed victim's case opens: the latest formal decision finds them a victim."""
    return _act("confirm_identification", actor=actor, case=case, source=source)


def case_start_assessment(*, actor: Any, case: Case, source: str = AuditEvent.Source.WEB) -> Case:
    return _act("start_assessment", actor=actor, case=case, source=source)


def case_submit_plan(*, actor: Any, case: Case, source: str = AuditEvent.Source.WEB) -> Case:
    """The care plan goes to the supervisor for approval."""
    return _act("submit_plan", actor=actor, case=case, source=source)


def case_approve_plan(*, actor: Any, case: Case, source: str = AuditEvent.Source.WEB) -> Case:
    """The supervisor approves the plan: services begin."""
    return _act("approve_plan", actor=actor, case=case, source=source)


def case_reject_plan(*, actor: Any, case: Case, source: str = AuditEvent.Source.WEB) -> Case:
    """The supervisor sends the plan back: the case returns to assessment."""
    return _act("reject_plan", actor=actor, case=case, source=source)


def case_start_reintegration(
    *, actor: Any, case: Case, source: str = AuditEvent.Source.WEB
) -> Case:
    return _act("start_reintegration", actor=actor, case=case, source=source)


def case_start_monitoring(*, actor: Any, case: Case, source: str = AuditEvent.Source.WEB) -> Case:
    return _act("start_monitoring", actor=actor, case=case, source=source)


def case_request_closure(
    *,
    actor: Any,
    case: Case,
    reason: str,
    note: str = "",
    source: str = AuditEvent.Source.WEB,
) -> Case:
    """Put the case forward for closure with its reason (from the list); the supervisor
    approves or rejects. A note in words, if any, is a sealed case note."""
    return _act(
        "request_closure",
        actor=actor,
        case=case,
        source=source,
        reason=reason,
        from_stage=case.stage,
        note=clean_text(note or "", multiline=True).strip(),
    )


def case_approve_closure(*, actor: Any, case: Case, source: str = AuditEvent.Source.WEB) -> Case:
    return _act("approve_closure", actor=actor, case=case, source=source)


def case_reject_closure(*, actor: Any, case: Case, source: str = AuditEvent.Source.WEB) -> Case:
    """The supervisor keeps the case open: it returns to the stage the closure was asked
    from."""
    if case.stage == Stage.CLOSURE_PENDING and not case.stage_before_closure:
        raise TransitionRefused(
            _("This case does not record the stage its closure was asked from; reload it.")
        )
    return _act(
        "reject_closure",
        actor=actor,
        case=case,
        source=source,
        to=case.stage_before_closure or None,
    )


def case_reopen(
    *, actor: Any, case: Case, reason: str, source: str = AuditEvent.Source.WEB
) -> Case:
    """The supervisor reopens a closed case, saying why (kept as a sealed case note)."""
    reason = clean_text(reason or "", multiline=True).strip()
    return _act("reopen", actor=actor, case=case, source=source, reason=reason)


def case_identification_negative_and_close(
    *, actor: Any, case: Case, note: str = "", source: str = AuditEvent.Source.WEB
) -> Case:
    """Close a presumed victim's case after a formal decision that they are not a victim:
    they were referred elsewhere (a case note may say where)."""
    return _act(
        "identification_negative_and_close",
        actor=actor,
        case=case,
        source=source,
        note=clean_text(note or "", multiline=True).strip(),
    )
