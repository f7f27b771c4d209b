"""Transfers of a case's ownership to another agency (casework.md §3.5): asked for, then
accepted, rejected or revoked, each move through the table (`transitions.TRANSFER_MOVES`)
in one transaction, versioned and audited by field names only.

* `transfer_request`: the case's own case worker or a case supervisor of its owner agency
  asks to move an open case to another agency of its country. The person's consent of kind
  `transfer_case` must cover the receiving agency for the summary (`consent_covering`), or a
  running override of that kind; one open request per case; the reason is sealed. The
  receiving agency's case supervisors are told the case number and what to do.
* `transfer_accept`: a case supervisor of the receiving agency, while the consent still
  covers it. Ownership moves: the case (and its client, when no other case of theirs stays
  behind) belongs to the receiving agency, its case worker is the one chosen there (or none
  yet), its supervisor the one who accepted, and the old team is removed. The old owner's
  case supervisors and the case worker it had keep its summary, read only
  (`access_former_owner.py`). Open referrals of the case stay as they are: now the new
  owner's case's, their `from_agency` kept as history.
* `transfer_reject` (with the reason in words, sealed) and `transfer_revoke` (by the
  requesting side) leave the case where it is; the other side is told.

Notifications hold the case number, the agencies and what to do, never personal data nor
the words. Refusals are ValidationError naming the field (nothing written) or
TransitionRefused naming the transfer's status; a stale `version` is ConcurrentChange.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_record_without_values
from pathways.casework import sealing
from pathways.casework.access import holds_role
from pathways.casework.access_consent import consent_covering
from pathways.casework.access_transfers import require_transfer_action, require_transfer_request
from pathways.casework.models import (
    Case,
    CaseworkRole,
    ConsentRecord,
    Section,
    StaffMembership,
    Transfer,
)
from pathways.casework.transitions import (
    TRANSFER_ACTIONS,
    TRANSFER_MOVES,
    ConcurrentChange,
    fire,
    machine,
)
from pathways.lib.text import clean_text
from pathways.notifications.services import notify
from pathways.programs.models import Organisation

KIND_TRANSFER = "case_transfer"
# What the consent must cover for the receiving agency: the case's summary.
CONSENT_SECTIONS = (Section.SUMMARY,)
# Who may be the case's worker at the receiving agency.
WORKING_ROLES = (CaseworkRole.CASE_WORKER, CaseworkRole.CASE_SUPERVISOR)


def _consent_for(transfer_case: Case, agency: Organisation, now: dt.datetime) -> Any:
    return consent_covering(
        case=transfer_case,
        kind=ConsentRecord.Kind.TRANSFER_CASE,
        agency=agency,
        sections=CONSENT_SECTIONS,
        at=now,
    )


def _no_consent(agency: Organisation) -> str:
    return _(
        "No consent of the person to move their case covers %(agency)s: record their consent "
        "to transfer the case, naming that agency, first."
    ) % {"agency": agency.name}


# --- notifications ----------------------------------------------------------------------------


def _supervisors(agency_id: int) -> list[Any]:
    held = StaffMembership.objects.filter(
        agency_id=agency_id, role=CaseworkRole.CASE_SUPERVISOR
    ).values("user_id")
    return list(get_user_model().objects.filter(pk__in=held, is_active=True).order_by("pk"))


def _requesting_side(transfer: Transfer) -> list[Any]:
    users = [*_supervisors(transfer.from_agency_id), transfer.requested_by]
    if transfer.from_case_worker_id:
        users.append(transfer.from_case_worker)
    return users


def _tell(recipients: list[Any], transfer: Transfer, texts: tuple[Promise, Promise]) -> None:
    """Tell `recipients` of the transfer: the case number, the agencies and what to do, in
    each one's language."""
    subject, body = texts
    values = {
        "case": transfer.case.case_number,
        "from": transfer.from_agency.name,
        "to": transfer.to_agency.name,
    }
    notify(
        recipients=recipients,
        kind=KIND_TRANSFER,
        subject=lambda: str(subject) % values,
        body=lambda: str(body) % values,
        link=reverse("casework:transfer_detail", args=[transfer.pk]),
        case_number=values["case"],
    )


# Each notice's subject and body, translated for each recipient by `_tell`.
REQUESTED = (
    gettext_lazy("Case %(case)s: transfer to your agency asked"),
    gettext_lazy(
        "%(from)s asks to transfer case %(case)s to your agency, %(to)s. Open the transfer to "
        "accept it, choosing the case worker, or to reject it."
    ),
)
ACCEPTED = (
    gettext_lazy("Case %(case)s: transfer accepted"),
    gettext_lazy(
        "%(to)s accepted the transfer of case %(case)s and now owns it. Your agency keeps its "
        "summary, read only; nothing more to do."
    ),
)
REJECTED = (
    gettext_lazy("Case %(case)s: transfer rejected"),
    gettext_lazy(
        "%(to)s rejected the transfer of case %(case)s; the case stays with %(from)s. Open the "
        "transfer to read why."
    ),
)
REVOKED = (
    gettext_lazy("Case %(case)s: transfer withdrawn"),
    gettext_lazy(
        "%(from)s withdrew its request to transfer case %(case)s to your agency; nothing to do."
    ),
)


