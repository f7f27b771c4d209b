"""Whom a row an import would create may be: the preview's "possibly <name>".

Before anything is written, a row planned as a new person is scored against the persons on
record sharing its phone, email or name blocks (`blocks`), as the focused finder will score
it once written (`finder.queue_candidates`). The preview reads only the blocks that decide
most pairs (not a name word's, which is large and rarely reaches the review score alone),
so it may miss a pair the finder queues; it never names a person the importer may not see.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence, Set
from typing import NamedTuple

from pathways.activities.dedup.blocks import _block_rows, _chunks
from pathways.activities.dedup.records import PersonRecord, person_records
from pathways.activities.dedup.scoring import REVIEW_SCORE, score_pair
from pathways.activities.models import Person, PersonBlock

_KINDS = ("phone", "email", "name", "joined")


class Possible(NamedTuple):
    """A person on record the row may be, with the pair's score and reasons."""

    person: Person
    score: float
    reasons: tuple[str, ...]


def possible_persons(
    *, country_id: int, records: Sequence[PersonRecord], visible: Set[int] | None
) -> list[Possible | None]:
    """For each record (of a row not yet written; its pk is any number no person has, such
    as a negative one), the person it most likely is among those `visible` (None: all of the
    country) when the pair reaches the review score, else None."""
    keys = {rec.pk: _keys(rec) for rec in records}
    members: dict[str, set[int]] = defaultdict(set)
    blocks = PersonBlock.objects.filter(country_id=country_id).order_by()
    for chunk in _chunks({k for ks in keys.values() for k in ks}):
        for key, pk in blocks.filter(key__in=chunk).values_list("key", "person_id"):
            if visible is None or pk in visible:
                members[key].add(pk)
    wanted = {pk for ks in members.values() for pk in ks}
    on_record: dict[int, PersonRecord] = {}
    for chunk in _chunks(wanted):
        on_record.update((r.pk, r) for r in person_records(Person.objects.filter(pk__in=chunk)))
    best: list[tuple[int, float, tuple[str, ...]] | None] = []
    for record in records:
        best.append(_best(record, keys[record.pk], members, on_record))
    persons = Person.objects.in_bulk({b[0] for b in best if b is not None})
    return [
        Possible(persons[b[0]], b[1], b[2]) if b is not None and b[0] in persons else None
        for b in best
    ]


def _keys(record: PersonRecord) -> set[str]:
    return {row[2] for row in _block_rows(record) if row[2].partition(":")[0] in _KINDS}


def _best(
    record: PersonRecord,
    keys: set[str],
    members: dict[str, set[int]],
    on_record: dict[int, PersonRecord],
) -> tuple[int, float, tuple[str, ...]] | None:
    # As the finder counts a name: the persons sharing its phonetic key, the new one too.
    name_count = max(
        (len(members.get(k, ())) + 1 for k in keys if k.startswith("name:")), default=0
    )
    found = None
    for pk in sorted({pk for k in keys for pk in members.get(k, ())}):
        if pk not in on_record:
            continue
        pair = score_pair(record, on_record[pk], name_count=name_count)
        if pair.score >= REVIEW_SCORE and (found is None or pair.score > found[1]):
            found = (pk, pair.score, pair.reasons)
    return found
