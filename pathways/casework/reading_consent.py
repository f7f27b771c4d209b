"""Opening a consent's words for a reader: the capacity note, the withdrawal note and an
override's reason are sealed like a case note, so only a reader permitted the case's notes
(`access.permitted_sections`) opens them, and the read is recorded as one access event in the
same transaction. The consent panel lists tier 1 only (kinds, decisions, dates, methods)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import Http404, HttpRequest

from pathways.casework import sealing
from pathways.casework.access import permitted_sections
from pathways.casework.access_consent import consents_of
from pathways.casework.models import (
    AccessEvent,
    Case,
    ConsentOverride,
    ConsentRecord,
    Section,
)
from pathways.casework.reading import _record_case_read


@dataclass(frozen=True)
class ConsentWords:
    """A consent's sealed words, opened."""

    capacity_note: str
    withdrawal_note: str

    def __repr__(self) -> str:
        return "ConsentWords(...)"


def may_read_words(user: Any, case: Case) -> bool:
    return Section.NOTES in permitted_sections(user, case)


def list_consents(case: Case) -> list[ConsentRecord]:
    """The case's consents, newest first, tier 1 only (nothing opened, nothing recorded)."""
    return list(
        consents_of(case)
        .select_related("recorded_by", "withdrawn_by", "best_interests_approver")
        .prefetch_related("recipient_agencies", "excluded_agencies")
        .order_by("-given_at", "-id")
    )


def list_overrides(case: Case) -> list[ConsentOverride]:
    return list(case.consent_overrides.select_related("by").order_by("-at", "-id"))


def open_consent_words(
    user: Any,
    consent: ConsentRecord,
    *,
    via: str,
    request: HttpRequest | None = None,
) -> ConsentWords:
    """The capacity note and the withdrawal note of a consent of a case whose notes the user
    may read, the read recorded; 404 for anyone else."""
    case = consent.case
    if case is None or not may_read_words(user, case):
        raise Http404("No such consent.")
    shown = ["consent.capacity_note"]
    if consent.withdrawal_note_sealed is not None:
        shown.append("consent.withdrawal_note")
    with transaction.atomic():
        _record_case_read(
            user, case, action=AccessEvent.Action.VIEW, fields=shown, via=via, request=request
        )
        return ConsentWords(
            capacity_note=sealing.open_record(consent, "capacity_note"),
            withdrawal_note=sealing.open_record(consent, "withdrawal_note"),
        )


def open_override_reason(
    user: Any,
    override: ConsentOverride,
    *,
    via: str,
    request: HttpRequest | None = None,
) -> str:
    """An override's reason, for a reader permitted the case's notes, the read recorded."""
    if not may_read_words(user, override.case):
        raise Http404("No such override.")
    with transaction.atomic():
        _record_case_read(
            user,
            override.case,
            action=AccessEvent.Action.VIEW,
            fields=["consent_override.reason"],
            via=via,
            request=request,
        )
        return sealing.open_record(override, "reason")
