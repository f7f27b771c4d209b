"""The duplicate finder's pairs worked out on arrays, all of a country's blocks at once.

A large import compares its new persons within their country: millions of pairs out of the
blocks' windows, most of which a differing phone, birth year, sex, email or organisation
rules out before the names are looked at. Taken one pair at a time in Python that
ruling-out cost more than all the scoring after it (docs/performance.md); here it is done
with numpy on every pair of every block at once, and only the pairs left are scored
(`finder`).

The weights are `scoring`'s; `facts_bounds` gives what `scoring._facts_bound` gives for each
pair (a test holds the two to each other).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

import numpy as np


class Facts(NamedTuple):
    """Each person's facts as numbers, one array each, 0 where not recorded: phone, email,
    organisation, sex and identity number as codes (equal codes, equal facts), and the birth
    year."""

    phone: np.ndarray
    email: np.ndarray
    year: np.ndarray
    organisation: np.ndarray
    sex: np.ndarray
    id_number: np.ndarray


def facts_arrays(facts: Sequence[tuple[str, str, int, int, str, str]]) -> Facts:
    """Arrays of `PersonRecord.facts`, in the order given."""
    columns = list(zip(*facts, strict=True)) if facts else [(), (), (), (), (), ()]
    phone, email, year, organisation, sex, id_number = columns
    return Facts(
        phone=_codes(phone),
        email=_codes(email),
        year=np.array(year, dtype=np.int64),
        organisation=np.array(organisation, dtype=np.int64),
        sex=_codes(sex),
        id_number=_codes(id_number),
    )


def _codes(values: Sequence[str]) -> np.ndarray:
    """A number for each distinct non-empty value, 0 for the empty one."""
    numbers: dict[str, int] = {"": 0}
    return np.array([numbers.setdefault(v, len(numbers)) for v in values], dtype=np.int64)


def _agreement(a: np.ndarray, b: np.ndarray, weights: tuple[float, ...]) -> np.ndarray:
    """weights[0] where both have the fact and it is the same, weights[1] where it differs."""
    both = (a != 0) & (b != 0)
    return np.where(both, np.where(a == b, weights[0], weights[1]), 0.0)


def facts_bounds(
    facts: Facts,
    a: np.ndarray,
    b: np.ndarray,
    *,
    name_weight: float,
    phone: tuple[float, float],
    email: tuple[float, float],
    birth_year: tuple[float, float, float],
    organisation: tuple[float, float],
    sex: tuple[float, float],
    id_number: tuple[float, float],
) -> np.ndarray:
    """For the persons at positions a[i] and b[i]: the name's full weight and the weights of
    the facts both have, as `scoring._facts_bound`."""
    bound = np.full(len(a), name_weight)
    bound += _agreement(facts.phone[a], facts.phone[b], phone)
    bound += _agreement(facts.email[a], facts.email[b], email)
    year_a, year_b = facts.year[a], facts.year[b]
    gap = np.minimum(np.abs(year_a - year_b), 2)
    bound += np.where((year_a != 0) & (year_b != 0), np.asarray(birth_year)[gap], 0.0)
    bound += _agreement(facts.organisation[a], facts.organisation[b], organisation)
    bound += _agreement(facts.sex[a], facts.sex[b], sex)
    bound += _agreement(facts.id_number[a], facts.id_number[b], id_number)
    return bound


class Blocks(NamedTuple):
    """Blocks laid end to end: `members` holds each block's persons (their positions) in the
    order its window walks; `ends` and `windows` give, for each place in `members`, where
    its block ends and how far apart two of its persons may be to be compared."""

    members: np.ndarray
    ends: np.ndarray
    windows: np.ndarray


def laid_out(blocks: Iterable[tuple[Sequence[int], int]]) -> Blocks:
    """`blocks`: each block's members (positions, in window order) and its window, taken
    one at a time (a whole country's blocks are never held twice)."""
    members: list[int] = []
    ends: list[int] = []
    windows: list[int] = []
    for block, window in blocks:
        members.extend(block)
        ends.append(len(members))
        windows.append(window)
    sizes = np.diff(np.array([0, *ends], dtype=np.int64))
    return Blocks(
        members=np.array(members, dtype=np.int64),
        ends=np.repeat(np.array(ends, dtype=np.int64), sizes),
        windows=np.repeat(np.array(windows, dtype=np.int64), sizes),
    )


def window_pairs(
    blocks: Blocks, where: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """The pairs the blocks' windows offer, as positions of persons (the first, then the
    second in window order): each person with the next `window` persons of its block. A pair
    two blocks share comes once from each.

    `where(first, second)`, when given, says which pairs to keep: it is asked one window
    step at a time, so only the pairs kept are ever held all at once."""
    places = np.arange(len(blocks.members), dtype=np.int64)
    firsts, seconds = [], []
    for step in range(1, int(blocks.windows.max(initial=0)) + 1):
        here = places[: len(places) - step]
        here = here[(here + step < blocks.ends[here]) & (blocks.windows[here] >= step)]
        first, second = blocks.members[here], blocks.members[here + step]
        if where is not None:
            kept = where(first, second)
            first, second = first[kept], second[kept]
        firsts.append(first)
        seconds.append(second)
    if not firsts:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    return np.concatenate(firsts), np.concatenate(seconds)


def unique_pairs(
    first: np.ndarray, second: np.ndarray, count: int
) -> tuple[np.ndarray, np.ndarray]:
    """Each pair once, the lower position first, in the order of positions; `count` is the
    number of positions."""
    codes = np.unique(np.minimum(first, second) * count + np.maximum(first, second))
    return codes // count, codes % count


class NameKeys(NamedTuple):
    """Each person's phonetic name keys as codes (one row per person, -1 where a person has
    fewer keys than the row holds), and how many persons of the country share each code's
    key."""

    codes: np.ndarray
    counts: np.ndarray


def name_keys(keys: Sequence[Sequence[tuple[int, str]]], counts: dict[tuple[int, str], int]):
    """`keys`: each person's (country, key) pairs; `counts`: persons by (country, key)."""
    numbers: dict[tuple[int, str], int] = {}
    width = max((len(k) for k in keys), default=0) or 1
    codes = np.full((len(keys), width), -1, dtype=np.int64)
    for row, person_keys in enumerate(keys):
        for column, key in enumerate(person_keys):
            codes[row, column] = numbers.setdefault(key, len(numbers))
    shared_by = np.array([counts.get(key, 0) for key in numbers] or [0], dtype=np.int64)
    return NameKeys(codes=codes, counts=shared_by)


def rarities(
    names: NameKeys,
    facts: Facts,
    a: np.ndarray,
    b: np.ndarray,
    *,
    rare_name: float,
    common_name_step: float,
    no_shared_key: float,
) -> np.ndarray:
    """What the name is worth for each pair, as `scoring._rarity` gives it: from the largest
    count of persons among the keys the two share, and whether they share a phone, an email
    or an identity number."""
    keys_a, keys_b = names.codes[a], names.codes[b]
    shared = np.zeros(len(a), dtype=bool)
    count = np.zeros(len(a), dtype=np.int64)
    for i in range(keys_a.shape[1]):
        for j in range(keys_b.shape[1]):
            match = (keys_a[:, i] == keys_b[:, j]) & (keys_a[:, i] >= 0)
            shared |= match
            count = np.maximum(count, np.where(match, names.counts[keys_a[:, i]], 0))
    weight = rare_name - common_name_step * np.log2(np.maximum(count, 2))
    contact = np.zeros(len(a), dtype=bool)
    for codes in (facts.phone, facts.email, facts.id_number):
        contact |= (codes[a] != 0) & (codes[a] == codes[b])
    weight = np.where(contact, np.maximum(weight, 0.0), weight)
    return np.where(shared, weight, no_shared_key)
