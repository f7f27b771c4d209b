"""The residual risk of differencing: what comparing two releases that differ by a few cases
tells about those cases (issue 22, item 7; docs/casework.md "Published statistics").

Each trial draws a population of victims over four dimensions (sex, age, nationality, form of
exploitation, with skewed frequencies as in real caseloads), publishes three tables through
`disclosure.publish_tables` (sex × age, nationality, form of exploitation × sex), then adds 1–3
cases drawn the same way and publishes again. A reader who has both releases and compares them
cell by cell learns, for certain, that at least one added case lies in a cell when
- the cell was "<11" and is now a range (its count rose past 10), or
- the cell was a range and is now a higher range (its count rose past a multiple of 5).
Counts only grow when cases are added, so both are sure inferences. Other changes (a cell
becoming "x" or "<11", ranges staying put) prove nothing about a particular cell.

Printed per population size and number of added cases: how often anything published changed,
how often the reader learns the cell of an added case in at least one table, and how often the
reader learns an added case's full combination in the sex × age table (both its sex and its
age). Not a test: the figures are documented, not asserted.

    .venv/bin/python bench/release_differencing.py [--trials 60] [--seed 1]
"""

from __future__ import annotations

import argparse
import collections
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pathways.stats.disclosure import (
    CountTable,
    PublishedCell,
    PublishedTable,
    publish_tables,
)

CODES = {
    "sex": ("f", "m"),
    "age": ("child", "adult"),
    "nationality": ("KH", "TH", "VN", "MM", "LA", "CN"),
    "exploitation": ("labour", "sexual", "criminality", "marriage"),
}
# (key, row dimension, column dimension or None)
TABLES = (
    ("sex.age", "sex", "age"),
    ("nationality", "nationality", None),
    ("exploitation.sex", "exploitation", "sex"),
)
SIZES = (40, 150, 600)
ADDED = (1, 2, 3)

Person = dict[str, str]


def draw_population(rng: random.Random, size: int) -> tuple[list[Person], dict[str, list[float]]]:
    weights = {d: [rng.random() ** 2 + 0.02 for _ in codes] for d, codes in CODES.items()}
    return [draw_person(rng, weights) for _ in range(size)], weights


def draw_person(rng: random.Random, weights: dict[str, list[float]]) -> Person:
    return {d: rng.choices(CODES[d], weights[d])[0] for d in CODES}


def tables_of(people: list[Person]) -> list[CountTable]:
    tables = []
    for key, row, column in TABLES:
        columns = CODES[column] if column else ("count",)
        counts: collections.Counter[tuple[tuple[str, ...], str]] = collections.Counter(
            ((person[row],), person[column] if column else "count") for person in people
        )
        tables.append(
            CountTable(
                key=key,
                population="identified",
                row_dimensions=(row,),
                column_dimension=column,
                rows=tuple((code,) for code in CODES[row]),
                columns=columns,
                counts=dict(counts),
            )
        )
    return tables


def rose(before: PublishedCell, after: PublishedCell) -> bool:
    """The count certainly grew: out of "<11" into a range, or into a higher range."""
    if after.kind != "rounded":
        return False
    return before.kind == "suppressed" or (before.kind == "rounded" and after.low > before.low)


def learned_cells(
    before: list[PublishedTable], after: list[PublishedTable]
) -> list[tuple[str, tuple[str, ...], str]]:
    """The inner cells in which the reader knows an added case lies."""
    found = []
    for old, new in zip(before, after, strict=True):
        for row in new.rows:
            for column in new.columns:
                position = (row, column)
                if position in old.cells and rose(old.cells[position], new.cells[position]):
                    found.append((new.key, row, column))
    return found


def changed(before: list[PublishedTable], after: list[PublishedTable]) -> bool:
    return any(old.as_json() != new.as_json() for old, new in zip(before, after, strict=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    started = time.perf_counter()
    print(f"{args.trials} trials per row, seed {args.seed}")
    print("people  added  anything changed  a cell of an added case  its sex and age")
    for size in SIZES:
        for added in ADDED:
            tally = collections.Counter()
            for _ in range(args.trials):
                people, weights = draw_population(rng, size)
                more = people + [draw_person(rng, weights) for _ in range(added)]
                before, after = publish_tables(tables_of(people)), publish_tables(tables_of(more))
                cells = learned_cells(before, after)
                tally["changed"] += changed(before, after)
                tally["learned"] += bool(cells)
                tally["sex.age"] += any(key == "sex.age" for key, _, _ in cells)
            print(
                f"{size:6}  {added:5}  {percent(tally['changed'], args.trials):>16}  "
                f"{percent(tally['learned'], args.trials):>23}  "
                f"{percent(tally['sex.age'], args.trials):>15}"
            )
    print(f"({time.perf_counter() - started:.0f} s)")


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%"


if __name__ == "__main__":
    main()
