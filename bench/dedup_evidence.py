"""What the labelled duplicates have in common besides the name, how many strangers share a
name with nothing to tell them apart, and the finder's pairs measured against the labels.

A pair's evidence is a shared phone (by its last eight digits), email, identity number or
birth year. A conflict is a fact both recorded that differs: phone, email, identity number,
sex, or birth years more than one apart. A shared contact is a shared phone, email or
identity number: what the rule for linking without asking starts from. Used by
bench/dedup_scale.py and bench/dedup_bench.py.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from itertools import combinations

from pathways.activities.dedup.records import PersonRecord
from pathways.activities.dedup.scoring import Pair

_PHONE, _EMAIL, _YEAR, _ORG, _SEX, _ID = range(6)


def shares_contact(a: PersonRecord, b: PersonRecord) -> bool:
    """The two recorded the same phone, email or identity number."""
    fa, fb = a.facts, b.facts
    return any(fa[i] and fa[i] == fb[i] for i in (_PHONE, _EMAIL, _ID))


def _evidence(a: PersonRecord, b: PersonRecord) -> bool:
    return shares_contact(a, b) or bool(a.facts[_YEAR] and a.facts[_YEAR] == b.facts[_YEAR])


def _conflict(a: PersonRecord, b: PersonRecord) -> bool:
    fa, fb = a.facts, b.facts
    differs = any(fa[i] and fb[i] and fa[i] != fb[i] for i in (_PHONE, _EMAIL, _SEX, _ID))
    return differs or bool(fa[_YEAR] and fb[_YEAR] and abs(fa[_YEAR] - fb[_YEAR]) > 1)


def quality(
    records: Iterable[PersonRecord], pairs: list[Pair], labels: set[tuple[int, int]]
) -> dict:
    """The finder's pairs against the labelled duplicates: the sure pairs (linked without
    asking), everything found, and the review queue (found, not sure)."""
    by_pk = {r.pk: r for r in records}
    found = {(p.a, p.b) for p in pairs}
    sure = {(p.a, p.b) for p in pairs if p.is_sure}
    queue = found - sure
    contact = {(a, b) for a, b in labels if shares_contact(by_pk[a], by_pk[b])}
    return {
        "persons": len(by_pk),
        "labelled": len(labels),
        "labelled_contact": len(contact),
        "found": len(found),
        "sure": len(sure),
        "queue": len(queue),
        "sure_precision": len(sure & labels) / max(len(sure), 1),
        "sure_recall_contact": len(sure & contact) / max(len(contact), 1),
        "contact_share": len(contact) / max(len(labels), 1),
        "found_recall": len(found & labels) / max(len(labels), 1),
        "queue_precision": len(queue & labels) / max(len(queue), 1),
        "queue_per_1000": 1000 * len(queue) / max(len(by_pk), 1),
        "sure_strangers": len(sure - labels),
        "queue_strangers": len(queue - labels),
        "contact_not_sure": len(contact - sure),
        "missed": len(labels - found),
    }


def queue_strangers(pairs: list[Pair], labels: set[tuple[int, int]], top: int = 6) -> list:
    """The reasons of the queue's pairs that are not labelled duplicates, most frequent
    first, with how many of the queue's labelled duplicates have the same reasons."""
    strangers, duplicates = Counter(), Counter()
    for p in pairs:
        if p.is_sure:
            continue
        reasons = " + ".join(sorted(r for r in p.reasons if r != "names_agree"))
        (duplicates if (p.a, p.b) in labels else strangers)[reasons] += 1
    return [(r, n, duplicates[r]) for r, n in strangers.most_common(top)]


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
