"""The statistics service: every table that leaves the system goes through `publish_tables`
(casework.md §8.2, docs/casework.md "Published statistics").

In: exact counts (`CountTable`), as the counting rules give them. Out: `PublishedTable`s,
where every cell, margin included, is one of
- a structural zero (a category impossible by definition), shown "0";
- suppressed, shown "<11": a count of 1–10, or a zero that is not structural;
- hidden, shown "x": a count of 11 or more hidden so that no suppressed cell can be recovered
  by subtraction (complementary suppression); it is not shown as "<11", which would be false;
- a count of 11 or more, rounded down to a multiple of 5 and shown as the range a reader
  may conclude ("10–14"), so that no reader takes it for exact or for suppressed.

Margins: an additive table has a total row; one with a column dimension also has a total
column (a one-dimensional table, `column_dimension` None, has only the total row). A table
that is not additive (one person in several cells) has no margins: each cell is published on
its own.

Complementary suppression runs over every line (a row with its total, a column with its
total) until none has exactly one hidden cell, hiding the smallest published cell of such a
line. Then the whole release is audited by linear programming (`disclosure_audit`): where a
reader could still bound a suppressed cell to a range narrower than 5, more is hidden, and
the audit runs again, until nothing is exposed.

The rules on a table's shape are checked here too: at most three dimensions; time no finer
than a quarter; nationalities with fewer than 11 people grouped as "other"; provinces only
where their total is 50 or more (the others grouped). Margins are computed from the exact
counts and then published by the same rules.

Nothing here reads the database: the counting rules do, and releases store what this returns.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

# The audit's names are part of this service's face: the release service imports them here.
from pathways.stats.disclosure_audit import DisclosureError as DisclosureError
from pathways.stats.disclosure_audit import Exposure as Exposure
from pathways.stats.disclosure_audit import Line, Position
from pathways.stats.disclosure_audit import release_exposures as release_exposures
from pathways.stats.disclosure_grouping import GROUPED_DIMENSIONS as GROUPED_DIMENSIONS
from pathways.stats.disclosure_grouping import NATIONALITY_MINIMUM as NATIONALITY_MINIMUM
from pathways.stats.disclosure_grouping import OTHER as OTHER
from pathways.stats.disclosure_grouping import PROVINCE_MINIMUM as PROVINCE_MINIMUM
from pathways.stats.disclosure_grouping import THRESHOLD as THRESHOLD
from pathways.stats.disclosure_grouping import grouped

# Published counts are rounded down to a multiple of this.
ROUNDING_BASE = 5
# A median is published only over at least this many cases.
MEDIAN_MINIMUM = 11
MAX_DIMENSIONS = 3
# The code of the row or column that holds a margin.
TOTAL = "total"
# Dimensions finer than a quarter or a province are never published.
FORBIDDEN_DIMENSIONS = frozenset({"month", "week", "day", "date", "district", "commune", "village"})
SUPPRESSED_TEXT = "<11"
# A count of 11 or more hidden to protect a suppressed one (complementary suppression).
HIDDEN_TEXT = "x"


class TableShapeError(ValueError):
    """A table the rules do not allow to be published (too many dimensions, too fine)."""


@dataclass(frozen=True)
class CountTable:
    """The exact counts of one table before publication.

    `rows` are tuples of codes, one per row dimension; `columns` are codes of the column
    dimension (a one-dimensional table has the single column `"count"` and
    `column_dimension` None). Tables with the same `population` describe the same people,
    with the same codes in a dimension of the same name, so every breakdown they share is
    equal: their grand totals, their column totals where the column dimension is the same,
    and so on (the audit and the attack test link them; tables that contradict each other
    are refused).
    """

    key: str
    population: str
    row_dimensions: tuple[str, ...]
    column_dimension: str | None
    rows: tuple[tuple[str, ...], ...]
    columns: tuple[str, ...]
    counts: Mapping[tuple[tuple[str, ...], str], int]
    structural_zeros: frozenset[tuple[tuple[str, ...], str]] = frozenset()
    # False where a person may be in several cells (services received): each cell is then a
    # count of its own and the table has no margins.
    additive: bool = True

    @property
    def dimensions(self) -> tuple[str, ...]:
        return self.row_dimensions + ((self.column_dimension,) if self.column_dimension else ())

    def count(self, row: tuple[str, ...], column: str) -> int:
        return int(self.counts.get((row, column), 0))


@dataclass(frozen=True)
class PublishedCell:
    """What a reader is told of one cell: the range [low, high] the true count lies in."""

    kind: str  # "zero" (structural), "suppressed", "hidden" or "rounded"
    low: int
    high: int | None  # None: no upper bound is published (a hidden cell)

    @property
    def shown(self) -> str:
        if self.kind == "zero":
            return "0"
        if self.kind == "suppressed":
            return SUPPRESSED_TEXT
        if self.kind == "hidden":
            return HIDDEN_TEXT
        return f"{self.low}–{self.high}"

    def as_json(self) -> list[Any]:
        return [self.kind, self.low, self.high]

    @classmethod
    def from_json(cls, value: Sequence[Any]) -> PublishedCell:
        high = None if value[2] is None else int(value[2])
        return cls(kind=str(value[0]), low=int(value[1]), high=high)


ZERO = PublishedCell("zero", 0, 0)
SUPPRESSED = PublishedCell("suppressed", 0, THRESHOLD - 1)
# Only counts of THRESHOLD or more are ever hidden, and the rules are public.
HIDDEN = PublishedCell("hidden", THRESHOLD, None)


def rounded(count: int) -> PublishedCell:
    low = count - count % ROUNDING_BASE
    return PublishedCell("rounded", low, low + ROUNDING_BASE - 1)


@dataclass(frozen=True)
class PublishedTable:
    """A table as published: its cells and margins (row `(TOTAL,)`, column `TOTAL`).

    Which margins a table has is read from its cells, so the stored JSON needs no flag: an
    additive table has the total row, and the total column too if it has a column
    dimension; a table that is not additive has neither."""

    key: str
    population: str
    row_dimensions: tuple[str, ...]
    column_dimension: str | None
    rows: tuple[tuple[str, ...], ...]
    columns: tuple[str, ...]
    cells: Mapping[tuple[tuple[str, ...], str], PublishedCell]

    @property
    def total_row(self) -> tuple[str, ...]:
        return (TOTAL,) * len(self.row_dimensions)

    def cell(self, row: tuple[str, ...], column: str) -> PublishedCell:
        return self.cells[(row, column)]

    @property
    def additive(self) -> bool:
        return any(row == self.total_row for row, _ in self.cells)

    @property
    def has_total_column(self) -> bool:
        return any(column == TOTAL for _, column in self.cells)

    def all_rows(self) -> tuple[tuple[str, ...], ...]:
        return (*self.rows, self.total_row) if self.additive else self.rows

    def all_columns(self) -> tuple[str, ...]:
        return (*self.columns, TOTAL) if self.has_total_column else self.columns

    def lines(self) -> list[Line]:
        """The equations a reader knows: the cells of each line sum to its margin."""
        if not self.additive:
            return []
        # In the order the margins can be summed: row totals, column totals, grand total.
        by_row = self.has_total_column
        lines: list[Line] = []
        for row in self.rows if by_row else ():
            lines.append((tuple((row, column) for column in self.columns), (row, TOTAL)))
        for column in self.all_columns():
            lines.append((tuple((row, column) for row in self.rows), (self.total_row, column)))
        if by_row:
            total = self.total_row
            lines.append((tuple((total, column) for column in self.columns), (total, TOTAL)))
        # A table without rows has a total and nothing to add up to it.
        return [(parts, margin) for parts, margin in lines if parts]

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "population": self.population,
            "row_dimensions": list(self.row_dimensions),
            "column_dimension": self.column_dimension,
            "rows": [list(row) for row in self.rows],
            "columns": list(self.columns),
            "cells": [
                [list(row), column, self.cells[(row, column)].as_json()]
                for row in self.all_rows()
                for column in self.all_columns()
            ],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PublishedTable:
        return cls(
            key=data["key"],
            population=data["population"],
            row_dimensions=tuple(data["row_dimensions"]),
            column_dimension=data["column_dimension"],
            rows=tuple(tuple(row) for row in data["rows"]),
            columns=tuple(data["columns"]),
            cells={
                (tuple(row), column): PublishedCell.from_json(value)
                for row, column, value in data["cells"]
            },
        )


@dataclass(frozen=True)
class PublishedMedian:
    """A median published only over at least MEDIAN_MINIMUM cases; else `value` is None."""

    key: str
    value: float | None
    cases_shown: PublishedCell = field(default=SUPPRESSED)

    def as_json(self) -> dict[str, Any]:
        return {"key": self.key, "value": self.value, "cases": self.cases_shown.as_json()}


def publish_median(key: str, values: Sequence[float]) -> PublishedMedian:
    if len(values) < MEDIAN_MINIMUM:
        return PublishedMedian(key=key, value=None, cases_shown=SUPPRESSED)
    ordered = sorted(values)
    middle = len(ordered) // 2
    median = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    return PublishedMedian(key=key, value=round(median, 1), cases_shown=rounded(len(ordered)))


def check_shape(table: CountTable) -> None:
    dimensions = table.dimensions
    if not table.row_dimensions or len(dimensions) > MAX_DIMENSIONS:
        raise TableShapeError(
            f"Table {table.key} crosses {len(dimensions)} dimensions with "
            f"{len(table.row_dimensions)} in its rows; one to {MAX_DIMENSIONS} may be "
            "published, at least one of them in the rows."
        )
    too_fine = FORBIDDEN_DIMENSIONS.intersection(dimensions)
    if too_fine:
        raise TableShapeError(
            f"Table {table.key} is broken down by {', '.join(sorted(too_fine))}; nothing finer "
            "than a quarter or a province is published."
        )
    if table.column_dimension is None and len(table.columns) != 1:
        raise TableShapeError(
            f"Table {table.key} has no column dimension but {len(table.columns)} columns; "
            "a one-dimensional table has a single column."
        )
    for row in table.rows:
        if len(row) != len(table.row_dimensions) or TOTAL in row:
            raise TableShapeError(f"Table {table.key} has a row {row!r} that does not fit.")
    if TOTAL in table.columns or len(set(table.rows)) != len(table.rows):
        raise TableShapeError(f"Table {table.key} repeats a row or names a column {TOTAL!r}.")
    cells = {(row, column) for row in table.rows for column in table.columns}
    for position, count in table.counts.items():
        if count < 0 or position not in cells:
            raise TableShapeError(
                f"Table {table.key} counts {count} at {position!r}, which is negative or "
                "outside its rows and columns."
            )
    for position in table.structural_zeros:
        if table.count(*position):
            raise TableShapeError(
                f"Table {table.key} marks {position!r} as a structural zero but counts people."
            )


def skeleton(table: CountTable) -> PublishedTable:
    """The published shape of a table (its cells and margins), every cell still unset."""
    total_row = (TOTAL,) * len(table.row_dimensions)
    rows, columns = list(table.rows), list(table.columns)
    if table.additive:
        rows.append(total_row)
        if table.column_dimension is not None:
            columns.append(TOTAL)
    return PublishedTable(
        key=table.key,
        population=table.population,
        row_dimensions=table.row_dimensions,
        column_dimension=table.column_dimension,
        rows=table.rows,
        columns=table.columns,
        cells={(row, column): SUPPRESSED for row in rows for column in columns},
    )


def with_margins(table: CountTable) -> dict[Position, int]:
    """Every cell's exact count, with the margins the table has, summed from exact counts."""
    total_row = (TOTAL,) * len(table.row_dimensions)
    inner = {
        (row, column): table.count(row, column) for row in table.rows for column in table.columns
    }
    counts = dict(inner)
    for row, column in skeleton(table).cells:
        if (row, column) not in inner:
            counts[(row, column)] = sum(
                n for (r, c), n in inner.items() if row in (r, total_row) and column in (c, TOTAL)
            )
    return counts


