"""Writing demo records in bulk, the demo-only shortcut past the per-record services: case
numbers continuing each year's sequence, `created_at` as in the story, and one audit entry
per record naming its fields, never a value (`audit_bulk(without_values=True)`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from pathways.audit.models import AuditEvent
from pathways.audit.services import audit_bulk
from pathways.casework.models import CaseNumberSequence
from pathways.programs.models import Country


def case_numbers(country: Country, days: Iterable[dt.date]) -> list[str]:
    """Numbers in the order of the days, continuing each year's sequence."""
    days = list(days)
    sequences = {}
    for year in sorted({d.year for d in days}):
        sequence, _created = CaseNumberSequence.objects.get_or_create(country=country, year=year)
        sequences[year] = CaseNumberSequence.objects.select_for_update().get(pk=sequence.pk)
    numbers = []
    for day in days:
        sequence = sequences[day.year]
        sequence.last += 1
        numbers.append(f"{country.code}-{day.year}-{sequence.last:05d}")
    for sequence in sequences.values():
        sequence.save(update_fields=["last"])
    return numbers


def backdate(model, records: list, times: list[dt.datetime]) -> None:
    """`created_at` as when the record was made in the story, not when the demo loaded."""
    for record, at in zip(records, times, strict=True):
        record.created_at = at
    model.objects.bulk_update(records, ["created_at"], batch_size=500)


def audit_created_in_bulk(records: list, fields: list[list[str]]) -> None:
    """One entry per record, naming it by id and the fields written, never a value."""
    if records:
        audit_bulk(
            actor=None,
            action=AuditEvent.Action.CREATE,
            entries=[(r, {"fields": sorted(set(f))}) for r, f in zip(records, fields, strict=True)],
            source=AuditEvent.Source.COMMAND,
            without_values=True,
        )
