"""The duplicate finder's array forms give what its pair-by-pair definitions give."""

from __future__ import annotations

import random

import numpy as np
import pytest

from bench.dedup_data import generate
from pathways.activities.dedup import arrays, scoring
from pathways.activities.dedup.blocks import _blocks, _in_block_order, _name_counts, _window
from pathways.activities.dedup.finder import find_candidates
from pathways.activities.dedup.records import PersonRecord
from pathways.activities.dedup.scoring import REVIEW_SCORE, score_pair


@pytest.fixture(scope="module")
def persons() -> list[PersonRecord]:
    return generate(3000, seed=11)[0]


def _random_pairs(persons, count: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = random.Random(seed)
    first = [rng.randrange(len(persons)) for _ in range(count)]
    second = [rng.randrange(len(persons)) for _ in range(count)]
    return np.array(first), np.array(second)


def test_the_facts_bound_of_every_pair_is_the_one_worked_out_pair_by_pair(persons):
    first, second = _random_pairs(persons, 20_000, seed=1)
    facts = arrays.facts_arrays([p.facts for p in persons])
    bounds = arrays.facts_bounds(facts, first, second, **scoring._BOUND_WEIGHTS)
    expected = [
        scoring._facts_bound(persons[a].facts, persons[b].facts)
        for a, b in zip(first.tolist(), second.tolist(), strict=True)
    ]
    assert bounds.tolist() == expected
    # Not vacuous: the pairs differ in what they share.
    assert len(set(expected)) > 10


def test_the_rarity_of_every_pair_is_the_one_worked_out_pair_by_pair(persons):
    # Pairs within name blocks, so many share a key; counts of every size.
    rng = random.Random(2)
    by_key: dict[tuple[int, str], list[int]] = {}
    for i, person in enumerate(persons):
        for key in person.phonetic_keys:
            by_key.setdefault((person.country_id, key), []).append(i)
    counts = {key: rng.choice((2, 3, 7, 40, 300, 5000)) for key in by_key}
    pairs = [tuple(rng.sample(m, 2)) for m in by_key.values() if len(m) > 1]
    pairs += list(zip(*(x.tolist() for x in _random_pairs(persons, 2000, seed=3)), strict=True))
    first, second = (np.array(side) for side in zip(*pairs, strict=True))
    names = arrays.name_keys(
        [[(p.country_id, k) for k in p.phonetic_keys] for p in persons], counts
    )
    facts = arrays.facts_arrays([p.facts for p in persons])
    rarity = arrays.rarities(names, facts, first, second, **scoring._RARITY_WEIGHTS)
    for (a, b), got in zip(pairs, rarity.tolist(), strict=True):
        x, y = persons[a], persons[b]
        shared = x.phonetic_keys & y.phonetic_keys
        count = max((counts[(x.country_id, k)] for k in shared), default=0)
        contact = (
            bool(x.phone_key and x.phone_key == y.phone_key)
            or bool(x.email and x.email.lower() == y.email.lower())
            or bool(x.id_number and x.id_number == y.id_number)
        )
        weight, _ = scoring._rarity(count, shared_key=bool(shared), shared_contact=contact)
        assert got == pytest.approx(weight, abs=1e-12), (x, y)
    assert len(pairs) > 500


def test_window_pairs_are_each_person_with_the_next_window_persons_of_its_block():
    rng = random.Random(4)
    blocks, expected, start = [], set(), 0
    for _ in range(300):
        size, window = rng.randint(1, 20), rng.choice((2, 4, 8, 20))
        members = list(range(start, start + size))
        start += size
        blocks.append((members, window))
        for i, a in enumerate(members):
            for b in members[i + 1 : i + 1 + window]:
                expected.add((a, b))
    first, second = arrays.window_pairs(arrays.laid_out(blocks))
    got = list(zip(first.tolist(), second.tolist(), strict=True))
    assert len(got) == len(set(got)) and set(got) == expected


def test_no_blocks_give_no_pairs():
    first, second = arrays.window_pairs(arrays.laid_out([]))
    assert len(first) == len(second) == 0
    assert find_candidates([]) == []


def _pair_by_pair(persons: list[PersonRecord], threshold: float) -> set[tuple[int, int, float]]:
    """The finder's definition, walked one pair at a time with the public scorer."""
    blocks = _blocks(persons)
    counts = _name_counts(blocks)
    found = set()
    for (_, key), members in blocks.items():
        ordered = _in_block_order(members)
        window = _window(key[0], len(ordered))
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 : i + 1 + window]:
                x, y = persons[a], persons[b]
                shared = x.phonetic_keys & y.phonetic_keys
                count = max((counts[(x.country_id, k)] for k in shared), default=0)
                pair = score_pair(x, y, name_count=count)
                if pair.score >= threshold:
                    found.add((pair.a, pair.b, pair.score))
    return found


@pytest.mark.parametrize("threshold", [REVIEW_SCORE, 0.3])
def test_the_finder_finds_exactly_the_pairs_the_pair_by_pair_definition_finds(persons, threshold):
    expected = _pair_by_pair(persons, threshold)
    got = {(p.a, p.b, p.score) for p in find_candidates(persons, threshold=threshold)}
    assert got == expected
    assert len(expected) > 300  # the generated duplicates are found


def test_a_focus_keeps_exactly_the_pairs_that_involve_it(persons):
    focus = {p.pk for p in persons[::7]}
    everything = find_candidates(persons)
    focused = find_candidates(persons, focus=focus)
    assert focused == [p for p in everything if p.a in focus or p.b in focus]
    assert 0 < len(focused) < len(everything)


def test_each_person_is_in_each_of_its_blocks_once(persons):
    # Stored block rows are unique by person and key; PostgreSQL copies them in unchecked.
    for person in persons:
        keys = [key for key, _ in person.block_entries]
        assert len(keys) == len(set(keys)), person
    assert max(len(p.block_entries) for p in persons) >= 8
