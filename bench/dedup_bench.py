"""De-duplication benchmark: near-linear time and precision / recall on labelled duplicates.

    python bench/dedup_bench.py [--small 50000] [--large 200000] [--seed 1]

Times `find_candidates` on synthetic persons (bench/dedup_data.py) at two sizes in the same
run, and measures, on the larger set, precision of the automatic merges, precision of
everything flagged (merges and review queue) and recall of the labelled duplicates.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pathways.settings")

import django

django.setup()

from bench.dedup_data import generate  # noqa: E402
from pathways.activities.dedup.finder import find_candidates  # noqa: E402


def measure(n: int, seed: int) -> dict[str, float]:
    persons, labels = generate(n, seed=seed)
    started = time.perf_counter()
    pairs = find_candidates(persons)
    seconds = time.perf_counter() - started
    found = {(p.a, p.b) for p in pairs}
    sure = {(p.a, p.b) for p in pairs if p.is_sure}
    return {
        "persons": n,
        "seconds": seconds,
        "labelled": len(labels),
        "flagged": len(found),
        "sure": len(sure),
        "precision_flagged": len(found & labels) / max(len(found), 1),
        "precision_sure": len(sure & labels) / max(len(sure), 1),
        "recall": len(found & labels) / max(len(labels), 1),
        "recall_sure": len(sure & labels) / max(len(labels), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=50_000)
    parser.add_argument("--large", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    small, large = measure(args.small, args.seed), measure(args.large, args.seed)
    for row in (small, large):
        print(
            ", ".join(
                f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in row.items()
            )
        )
    ratio = large["seconds"] / small["seconds"]
    print(f"time ratio {ratio:.2f} for {args.large / args.small:.0f}x persons")


if __name__ == "__main__":
    main()
