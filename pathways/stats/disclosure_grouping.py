"""Rare categories merged before anything is published (casework.md §8.2, rule 4):
nationalities and other countries under 11 people, provinces under 50, into OTHER. The
statistics service (`disclosure.publish_tables`) groups every table this way first."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathways.stats.disclosure import CountTable

Position = tuple[tuple[str, ...], str]

# The code of the grouped rare categories.
OTHER = "other"
# No published count may describe fewer than this many people (CTDC's k).
THRESHOLD = 11
# A province is shown on its own only where its total is at least this.
PROVINCE_MINIMUM = 50
# A nationality (or another country: of exploitation, of return) is shown on its own only
# where its total is at least this: a rare country names its few people as surely as a
# rare nationality does.
NATIONALITY_MINIMUM = THRESHOLD
# Dimensions whose rare categories are merged into OTHER, and the smallest total shown alone.
GROUPED_DIMENSIONS = {
    "nationality": NATIONALITY_MINIMUM,
    "exploitation_country": NATIONALITY_MINIMUM,
    "return_country": NATIONALITY_MINIMUM,
    "province": PROVINCE_MINIMUM,
}


def grouped(table: CountTable) -> CountTable:
    """Rare nationalities and countries, and small provinces, merged into OTHER (rows or
    columns)."""
    for dimension, minimum in GROUPED_DIMENSIONS.items():
        if dimension in table.row_dimensions:
            table = _regroup(table, minimum, place=table.row_dimensions.index(dimension))
        if table.column_dimension == dimension:
            table = _regroup(table, minimum, place=None)
    return table


def _regroup(table: CountTable, minimum: int, *, place: int | None) -> CountTable:
    """Merge the codes of one dimension (row code `place`, or the column if None) whose
    people number fewer than `minimum`; a merged cell is a structural zero only if all its
    parts were."""

    def code_of(position: Position) -> str:
        return position[1] if place is None else position[0][place]

    def merged(position: Position) -> Position:
        row, column = position
        if place is None:
            return (row, OTHER)
        return ((*row[:place], OTHER, *row[place + 1 :]), column)

    positions = [(row, column) for row in table.rows for column in table.columns]
    totals: dict[str, int] = {}
    for position in positions:
        totals[code_of(position)] = totals.get(code_of(position), 0) + table.count(*position)
    rare = {code for code, total in totals.items() if total < minimum and code != OTHER}
    if not rare:
        return table
    counts: dict[Position, int] = {}
    sources: dict[Position, list[Position]] = {}
    for position in positions:
        target = merged(position) if code_of(position) in rare else position
        counts[target] = counts.get(target, 0) + table.count(*position)
        sources.setdefault(target, []).append(position)
    structural = frozenset(
        target
        for target, parts in sources.items()
        if all(part in table.structural_zeros for part in parts)
    )
    # Each code once, in the table's order, with OTHER last.
    rows = sorted(dict.fromkeys(row for row, _ in sources), key=lambda row: OTHER in row)
    columns = sorted(dict.fromkeys(column for _, column in sources), key=lambda c: c == OTHER)
    return dataclasses.replace(
        table, rows=tuple(rows), columns=tuple(columns), counts=counts, structural_zeros=structural
    )