def structural_positions(table: CountTable) -> set[Position]:
    """The structural zeros, and the margins made only of structural zeros."""
    structural = set(table.structural_zeros)
    for parts, margin in skeleton(table).lines():
        if parts and all(part in structural for part in parts):
            structural.add(margin)
    return structural


def primary_cells(
    table: CountTable, counts: Mapping[Position, int]
) -> dict[Position, PublishedCell]:
    """Primary suppression and rounding: counts under THRESHOLD hidden, zeros hidden unless
    structural, the rest rounded down."""
    structural = structural_positions(table)
    cells: dict[Position, PublishedCell] = {}
    for position, count in counts.items():
        if count == 0 and position in structural:
            cells[position] = ZERO
        elif count < THRESHOLD:
            cells[position] = SUPPRESSED
        else:
            cells[position] = rounded(count)
    return cells


HIDING = frozenset({"suppressed", "hidden"})


@dataclass
class _Draft:
    """One table on its way out: exact counts, and the cells as they stand."""

    table: CountTable
    counts: dict[Position, int]
    cells: dict[Position, PublishedCell]
    lines: list[Line]
    order: dict[Position, int]

    @classmethod
    def of(cls, table: CountTable) -> _Draft:
        counts = with_margins(table)
        return cls(
            table=table,
            counts=counts,
            cells=primary_cells(table, counts),
            lines=skeleton(table).lines(),
            order={position: number for number, position in enumerate(counts)},
        )

    def published(self) -> PublishedTable:
        return dataclasses.replace(skeleton(self.table), cells=dict(self.cells))

    def smallest_published(self, positions: Sequence[Position]) -> Position | None:
        """The published cell with the smallest count (ties: the first in the table)."""
        published = [p for p in positions if self.cells[p].kind == "rounded"]
        return min(published, key=lambda p: (self.counts[p], self.order[p]), default=None)

    def hide(self, position: Position) -> None:
        self.cells[position] = HIDDEN

    def complete_lines(self) -> None:
        """Complementary suppression: until no line has exactly one unknown cell ("<11" or
        "x"), hide the smallest published cell of such a line (a structural zero is known)."""
        changed = True
        while changed:
            changed = False
            for parts, margin in self.lines:
                line = (*parts, margin)
                if sum(self.cells[p].kind in HIDING for p in line) != 1:
                    continue
                choice = self.smallest_published(line)
                if choice is None:  # one unknown with all else structural cannot happen
                    raise DisclosureError(f"Table {self.table.key}: a line cannot be protected.")
                self.hide(choice)
                changed = True


