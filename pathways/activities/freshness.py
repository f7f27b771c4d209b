"""The countries whose figures this app's records count in (pathways.programs.freshness):
an attendance or an import counts in its event's country, a merge and a possible duplicate
in their persons' country. Uploads waiting to be imported, remembered column mappings,
duplicate-finder blocks and the participant tally (kept from the attendances, which move
the version themselves) count in no figure."""

from __future__ import annotations

from collections.abc import Sequence

from pathways.activities.models import (
    Attendance,
    ColumnMapping,
    DuplicateCandidate,
    Event,
    EventTally,
    ImportBatch,
    ImportUpload,
    Person,
    PersonBlock,
    PersonMerge,
)
from pathways.programs import freshness


def _event_countries(records: Sequence) -> list[int]:
    events = {record.event_id for record in records}
    return list(Event.objects.filter(pk__in=events).values_list("country_id", flat=True).distinct())


def _person_countries(person_ids: set[int]) -> list[int]:
    return list(
        Person.objects.filter(pk__in=person_ids).values_list("country_id", flat=True).distinct()
    )


def register_all() -> None:
    freshness.register(Attendance, _event_countries)
    freshness.register(ImportBatch, _event_countries)
    freshness.register(PersonMerge, lambda merges: _person_countries({m.kept_id for m in merges}))
    freshness.register(
        DuplicateCandidate, lambda pairs: _person_countries({p.person_a_id for p in pairs})
    )
    for unread in (ImportUpload, ColumnMapping, PersonBlock, EventTally):
        freshness.register(unread, None)
