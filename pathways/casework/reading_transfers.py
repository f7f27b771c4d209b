"""Opening a transfer's words for a reader: the reason it was asked for and why it was
rejected or revoked are sealed like a case note, so only the two agencies' case supervisors
and the requester open them (`access_transfers.reading_agency`), and the read is recorded
as one access event on the case in the same transaction. Lists show tier 1 only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import Http404, HttpRequest

from pathways.casework import sealing
from pathways.casework.access_log import access_record
from pathways.casework.access_transfers import reading_agency, transfers_visible_to
from pathways.casework.models import AccessEvent, Transfer


@dataclass(frozen=True)
class TransferWords:
    """A transfer's sealed words, opened."""

    reason: str
    decision_note: str

    def __repr__(self) -> str:
        return "TransferWords(...)"


def may_read_transfer_words(user: Any, transfer: Transfer) -> bool:
    return reading_agency(user, transfer) is not None


def open_transfer_words(
    user: Any, transfer: Transfer, *, via: str, request: HttpRequest | None = None
) -> TransferWords:
    """The reason and the decision's words of a transfer the user may read, the read
    recorded (only the words there are); 404 for anyone else."""
    agency_id = reading_agency(user, transfer)
    if agency_id is None or not transfers_visible_to(user).filter(pk=transfer.pk).exists():
        raise Http404("No such transfer.")
    shown = [
        f"transfer.{name}"
        for name in ("reason", "decision_note")
        if getattr(transfer, f"{name}_sealed")
    ]
    if not shown:
        return TransferWords(reason="", decision_note="")
    with transaction.atomic():
        access_record(
            user=user,
            action=AccessEvent.Action.VIEW,
            client_ids=[transfer.case.client_id],
            fields=shown,
            via=via,
            request=request,
            agency_id=agency_id,
            case_id=transfer.case_id,
        )
        return TransferWords(
            reason=sealing.open_record(transfer, "reason"),
            decision_note=sealing.open_record(transfer, "decision_note"),
        )
