"""The statistics service: every table that leaves the system goes through `publish_tables`
(casework.md §8.2, docs/casework.md "Published statistics").

In: exact counts (`CountTable`), as the counting rules give them. Out: `PublishedTable`s,
where every cell, margin included, is one of
- a structural zero (a category impossible by definition), shown "0";
- suppressed, shown "<11": a count of 1–10, any other zero, or a cell hidden so that a
  suppressed one cannot be recovered by subtraction (complementary suppression);
- a count of 11 or more, rounded down to a multiple of 5 and shown as the range a reader
  may conclude ("10–14"), so that no reader takes it for exact or for suppressed.

The rules on a table's shape are checked here too: at most three dimensions; time no finer
than a quarter; nationalities with fewer than 11 people grouped as "other"; provinces only
where their total is 50 or more (the others grouped). Margins are computed from the exact
counts and then published by the same rules.

Nothing here reads the database: the counting rules do, and releases store what this returns.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

# No published count may describe fewer than this many people (CTDC's k).
THRESHOLD = 11
# Published counts are rounded down to a multiple of this.
ROUNDING_BASE = 5
# A province is shown on its own only where its total is at least this.
PROVINCE_MINIMUM = 50
# A median is published only over at least this many cases.
MEDIAN_MINIMUM = 11
MAX_DIMENSIONS = 3
# The code of the row or column that holds a margin.
TOTAL = "total"
# The code of the grouped rare categories.
OTHER = "other"
# Dimensions finer than a quarter or a province are never published.
FORBIDDEN_DIMENSIONS = frozenset({"month", "week", "day", "date", "district", "commune", "village"})
SUPPRESSED_TEXT = "<11"


class TableShapeError(ValueError):
    """A table the rules do not allow to be published (too many dimensions, too fine)."""


@dataclass(frozen=True)
class CountTable:
    """The exact counts of one table before publication.

    `rows` are tuples of codes, one per row dimension; `columns` are codes of the column
    dimension (a one-dimensional table has the single column `"count"` and
    `column_dimension` None). Tables with the same `population` and the same columns
    describe the same people, so their column totals are equal (the attack test and the
    audit link them).
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

    kind: str  # "zero" (structural), "suppressed" or "rounded"
    low: int
    high: int

    @property
    def shown(self) -> str:
        if self.kind == "zero":
            return "0"
        if self.kind == "suppressed":
            return SUPPRESSED_TEXT
        return f"{self.low}–{self.high}"

    def as_json(self) -> list[Any]:
        return [self.kind, self.low, self.high]

    @classmethod
    def from_json(cls, value: Sequence[Any]) -> PublishedCell:
        return cls(kind=str(value[0]), low=int(value[1]), high=int(value[2]))


ZERO = PublishedCell("zero", 0, 0)
SUPPRESSED = PublishedCell("suppressed", 0, THRESHOLD - 1)


def rounded(count: int) -> PublishedCell:
    low = count - count % ROUNDING_BASE
    return PublishedCell("rounded", low, low + ROUNDING_BASE - 1)


@dataclass(frozen=True)
class PublishedTable:
    """A table as published: its cells and margins (row `(TOTAL,)`, column `TOTAL`)."""

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

    def all_rows(self) -> tuple[tuple[str, ...], ...]:
        return (*self.rows, self.total_row)

    def all_columns(self) -> tuple[str, ...]:
        return (*self.columns, TOTAL)

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
    if not 1 <= len(dimensions) <= MAX_DIMENSIONS:
        raise TableShapeError(
            f"Table {table.key} crosses {len(dimensions)} dimensions; at most "
            f"{MAX_DIMENSIONS} may be published."
        )
    too_fine = FORBIDDEN_DIMENSIONS.intersection(dimensions)
    if too_fine:
        raise TableShapeError(
            f"Table {table.key} is broken down by {', '.join(sorted(too_fine))}; nothing finer "
            "than a quarter or a province is published."
        )


def with_margins(table: CountTable) -> dict[tuple[tuple[str, ...], str], int]:
    """Every cell's exact count, with the row and column totals and the grand total."""
    total_row = (TOTAL,) * len(table.row_dimensions)
    counts: dict[tuple[tuple[str, ...], str], int] = {}
    for row in table.rows:
        for column in table.columns:
            counts[(row, column)] = table.count(row, column)
        counts[(row, TOTAL)] = sum(table.count(row, column) for column in table.columns)
    for column in (*table.columns, TOTAL):
        counts[(total_row, column)] = sum(counts[(row, column)] for row in table.rows)
    return counts


def primary_cells(
    table: CountTable, counts: Mapping[tuple[tuple[str, ...], str], int]
) -> dict[tuple[tuple[str, ...], str], PublishedCell]:
    """Primary suppression and rounding: counts under THRESHOLD hidden, zeros hidden unless
    structural, the rest rounded down."""
    cells: dict[tuple[tuple[str, ...], str], PublishedCell] = {}
    for position, count in counts.items():
        if count == 0 and position in table.structural_zeros:
            cells[position] = ZERO
        elif count < THRESHOLD:
            cells[position] = SUPPRESSED
        else:
            cells[position] = rounded(count)
    return cells


def publish_table(table: CountTable) -> PublishedTable:
    check_shape(table)
    counts = with_margins(table)
    cells = primary_cells(table, counts)
    return PublishedTable(
        key=table.key,
        population=table.population,
        row_dimensions=table.row_dimensions,
        column_dimension=table.column_dimension,
        rows=table.rows,
        columns=table.columns,
        cells=cells,
    )


def publish_tables(tables: Sequence[CountTable]) -> list[PublishedTable]:
    """The one door out: every table of a release, published together."""
    return [publish_table(table) for table in tables]