def publish_table(table: CountTable) -> PublishedTable:
    """One table published as a release of its own."""
    return publish_tables([table])[0]


def publish_tables(tables: Sequence[CountTable]) -> list[PublishedTable]:
    """The one door out: every table of a release, published together, so that no suppressed
    cell can be bounded more narrowly than 5 from all of them (`release_exposures`)."""
    keys = [table.key for table in tables]
    if len(set(keys)) != len(keys):
        raise TableShapeError("Two tables of the release have the same key.")
    for table in tables:
        check_shape(table)
    drafts = [_Draft.of(grouped(table)) for table in tables]
    for draft in drafts:
        draft.complete_lines()
    # Each round hides at least one more published cell, so this ends.
    while True:
        published = [draft.published() for draft in drafts]
        exposures = release_exposures(published)
        if not exposures:
            return published
        _repair(drafts, exposures)
        for draft in drafts:
            draft.complete_lines()


def _repair(drafts: Sequence[_Draft], exposures: Sequence[Exposure]) -> None:
    """Hide, for each exposed cell, the smallest published cell of a line it is in; failing
    that, of its table; failing that, of another table of its population."""
    by_key = {draft.table.key: draft for draft in drafts}
    touched: set[tuple[str, Position]] = set()
    for exposure in exposures:
        draft = by_key[exposure.table]
        lines = [(*parts, margin) for parts, margin in draft.lines]
        mine = [line for line in lines if exposure.position in line]
        if any((draft.table.key, p) in touched for line in mine for p in line):
            continue  # a cell hidden this round already changes this cell's lines
        choices = [(draft, draft.smallest_published([p for line in mine for p in line]))]
        choices.append((draft, draft.smallest_published(list(draft.cells))))
        choices.extend(
            (other, other.smallest_published(list(other.cells)))
            for other in drafts
            if other is not draft
            and other.table.population == draft.table.population
            and other.table.additive
        )
        found = next(((d, p) for d, p in choices if p is not None), None)
        if found is not None:
            found[0].hide(found[1])
            touched.add((found[0].table.key, found[1]))
    if not touched:
        raise DisclosureError(
            f"Table {exposures[0].table}: a suppressed cell stays exposed with every cell of "
            "its population hidden."
        )