# --- the table's guards and effects ---------------------------------------------------------


def _decided(transfer: Transfer, actor: Any, now: dt.datetime, *extra: str) -> list[str]:
    transfer.decided_at, transfer.decided_by = now, actor
    fields = ["decided_at", "decided_by", *extra]
    transfer.save(update_fields=[f"{f}_sealed" if f in Transfer.SEALED else f for f in fields])
    return fields


def _accept_guard(transfer: Transfer, *, now: dt.datetime, **kwargs: Any) -> str | None:
    if transfer.case.status == Case.Status.CLOSED:
        return _("The case was closed since the transfer was asked; it is not transferred.")
    if _consent_for(transfer.case, transfer.to_agency, now) is None:
        return _no_consent(transfer.to_agency)
    return None


def _move_client(case: Case, to_agency: Organisation) -> list[str]:
    """The client goes with the case unless another of their cases stays behind."""
    client = case.client
    stays = client.cases.exclude(pk=case.pk).filter(owner_agency_id=client.owner_agency_id)
    if client.owner_agency_id == to_agency.pk or stays.exists():
        return []
    client.owner_agency = to_agency
    client.save(update_fields=["owner_agency", "updated_at"])
    return ["owner_agency"]


def _accept_effect(
    transfer: Transfer, *, actor: Any, case_worker: Any, now: dt.datetime, origin: str, **kw: Any
) -> list[str]:
    """Ownership moves: the case's agency, worker, supervisor and team, and its version (a
    form of the case read before is stale); both rows audited by field names."""
    case = Case.objects.select_for_update().select_related("client").get(pk=transfer.case_id)
    transfer.from_case_worker = case.case_worker
    case.owner_agency = transfer.to_agency
    case.case_worker, case.supervisor = case_worker, actor
    case.version += 1
    case.full_clean()
    case.save(update_fields=["owner_agency", "case_worker", "supervisor", "version", "updated_at"])
    case.team_members.clear()
    audit_record_without_values(
        actor=actor,
        action=AuditEvent.Action.UPDATE,
        instance=case,
        fields=["owner_agency", "case_worker", "supervisor", "team_members", "version"],
        source=origin,
    )
    moved = _move_client(case, transfer.to_agency)
    if moved:
        audit_record_without_values(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            instance=case.client,
            fields=moved,
            source=origin,
        )
    transfer.case = case
    return _decided(transfer, actor, now, "from_case_worker")


def _words_guard(transfer: Transfer, *, note: str, required: bool, **kwargs: Any) -> str | None:
    if required and not note:
        return _("Say why the transfer is rejected.")
    return None


def _words_effect(
    transfer: Transfer, *, actor: Any, note: str, now: dt.datetime, **kwargs: Any
) -> list[str]:
    if not note:
        return _decided(transfer, actor, now)
    sealing.seal_record(transfer, {"decision_note": note})
    transfer.save(update_fields=["data_key_id", "reason_sealed", "decision_note_sealed"])
    return _decided(transfer, actor, now, "decision_note")


TRANSFER = machine(
    Transfer,
    gettext_lazy("transfer"),
    TRANSFER_ACTIONS,
    TRANSFER_MOVES,
    {
        "accept": (_accept_guard, _accept_effect),
        "reject": (_words_guard, _words_effect),
        "revoke": (_words_guard, _words_effect),
    },
    state_field="status",
)


# --- the services -----------------------------------------------------------------------------


def _request_errors(case: Case, to_agency: Organisation, now: dt.datetime) -> dict[str, str]:
    if case.status == Case.Status.CLOSED:
        return {"to_agency": _("A closed case is not transferred; reopen it first.")}
    if to_agency.pk == case.owner_agency_id:
        return {"to_agency": _("The case already belongs to this agency.")}
    if to_agency.country_id != case.country_id:
        return {
            "to_agency": _(
                "A case is transferred within its country; a person going home is a return."
            )
        }
    if not _supervisors(to_agency.pk):
        return {
            "to_agency": _("%(agency)s has no case supervisor on Pathways to accept the case.")
            % {"agency": to_agency.name}
        }
    if _consent_for(case, to_agency, now) is None:
        return {"to_agency": _no_consent(to_agency)}
    if Transfer.objects.filter(case=case, status=Transfer.Status.REQUESTED).exists():
        return {"to_agency": _("This case already has a transfer waiting.")}
    return {}


