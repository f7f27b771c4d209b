"""De-duplication at scale: the finder on every person of the scale data against a quarter of
them, and precision and recall on the labelled duplicates bench/generate.py wrote.

The quarter keeps whole clusters (a person and all its labelled duplicates) and every country,
so both runs have the same share of duplicates and only the size differs. Times are of
`pathways.activities.dedup.finder.find_candidates` on records read from the database (reading them
is not timed; it is the same single query whatever the finder does).

Precision is given twice: of the sure pairs (those `run_duplicate_finder` merges without
asking) and of every pair flagged (sure pairs and the review queue).
"""

from __future__ import annotations

import json
import math
from collections import defaultdict

from bench.common import Outcome, timed
from bench.dedup_evidence import evidence
from bench.generate import labels_path

TIME_TARGET = 5.0
PRECISION_TARGET = 0.99
RECALL_TARGET = 0.95


def recall_by_kind(found: set[tuple[int, int]]) -> dict[str, float]:
    """Share of the labelled (original, duplicate) pairs found, by how the duplicate differs."""
    hits: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for original, duplicate, kind in json.loads(labels_path().read_text())["pairs"]:
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
    found = {(p.a, p.b) for p in pairs}
    sure = {(p.a, p.b) for p in pairs if p.is_sure}
    return {
        "persons": len(records),
        "timing": timing,
        "labelled": len(labels),
        "flagged": len(found),
        "sure": len(sure),
        "precision_sure": len(sure & labels) / max(len(sure), 1),
        "precision_flagged": len(found & labels) / max(len(found), 1),
        "recall": len(found & labels) / max(len(labels), 1),
        "found": found,
    }


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
    quality = (
        large["precision_sure"] >= PRECISION_TARGET
        and large["precision_flagged"] >= PRECISION_TARGET
        and large["recall"] >= RECALL_TARGET
    )
    by_kind = recall_by_kind(large["found"])
    unlabelled = large["flagged"] - round(large["precision_flagged"] * large["flagged"])
    facts = evidence(records, labels)
    must_flag = facts["name_only"] - (facts["labelled"] - math.ceil(RECALL_TARGET * len(labels)))
    quality_notes = [
        "recall by kind of duplicate: "
        + ", ".join(f"{kind} {share:.3f}" for kind, share in by_kind.items()),
        f"{unlabelled:,} flagged pairs are not labelled duplicates (the review queue's share "
        "of pairs a data officer would keep apart)",
        f"of the {facts['labelled']:,} labelled pairs, {facts['with_evidence']:,} share a phone, "
        f"an email or a birth year, {facts['conflicting']:,} differ in one, and "
        f"{facts['name_only']:,} have only the name to go on (and the organisation, weak "
        f"evidence): recall {RECALL_TARGET} needs at least {max(must_flag, 0):,} of these",
        f"pairs sharing a name key with no shared and no differing phone, email, birth year or "
        f"sex: {facts['same_name_duplicates']:,} labelled duplicates and "
        f"{facts['same_name_strangers']:,} distinct persons "
        f"({facts['same_name_strangers'] / max(facts['same_name_duplicates'], 1):.0f} to 1)",
    ]
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
        Outcome(
            name="de-duplication: quality",
            database=database,
            measured=f"precision {large['precision_sure']:.4f} (sure pairs, "
            f"{large['sure']:,}), {large['precision_flagged']:.4f} (all flagged, "
            f"{large['flagged']:,}); recall {large['recall']:.4f}",
            baseline=f"{large['labelled']:,} labelled duplicate pairs",
            ratio=None,
            target=f"precision ≥ {PRECISION_TARGET}, recall ≥ {RECALL_TARGET}",
            met=quality,
            notes=quality_notes,
        ),
    ]
