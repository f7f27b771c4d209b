"""Finding persons recorded twice: the finder, and the review queue it fills.

`find_candidates` is pure (records in, scored pairs out) so a benchmark can time it and
measure precision and recall on labelled duplicates. It never compares all pairs: only
persons sharing a block (`blocks`) are scored (`scoring`). The pairs are first ruled out on
everything but the names on arrays, all blocks at once (`arrays`); the names are compared
only for the pairs left.

Sure pairs are merged automatically by `run_duplicate_finder` (audited, undoable); uncertain
ones become DuplicateCandidate rows waiting for a data officer. An import queues its new
persons' pairs through `queue_candidates`, reading only the stored blocks they are in. Pairs
never cross countries.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import transaction

from pathways.activities.dedup import arrays
from pathways.activities.dedup.blocks import (
    _block_rows,
    _blocks,
    _chunks,
    _in_block_order,
    _insert_blocks,
    _name_counts,
    _pairs_with,
    _stored_blocks,
    _sync_blocks,
    _window,
    _without_blocks,
    store_missing_blocks,
)
from pathways.activities.dedup.merging import person_merge
from pathways.activities.dedup.records import RECORD_FIELDS, PersonRecord, person_records
from pathways.activities.dedup.scoring import (
    _BEST_RARITY,
    _BOUND_WEIGHTS,
    _RARITY_WEIGHTS,
    _ROUNDING,
    NAME_WEIGHT,
    OUTSIDE_SCOPE,
    REVIEW_SCORE,
    Pair,
    _name_similarity,
    _score,
    _score_within,
    score_pair,
)
from pathways.activities.models import DuplicateCandidate, Person
from pathways.audit.models import AuditEvent
from pathways.lib.collector import paused_collector
from pathways.programs.freshness import touch_countries

# New persons past this share of their country are compared within the whole country: their
# blocks cover most of it, and one pass is then the cheaper way (docs/performance.md).
_WHOLE_COUNTRY_SHARE = 1 / 16


def find_candidates(
    persons: Iterable[PersonRecord],
    *,
    focus: set[int] | None = None,
    threshold: float = REVIEW_SCORE,
) -> list[Pair]:
    """Scored pairs of persons that may be one, within each country, best first.

    With `focus`, only pairs involving at least one of those persons are scored, in the
    blocks those persons are in.
    """
    # Blocks, records' name forms and pairs are millions of small objects, none in a cycle.
    with paused_collector():
        return _find_candidates(persons, focus=focus, threshold=threshold)


def _laid_out_blocks(
    persons: list[PersonRecord], counts: list[bool], focused: bool
) -> tuple[arrays.Blocks, dict[tuple[int, str], int]]:
    """The blocks of `persons` with two or more members, in window order, laid end to end
    (with `focused`, only those with a person that counts); and the persons sharing each
    name key. The blocks themselves, several small objects per person, are let go here."""
    blocks = _blocks(persons)
    if focused:
        blocks = {k: m for k, m in blocks.items() if any(counts[p[2]] for p in m)}
    laid = arrays.laid_out(
        (_in_block_order(members), _window(key[0], len(members)))
        for (_, key), members in blocks.items()
        if len(members) > 1
    )
    return laid, _name_counts(blocks)


def _find_candidates(
    persons: Iterable[PersonRecord], *, focus: set[int] | None, threshold: float
) -> list[Pair]:
    persons = list(persons)
    counts = [focus is None or r.pk in focus for r in persons]
    laid, name_counts = _laid_out_blocks(persons, counts, focus is not None)
    # Every pair of every block's window, as positions in `persons`, ruled out on
    # `_facts_bound` (as `_score` would) before any is scored, each pair kept once.
    facts = arrays.facts_arrays([r.facts for r in persons])
    limit = threshold - _BEST_RARITY - _ROUNDING if threshold > 0 else -math.inf
    counted = np.array(counts, dtype=bool)

    def plausible(first: np.ndarray, second: np.ndarray) -> np.ndarray:
        kept = arrays.facts_bounds(facts, first, second, **_BOUND_WEIGHTS) >= limit
        return kept if focus is None else kept & (counted[first] | counted[second])

    low, high = arrays.unique_pairs(*arrays.window_pairs(laid, where=plausible), len(persons))
    bounds = arrays.facts_bounds(facts, low, high, **_BOUND_WEIGHTS)
    # And on the name's rarity, as `_score_within` does first; then each pair left on the
    # names' similarity, the only part of the score not known by now, before its reasons
    # are worked out.
    names = arrays.name_keys(
        [[(r.country_id, k) for k in r.phonetic_keys] for r in persons], name_counts
    )
    rarity = arrays.rarities(names, facts, low, high, **_RARITY_WEIGHTS)
    others = bounds - NAME_WEIGHT + rarity  # the score but the name's similarity
    if threshold > 0:
        keep = NAME_WEIGHT + others + _ROUNDING >= threshold
        low, high, bounds, others = low[keep], high[keep], bounds[keep], others[keep]
    pairs: list[Pair] = []
    for a, b, bound, other in zip(
        low.tolist(), high.tolist(), bounds.tolist(), others.tolist(), strict=True
    ):
        a_record, b_record = persons[a], persons[b]
        if threshold > 0:
            name, _ = _name_similarity(a_record, b_record)
            if NAME_WEIGHT * name + other + _ROUNDING < threshold:
                continue
        pair = _score_within(a_record, b_record, name_counts, a_record.country_id, threshold, bound)
        if pair is not None and pair.score >= threshold:
            pairs.append(pair)
    pairs.sort(key=lambda p: (-p.score, p.a, p.b))
    return pairs


def queue_pairs(pairs: Iterable[Pair]) -> int:
    """Pending review rows for pairs not already queued or decided; returns how many are new."""
    pairs = list(pairs)
    if not pairs:
        return 0
    existing = set(
        DuplicateCandidate.objects.filter(person_a__in={p.a for p in pairs}).values_list(
            "person_a_id", "person_b_id"
        )
    )
    new = [
        DuplicateCandidate(person_a_id=p.a, person_b_id=p.b, score=p.score, reasons=list(p.reasons))
        for p in pairs
        if (p.a, p.b) not in existing
    ]
    DuplicateCandidate.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
    if new:
        # Not audited, but the dashboards say how many pairs wait for review.
        touch_countries(
            Person.objects.filter(pk__in={c.person_a_id for c in new})
            .values_list("country_id", flat=True)
            .distinct()
        )
    return len(new)


def _records(pks: set[int]) -> dict[int, PersonRecord]:
    records: dict[int, PersonRecord] = {}
    for chunk in _chunks(pks):
        records.update((r.pk, r) for r in person_records(Person.objects.filter(pk__in=chunk)))
    return records


def _focused_pairs(
    country_id: int, focus: set[int], threshold: float, unstored: Sequence[PersonRecord] = ()
) -> list[Pair]:
    """What `find_candidates(all persons of the country, focus=focus)` finds, reading only
    the persons that share a block with the focus persons. `unstored`: persons whose blocks
    are not stored (not written yet), taken as they are given."""
    given = {r.pk: r for r in unstored}
    blocks = _stored_blocks(country_id, focus, [row for r in unstored for row in _block_rows(r)])
    name_counts = {(country_id, key[1]): len(m) for key, m in blocks.items() if key[0] == "name"}
    wanted: set[tuple[int, int]] = set()
    for key, members in blocks.items():
        for a, b in _pairs_with(focus, key[0], members):
            wanted.add((a, b) if a < b else (b, a))
    records = _records({pk for pair in wanted for pk in pair} - set(given))
    records.update(given)
    # A block row whose person is gone (deleted other than through Django) is skipped.
    scored = (
        _score(records[a], records[b], name_counts, country_id, threshold)
        for a, b in wanted
        if a in records and b in records
    )
    pairs = [p for p in scored if p is not None and p.score >= threshold]
    pairs.sort(key=lambda p: (-p.score, p.a, p.b))
    return pairs


def queue_candidates(*, persons: Sequence[Person | PersonRecord]) -> int:
    """Queue review candidates for persons just created in this transaction (an import's)
    against the others of their country. Returns the number of new pending candidates.

    Their blocks are stored first, from the saved persons (or their records). The work grows
    with these persons and the blocks they are in, not with the country."""
    by_country: dict[int, list[PersonRecord]] = defaultdict(list)
    for person in persons:
        record = person if isinstance(person, PersonRecord) else PersonRecord.of_person(person)
        by_country[record.country_id].append(record)
    queued = 0
    for country_id, new in by_country.items():
        # Created in this transaction: no blocks of theirs can be stored yet.
        _insert_blocks((row for r in new for row in _block_rows(r)), new_persons=True)
        store_missing_blocks(country_id)  # any others written in bulk without theirs
        queued += queue_pairs(_new_pairs(country_id, new, written=True))
    return queued


def predicted_pairs(*, country_id: int, new: Sequence[PersonRecord]) -> list[Pair]:
    """The pairs `queue_candidates(persons=new)` would queue were these persons written now,
    writing nothing: the import preview's "possibly". `new` are the records of persons not
    written yet, numbered as they would be (`provisional_pks`)."""
    return _new_pairs(country_id, list(new), written=False)


def provisional_pks(count: int) -> range:
    """Numbers for `count` persons not written yet, in the order they would be written:
    past every person's, as theirs will be (a block's window order breaks ties by them)."""
    last = Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    return range(last + 1, last + 1 + count)


def _new_pairs(country_id: int, new: list[PersonRecord], *, written: bool) -> list[Pair]:
    """The pairs of the new persons, with the others of their country or with each other,
    that reach the review score. `written`: the new persons and their blocks are stored
    (else they are taken as given, as are the blocks of persons stored without theirs)."""
    pks = {r.pk for r in new}
    in_country = Person.objects.filter(country_id=country_id)
    if len(pks) > _WHOLE_COUNTRY_SHARE * (in_country.count() + (0 if written else len(pks))):
        everyone = [r for r in person_records(in_country.order_by("pk")) if r.pk not in pks]
        everyone = sorted([*everyone, *new], key=lambda r: r.pk)
        return find_candidates(everyone, focus=pks)
    unstored = [] if written else [*new, *person_records(_without_blocks(country_id))]
    return _focused_pairs(country_id, pks, REVIEW_SCORE, unstored)


def queue_outside_scope(*, pairs: Sequence[tuple[PersonRecord, int]]) -> int:
    """Queue each person just created by an import with the person on record its row surely
    was, whom the importer may not see (`OUTSIDE_SCOPE` first among the reasons). Returns the
    number of new pending candidates."""
    if not pairs:
        return 0
    on_record = _records({pk for _, pk in pairs})
    scored = []
    for new, pk in pairs:
        if pk in on_record:  # the country is locked: only a person deleted outside the app
            pair = score_pair(new, on_record[pk])
            scored.append(Pair(pair.a, pair.b, pair.score, (OUTSIDE_SCOPE, *pair.reasons)))
    return queue_pairs(scored)


def _fresh_records(country_id: int) -> list[PersonRecord]:
    """The country's persons with match keys computed afresh, by primary key; stored keys
    and blocks that were stale (a name edited by a service that did not set them) are
    corrected on the way."""
    records, stale = [], []
    for row in (
        Person.objects.filter(country_id=country_id)
        .order_by("pk")
        .values_list(*RECORD_FIELDS)
        .iterator(chunk_size=5000)
    ):
        record = PersonRecord(*row[:-1])
        records.append(record)
        fresh = "|".join(sorted(record.phonetic_keys))
        if fresh != row[-1]:
            stale.append(Person(pk=record.pk, match_key=fresh))
    Person.objects.bulk_update(stale, ["match_key"], batch_size=1000)
    _sync_blocks(country_id, records)
    return records


@dataclass
class FinderResult:
    pairs_found: int = 0
    merged: int = 0
    queued: int = 0


def run_duplicate_finder(
    *,
    country_ids: Iterable[int],
    merge_sure: bool = True,
    source: str = AuditEvent.Source.COMMAND,
    actor: Any = None,
    progress: Callable[[str], None] | None = None,
) -> FinderResult:
    """Find duplicates in each country: merge sure pairs, queue the rest. The merges are the
    system's (`actor` None), or, for a search a user queued, theirs: each is checked against
    their access as a merge on the review page is. `progress` hears each stage."""
    result = FinderResult()
    say = progress or (lambda stage: None)
    for country_id in country_ids:
        say("persons")
        records = _fresh_records(country_id)
        say("comparing")
        pairs = find_candidates(records)
        result.pairs_found += len(pairs)
        say("merging")
        with transaction.atomic():
            merged_away = _merge_sure(pairs, source=source, actor=actor) if merge_sure else set()
            uncertain = [
                p for p in pairs if not (merge_sure and p.is_sure) and not {p.a, p.b} & merged_away
            ]
            result.merged += len(merged_away)
            result.queued += queue_pairs(uncertain)
    return result


def _merge_sure(pairs: list[Pair], *, source: str, actor: Any = None) -> set[int]:
    """Merge each sure pair into its older person, skipping pairs a reviewer kept apart,
    pairs an import left for a data officer (`OUTSIDE_SCOPE`: merging shows the person on
    record to the partner who imported), and persons already merged in this run (the next
    run picks those up)."""
    sure = [p for p in pairs if p.is_sure]
    decided = DuplicateCandidate.objects.filter(
        status__in=[DuplicateCandidate.Status.DISTINCT, DuplicateCandidate.Status.PENDING],
        person_a__in={p.a for p in sure},
    ).values_list("person_a_id", "person_b_id", "status", "reasons")
    kept_apart = {
        (a, b)
        for a, b, status, reasons in decided
        if status == DuplicateCandidate.Status.DISTINCT or OUTSIDE_SCOPE in reasons
    }
    touched: set[int] = set()
    merged_away: set[int] = set()
    for pair in sure:
        if (pair.a, pair.b) in kept_apart or {pair.a, pair.b} & touched:
            continue
        kept, merged = Person.objects.get(pk=pair.a), Person.objects.get(pk=pair.b)
        person_merge(actor=actor, kept=kept, merged=merged, source=source)
        touched |= {pair.a, pair.b}
        merged_away.add(pair.b)
    return merged_away
