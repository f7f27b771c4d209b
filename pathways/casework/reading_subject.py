"""Everything held about one person, opened for their case worker or supervisor so the person
can see it (casework.md §7.5): their identifiers, and for each of their cases at the agency the
sealed sections, notes, care records, attachments' names and identification decisions, and
their screenings. One access event per case names what was opened ("subject_access"), in the
same transaction as the opening. The caller has checked `require_case_action`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import HttpRequest

from pathways.casework import sealing
from pathways.casework.access import cases_visible_to
from pathways.casework.access_log import (
    CARE_FIELDS,
    NOTE_FIELDS,
    SCREENING_READ_FIELDS,
    access_record,
)
from pathways.casework.models import (
    CARE_SEALED_MODELS,
    CASE_SEALED_FIELDS,
    IDENTIFICATION_SEALED_FIELDS,
    SCREENING_SEALED_FIELDS,
    SEALED_FIELDS,
    AccessEvent,
    Attachment,
    CareRecord,
    Case,
    CaseNote,
    IdentificationDecision,
    Screening,
)
from pathways.casework.sealing import ClientIdentity


@dataclass(frozen=True)
class CaseHeld:
    case: Case
    fields: dict[str, str]
    notes: list[tuple[CaseNote, str]]
    care: list[tuple[CareRecord, dict[str, str]]]
    attachments: list[tuple[Attachment, str]]
    decisions: list[tuple[IdentificationDecision, dict[str, str]]]

    def __repr__(self) -> str:
        return f"CaseHeld(case={self.case.pk})"


@dataclass(frozen=True)
class HeldAboutPerson:
    case: Case
    identity: ClientIdentity
    cases: list[CaseHeld]
    screenings: list[tuple[Screening, dict[str, str]]]

    def __repr__(self) -> str:
        return f"HeldAboutPerson(client={self.case.client_id}, cases={len(self.cases)})"


def open_held_about(
    user: Any, case: Case, *, via: str, request: HttpRequest | None = None
) -> HeldAboutPerson:
    """Open everything the owner agency holds about the case's client, recording each case."""
    client = case.client
    # Need to know holds here too: the reader's own cases of the person at the owner agency
    # (all of them for its supervisor), and the screenings that agency took.
    cases = list(
        cases_visible_to(user)
        .filter(client=client, owner_agency_id=case.owner_agency_id)
        .select_related("country", "client")
        .order_by("opened_on", "pk")
    )
    screenings = list(
        Screening.objects.filter(client=client, screening_agency_id=case.owner_agency_id)
        .select_related("country")
        .order_by("screened_at")
    )
    shown = [
        *SEALED_FIELDS,
        *CASE_SEALED_FIELDS,
        *NOTE_FIELDS,
        *CARE_FIELDS,
        "attachments",
        *SCREENING_READ_FIELDS,
    ]
    with transaction.atomic():
        for each in cases:
            _record(user, each, shown, via, request)
        identity = sealing.identity_unrecorded(client, SEALED_FIELDS)
        held = [_case_held(each) for each in cases]
        opened = [(s, _open(s, SCREENING_SEALED_FIELDS)) for s in screenings]
    return HeldAboutPerson(case, identity, held, opened)


def _record(
    user: Any, case: Case, fields: list[str], via: str, request: HttpRequest | None
) -> None:
    access_record(
        user=user,
        action=AccessEvent.Action.SUBJECT_ACCESS,
        client_ids=[case.client_id],
        fields=fields,
        via=via,
        request=request,
        agency_id=case.owner_agency_id,
        case_id=case.pk,
    )


def _case_held(case: Case) -> CaseHeld:
    notes = [(n, sealing.open_record(n, "text")) for n in case.notes.select_related("case")]
    care: list[tuple[CareRecord, dict[str, str]]] = []
    for model in CARE_SEALED_MODELS:
        for record in model.objects.filter(case=case).select_related("case__country"):
            care.append((record, _open(record, model.SEALED)))
    attachments = [
        (a, sealing.open_record(a, "filename"))
        for a in Attachment.objects.filter(case=case).select_related("case__country")
    ]
    decisions = [
        (d, _open(d, IDENTIFICATION_SEALED_FIELDS))
        for d in IdentificationDecision.objects.filter(case=case).select_related("country")
    ]
    return CaseHeld(case, _open(case, CASE_SEALED_FIELDS), notes, care, attachments, decisions)


def _open(record: Any, names: Any) -> dict[str, str]:
    values = {}
    for name in names:
        text = sealing.open_record(record, name)
        if text:
            values[name] = _readable(text)
    return values


def _readable(text: str) -> str:
    """Structured answers (JSON objects) as one "key: value" line each, for a person to read."""
    if not text.startswith("{"):
        return text
    try:
        parsed = json.loads(text)
    except ValueError:
        return text
    if not isinstance(parsed, dict):
        return text
    return "\n".join(f"{key}: {value}" for key, value in parsed.items())


def open_identity_for_correction(
    user: Any, case: Case, *, request: HttpRequest | None = None
) -> ClientIdentity:
    """The client's identifiers for the correction form, the read recorded under the case."""
    return sealing.decrypt_identity(
        case.client,
        fields=SEALED_FIELDS,
        reader=user,
        via=AccessEvent.Via.WEB,
        request=request,
        agency_id=case.owner_agency_id,
        case_id=case.pk,
    )
