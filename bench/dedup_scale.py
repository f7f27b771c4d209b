"""De-duplication at scale: the finder on every person of the scale data against a quarter of
them, and its pairs measured on the labelled duplicates bench/generate.py wrote.

The quarter keeps whole clusters (a person and all its labelled duplicates) and every country,
so both runs have the same share of duplicates and only the size differs. Times are of
`pathways.activities.dedup.finder.find_candidates` on records read from the database (reading them
is not timed; it is the same single query whatever the finder does).

Quality, on the whole data, one target each (`bench/dedup_evidence.quality`):
- the pairs linked without asking (`Pair.is_sure`): precision, and recall of the labelled
  duplicates that share a phone, email or identity number (the rule needs one);
- everything found, linked or queued: recall of all labelled duplicates;
- the review queue (found, not linked): the share of its pairs that are duplicates, and its
  size per 1,000 persons.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict

from bench.common import Outcome, timed
from bench.dedup_evidence import evidence, quality, queue_strangers, shares_contact
from bench.generate import labels_path

TIME_TARGET = 5.0
SURE_PRECISION_TARGET = 0.999
SURE_RECALL_TARGET = 0.90
FOUND_RECALL_TARGET = 0.95
QUEUE_PRECISION_TARGET = 0.5


def recall_by_kind(found: set[tuple[int, int]], *, contact_only=None) -> dict[str, float]:
    """Share of the labelled (original, duplicate) pairs found, by how the duplicate differs;
    with `contact_only` (the records), of those sharing a phone, email or identity number."""
    by_pk = {r.pk: r for r in contact_only} if contact_only is not None else None
    hits: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for original, duplicate, kind in json.loads(labels_path().read_text())["pairs"]:
        if by_pk is not None and not shares_contact(by_pk[original], by_pk[duplicate]):
            continue
        hits[kind][0] += (min(original, duplicate), max(original, duplicate)) in found
        hits[kind][1] += 1
    return {kind: got / total for kind, (got, total) in sorted(hits.items())}


def labelled_clusters() -> dict[int, list[int]]:
    clusters: dict[int, list[int]] = defaultdict(list)
    for original, duplicate, _kind in json.loads(labels_path().read_text())["pairs"]:
        clusters[original].append(duplicate)
    return {root: [root, *dups] for root, dups in clusters.items()}


def cluster_pairs(clusters) -> set[tuple[int, int]]:
    return {(a, b) for pks in clusters for a in pks for b in pks if a < b}


def measure(records, labels: set[tuple[int, int]]) -> dict:
    from pathways.activities.dedup.finder import find_candidates

    timing, pairs = timed(lambda: find_candidates(records))
    return {"timing": timing, "pairs": pairs, **quality(records, pairs, labels)}


def run(database: str) -> list[Outcome]:
    from pathways.activities.dedup.records import person_records
    from pathways.activities.models import Person

    clusters = labelled_clusters()
    root = {pk: r for r, pks in clusters.items() for pk in pks}
    records = list(person_records(Person.objects.order_by("pk")))
    quarter = [r for r in records if root.get(r.pk, r.pk) % 4 == 0]
    labels = cluster_pairs(clusters.values())
    small = measure(quarter, cluster_pairs(c for r, c in clusters.items() if r % 4 == 0))
    large = measure(records, labels)
    ratio = large["timing"].cpu / small["timing"].cpu
    return [
        Outcome(
            name="de-duplication: time",
            database=database,
            measured=f"{large['timing']} for {large['persons']:,} persons",
            baseline=f"{small['timing']} for {small['persons']:,} persons",
            ratio=ratio,
            target=f"≤ {TIME_TARGET:.0f}× (CPU) for "
            f"{large['persons'] / small['persons']:.1f}× persons",
            met=ratio <= TIME_TARGET,
            notes=[f"wall-clock ratio {large['timing'].wall / small['timing'].wall:.2f}×"],
        ),
        *quality_outcomes(database, records, labels, large),
    ]


def at_the_recall_target(pairs, labels: set[tuple[int, int]]) -> str:
    """What the queue would be with the review line raised as far as recall allows: its
    precision at the highest score that keeps everything found at FOUND_RECALL_TARGET."""
    linked = sum((p.a, p.b) in labels for p in pairs if p.is_sure)
    queue = sorted((p for p in pairs if not p.is_sure), key=lambda p: -p.score)
    needed = math.ceil(FOUND_RECALL_TARGET * len(labels)) - linked
    duplicates = 0
    for shown, pair in enumerate(queue, 1):
        duplicates += (pair.a, pair.b) in labels
        # The line is a score: every pair scoring as much as the last one kept is kept too.
        if duplicates >= needed and (shown == len(queue) or queue[shown].score < pair.score):
            return (
                f"with the review line raised to {pair.score:.3f}, as far as recall "
                f"{FOUND_RECALL_TARGET} allows, the queue would hold {shown:,} pairs, "
                f"precision {duplicates / shown:.4f}"
            )
    return f"no review line keeps recall {FOUND_RECALL_TARGET}: the pairs found fall short"


def quality_outcomes(database: str, records, labels, got: dict) -> list[Outcome]:
    """One row per quality target, with what explains a miss in its notes."""
    pairs, found = got["pairs"], {(p.a, p.b) for p in got["pairs"]}
    sure = {(p.a, p.b) for p in pairs if p.is_sure}
    by_kind = recall_by_kind(found)
    sure_by_kind = recall_by_kind(sure, contact_only=records)
    facts = evidence(records, labels)
    must_flag = facts["name_only"] - (
        facts["labelled"] - math.ceil(FOUND_RECALL_TARGET * len(labels))
    )
    contact = (
        f"{got['labelled_contact']:,} of the {got['labelled']:,} labelled duplicate pairs "
        f"({got['contact_share']:.1%}) share a phone, email or identity number"
    )
    strangers = "; ".join(
        f"{reasons or 'no other reason'}: {n:,} strangers, {dup:,} duplicates"
        for reasons, n, dup in queue_strangers(pairs, labels)
    )
    queue_notes = [
        at_the_recall_target(pairs, labels),
        f"the queue holds {got['queue']:,} pairs, {got['queue_strangers']:,} of them not "
        "labelled duplicates",
        f"the queue's most frequent reasons among strangers, against duplicates with the same "
        f"reasons: {strangers}",
        f"of the {facts['labelled']:,} labelled pairs, {facts['with_evidence']:,} share a "
        f"phone, an email, an identity number or a birth year, {facts['conflicting']:,} differ "
        f"in one, and {facts['name_only']:,} have only the name to go on (and the "
        f"organisation, weak evidence): recall {FOUND_RECALL_TARGET} needs at least "
        f"{max(must_flag, 0):,} of these",
        f"pairs sharing a name key with no shared and no differing phone, email, identity "
        f"number, birth year or sex: {facts['same_name_duplicates']:,} labelled duplicates "
        f"and {facts['same_name_strangers']:,} distinct persons "
        f"({facts['same_name_strangers'] / max(facts['same_name_duplicates'], 1):.0f} to 1)",
    ]
    return [
        Outcome(
            name="de-duplication: linked without asking, precision",
            database=database,
            measured=f"{got['sure_precision']:.4f} of {got['sure']:,} pairs linked "
            f"({got['sure_strangers']:,} not labelled duplicates)",
            baseline=f"{got['labelled']:,} labelled duplicate pairs",
            ratio=None,
            target=f"precision ≥ {SURE_PRECISION_TARGET}",
            met=got["sure_precision"] >= SURE_PRECISION_TARGET,
        ),
        Outcome(
            name="de-duplication: linked without asking, recall",
            database=database,
            measured=f"{got['sure_recall_contact']:.4f} of the labelled duplicates sharing a "
            f"phone, email or identity number",
            baseline=contact,
            ratio=None,
            target=f"recall ≥ {SURE_RECALL_TARGET} of those sharing one",
            met=got["sure_recall_contact"] >= SURE_RECALL_TARGET,
            notes=[
                f"{got['contact_not_sure']:,} of them not linked (the names disagree, or "
                "another fact differs); by kind of duplicate: "
                + ", ".join(f"{kind} {share:.3f}" for kind, share in sure_by_kind.items()),
            ],
        ),
        Outcome(
            name="de-duplication: everything found, recall",
            database=database,
            measured=f"{got['found_recall']:.4f} of the labelled duplicates found, linked or "
            f"queued ({got['found']:,} pairs)",
            baseline=f"{got['labelled']:,} labelled duplicate pairs",
            ratio=None,
            target=f"recall ≥ {FOUND_RECALL_TARGET}",
            met=got["found_recall"] >= FOUND_RECALL_TARGET,
            notes=[
                f"{got['missed']:,} not found; by kind of duplicate: "
                + ", ".join(f"{kind} {share:.3f}" for kind, share in by_kind.items())
            ],
        ),
        Outcome(
            name="de-duplication: review queue, precision",
            database=database,
            measured=f"{got['queue_precision']:.4f} of {got['queue']:,} queued pairs are "
            f"duplicates; {got['queue_per_1000']:.1f} pairs per 1,000 persons",
            baseline=f"{got['persons']:,} persons",
            ratio=None,
            target=f"precision ≥ {QUEUE_PRECISION_TARGET} (a duplicate per two pairs shown)",
            met=got["queue_precision"] >= QUEUE_PRECISION_TARGET,
            notes=queue_notes,
        ),
    ]
