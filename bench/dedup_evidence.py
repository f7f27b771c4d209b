"""What the labelled duplicates have in common besides the name, and how many strangers share
a name with nothing to tell them apart: the ceiling on the precision of everything a finder
flags at a given recall, whatever its scoring.

A pair's evidence is a shared phone (by its last eight digits), email or birth year. A
conflict is a fact both recorded that differs: phone, email, sex, or birth years more than
one apart. Used by bench/dedup_scale.py for the notes under the quality figures.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations

from pathways.activities.dedup.records import PersonRecord


def _evidence(a: PersonRecord, b: PersonRecord) -> bool:
    (phone_a, email_a, year_a, _, _), (phone_b, email_b, year_b, _, _) = a.facts, b.facts
    return bool(
        (phone_a and phone_a == phone_b)
        or (email_a and email_a == email_b)
        or (year_a and year_a == year_b)
    )


def _conflict(a: PersonRecord, b: PersonRecord) -> bool:
    (phone_a, email_a, year_a, _, sex_a), (phone_b, email_b, year_b, _, sex_b) = a.facts, b.facts
    return bool(
        (phone_a and phone_b and phone_a != phone_b)
        or (email_a and email_b and email_a != email_b)
        or (year_a and year_b and abs(year_a - year_b) > 1)
        or (sex_a and sex_b and sex_a != sex_b)  # facts leave a sex not recorded empty
    )


def evidence(records: Iterable[PersonRecord], labels: set[tuple[int, int]]) -> dict[str, int]:
    """Counts over the labelled pairs, and over every pair of persons sharing a phonetic name
    key that has neither evidence nor a conflict (only the name, the organisation and the
    sex's absence to go on)."""
    by_pk = {r.pk: r for r in records}
    counts = {"labelled": 0, "with_evidence": 0, "name_only": 0, "conflicting": 0}
    for a, b in labels:
        ra, rb = by_pk[a], by_pk[b]
        counts["labelled"] += 1
        if _conflict(ra, rb):
            counts["conflicting"] += 1
        elif _evidence(ra, rb):
            counts["with_evidence"] += 1
        else:
            counts["name_only"] += 1
    groups: dict[tuple[int, str], list[PersonRecord]] = defaultdict(list)
    for record in by_pk.values():
        for key in record.phonetic_keys:
            groups[(record.country_id, key)].append(record)
    seen: set[tuple[int, int]] = set()
    same_name = {"duplicates": 0, "strangers": 0}
    for members in groups.values():
        for a, b in combinations(members, 2):
            pair = (a.pk, b.pk) if a.pk < b.pk else (b.pk, a.pk)
            if pair in seen or _conflict(a, b) or _evidence(a, b):
                continue
            seen.add(pair)
            same_name["duplicates" if pair in labels else "strangers"] += 1
    return counts | {f"same_name_{k}": v for k, v in same_name.items()}