def transfer_request(
    *,
    actor: Any,
    case: Case,
    to_agency: Organisation,
    reason: str = "",
    now: dt.datetime | None = None,
    source: str = AuditEvent.Source.WEB,
) -> Transfer:
    """Ask to move `case` to `to_agency`: 404 out of sight, 403 unless the case's worker or
    a supervisor of its owner agency; ValidationError naming `to_agency` (nothing written)
    without a consent covering it, for a closed case, or with a request already waiting."""
    require_transfer_request(actor, case)
    reason = clean_text(reason or "", multiline=True).strip()
    now = now or timezone.now()
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("country").get(pk=case.pk)
        errors = _request_errors(case, to_agency, now)
        if errors:
            raise ValidationError(errors)
        consent = _consent_for(case, to_agency, now)
        transfer = Transfer(
            country=case.country,
            case=case,
            from_agency_id=case.owner_agency_id,
            to_agency=to_agency,
            requested_by=actor,
            consent_record=consent if isinstance(consent, ConsentRecord) else None,
        )
        sealing.seal_record(transfer, {"reason": reason})
        transfer.full_clean()
        transfer.save()
        audit_record_without_values(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            instance=transfer,
            fields=[
                "case",
                "from_agency",
                "to_agency",
                "requested_by",
                "status",
                *(["consent_record"] if transfer.consent_record_id else []),
                *(["reason"] if reason else []),
            ],
            source=source,
        )
        _tell(_supervisors(to_agency.pk), transfer, REQUESTED)
    return transfer


def _stale(transfer: Transfer, version: int) -> None:
    if transfer.version != version:
        raise ConcurrentChange(
            _(
                "Someone else acted on this transfer while you were working on it; nothing "
                "was saved. Reload it to see what they did, then try again."
            )
        )


def transfer_accept(
    *,
    actor: Any,
    transfer: Transfer,
    version: int,
    case_worker: Any = None,
    now: dt.datetime | None = None,
    source: str = AuditEvent.Source.WEB,
) -> Transfer:
    """Accept the transfer as a case supervisor of the receiving agency: ownership moves
    (see the module's text). `case_worker`, if given, must work on cases there
    (ValidationError otherwise). TransitionRefused for a transfer already decided, a closed
    case or a consent no longer covering it; ConcurrentChange for a stale `version`."""
    require_transfer_action(actor, transfer, "accept")
    if case_worker is not None and not holds_role(
        case_worker, transfer.to_agency_id, *WORKING_ROLES
    ):
        message = _("The case worker must work on cases at %(agency)s.")
        raise ValidationError({"case_worker": message % {"agency": transfer.to_agency.name}})
    _stale(transfer, version)
    now = now or timezone.now()
    with transaction.atomic():
        fire(
            TRANSFER,
            transfer,
            "accept",
            actor=actor,
            source=source,
            origin=source,
            case_worker=case_worker,
            now=now,
        )
        _tell(_requesting_side(transfer), transfer, ACCEPTED)
    return transfer


def _close(
    action: str,
    *,
    actor: Any,
    transfer: Transfer,
    version: int,
    note: str,
    now: dt.datetime | None,
    source: str,
) -> Transfer:
    require_transfer_action(actor, transfer, action)
    _stale(transfer, version)
    note = clean_text(note or "", multiline=True).strip()
    with transaction.atomic():
        fire(
            TRANSFER,
            transfer,
            action,
            actor=actor,
            source=source,
            note=note,
            required=action == "reject",
            now=now or timezone.now(),
        )
        if action == "reject":
            _tell(_requesting_side(transfer), transfer, REJECTED)
        else:
            _tell(_supervisors(transfer.to_agency_id), transfer, REVOKED)
    return transfer


def transfer_reject(
    *,
    actor: Any,
    transfer: Transfer,
    version: int,
    reason: str,
    now: dt.datetime | None = None,
    source: str = AuditEvent.Source.WEB,
) -> Transfer:
    """Reject the transfer as a case supervisor of the receiving agency, saying why (sealed):
    the case stays where it is and the requesting side is told."""
    return _close(
        "reject",
        actor=actor,
        transfer=transfer,
        version=version,
        note=reason,
        now=now,
        source=source,
    )


def transfer_revoke(
    *,
    actor: Any,
    transfer: Transfer,
    version: int,
    note: str = "",
    now: dt.datetime | None = None,
    source: str = AuditEvent.Source.WEB,
) -> Transfer:
    """Withdraw the request as its requesting side (the case's supervisor or its worker):
    the receiving agency is told there is nothing to decide."""
    return _close(
        "revoke",
        actor=actor,
        transfer=transfer,
        version=version,
        note=note,
        now=now,
        source=source,
    )
