"""De-duplication benchmark: near-linear time and precision / recall on labelled duplicates.

    python bench/dedup_bench.py [--small 50000] [--large 200000] [--seed 1]

Times `find_candidates` on synthetic persons (bench/dedup_data.py) at two sizes in the same
run, and measures at each size, on the labelled duplicates, the pairs linked without asking
(precision, and recall of the duplicates sharing a phone, email or identity number),
everything found (recall) and the review queue (precision, pairs per 1,000 persons):
`bench/dedup_evidence.quality`. `make bench` measures the same on the scale data
(bench/dedup_scale.py).
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
from bench.dedup_evidence import quality  # noqa: E402
from pathways.activities.dedup.finder import find_candidates  # noqa: E402


def measure(n: int, seed: int) -> dict[str, float]:
    persons, labels = generate(n, seed=seed)
    started = time.perf_counter()
    pairs = find_candidates(persons)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, **quality(persons, pairs, labels)}


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
