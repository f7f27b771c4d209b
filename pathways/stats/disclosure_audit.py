"""The audit of a whole release by linear programming: how narrowly can a reader bound each
suppressed cell from everything the release publishes? (casework.md §8.2; docs/casework.md
"Published statistics: suppression, rounding and what remains").

The reader's model, built from the published tables alone:
- a variable for every cell and margin of every additive table;
- bounds from what is shown: a structural zero [0, 0], "<11" [0, 10], a hidden cell (hidden
  only to protect another, so at least 11 by the rules) [11, ∞), a range "15–19" [15, 19]
  ("10–14" is [11, 14]: no range is published for fewer than 11);
- equalities: the cells of each row sum to its row total, those of each column to its column
  total, the column totals to the grand total;
- tables of the same population describe the same people, so every breakdown two of them
  share is equal: their grand totals always, their column totals where they have the same
  column dimension, and generally the counts over any dimensions they have in common.

For every suppressed cell the minimum and the maximum of its variable are found with HiGHS; the
range between them, narrowed to whole people, is what the reader learns. An exposure is a
suppressed cell whose range is narrower than `EXPOSURE_WIDTH`. Hidden cells are not exposures:
they count at least 11 people, and narrowing one tells no more than a published range would.

This module reads the published form only (`disclosure.PublishedTable` fits `AuditedTable`),
so a release can be checked again before it is published.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import coo_array

Position = tuple[tuple[str, ...], str]
Line = tuple[tuple[Position, ...], Position]

# A suppressed cell a reader can bound more narrowly than this is exposed.
EXPOSURE_WIDTH = 5
# The kind of cell the audit protects (the others are published or hidden on purpose).
SUPPRESSED_KIND = "suppressed"
# A range is published only for counts of at least this (so "10–14" means 11 to 14).
PUBLISHED_MINIMUM = 11
# Solver values are floats; a bound within this of a whole number is that number.
TOLERANCE = 1e-6


class DisclosureError(ValueError):
    """The tables of a release cannot be published safely or contradict each other."""


class AuditedCell(Protocol):
    @property
    def kind(self) -> str: ...
    @property
    def low(self) -> int: ...
    @property
    def high(self) -> int | None: ...


class AuditedTable(Protocol):
    @property
    def key(self) -> str: ...
    @property
    def population(self) -> str: ...
    @property
    def row_dimensions(self) -> tuple[str, ...]: ...
    @property
    def column_dimension(self) -> str | None: ...
    @property
    def rows(self) -> tuple[tuple[str, ...], ...]: ...
    @property
    def columns(self) -> tuple[str, ...]: ...
    @property
    def cells(self) -> Mapping[Position, AuditedCell]: ...
    @property
    def additive(self) -> bool: ...
    def lines(self) -> list[Line]: ...


@dataclass(frozen=True)
class Exposure:
    """A suppressed cell that the published release bounds to [low, high] (whole people)."""

    table: str
    row: tuple[str, ...]
    column: str
    low: int
    high: int

    @property
    def position(self) -> Position:
        return (self.row, self.column)


@dataclass(frozen=True)
class CellRange:
    table: str
    row: tuple[str, ...]
    column: str
    low: int
    high: int


class ReleaseModel:
    """The linear programme a reader can write down from a release."""

    def __init__(self, tables: Sequence[AuditedTable]) -> None:
        self.tables = [table for table in tables if table.additive]
        self.index: dict[tuple[str, Position], int] = {}
        self.bounds: list[tuple[float, float | None]] = []
        self.equations: list[dict[int, float]] = []
        for table in self.tables:
            for position, cell in table.cells.items():
                self.index[(table.key, position)] = len(self.bounds)
                low = max(cell.low, PUBLISHED_MINIMUM) if cell.kind == "rounded" else cell.low
                self.bounds.append((low, cell.high))
        for table in self.tables:
            for parts, margin in table.lines():
                self._equal(self._vars(table, parts), self._vars(table, [margin]))
        for first, second in itertools.combinations(self.tables, 2):
            if first.population == second.population:
                self._link(first, second)

    def _vars(self, table: AuditedTable, positions: Iterable[Position]) -> list[int]:
        return [self.index[(table.key, position)] for position in positions]

    def _equal(self, left: list[int], right: list[int]) -> None:
        equation: dict[int, float] = {}
        for variable in left:
            equation[variable] = equation.get(variable, 0.0) + 1.0
        for variable in right:
            equation[variable] = equation.get(variable, 0.0) - 1.0
        equation = {variable: value for variable, value in equation.items() if value}
        if equation:
            self.equations.append(equation)

    def _link(self, first: AuditedTable, second: AuditedTable) -> None:
        """Every breakdown the two tables share describes the same people."""
        common = [d for d in dimensions_of(first) if d in dimensions_of(second)]
        for size in range(len(common) + 1):
            for shared in itertools.combinations(common, size):
                left = marginal_positions(first, shared)
                right = marginal_positions(second, shared)
                for codes in sorted(set(left) | set(right)):
                    self._equal(
                        self._vars(first, left.get(codes, [])),
                        self._vars(second, right.get(codes, [])),
                    )

    def ranges(
        self, kinds: frozenset[str] = frozenset({SUPPRESSED_KIND}), *, exact: bool = True
    ) -> list[CellRange]:
        """The whole-people range a reader can prove for every cell of the given kinds.

        Every solution is a point the reader cannot rule out, so the values seen across them
        already prove part of each cell's range; with `exact=False` a cell seen to vary by
        EXPOSURE_WIDTH or more is not solved for (its range is then only what was seen)."""
        if not self.bounds:
            return []
        matrix, rhs = self._matrix()
        wanted = [
            (table, position, self.index[(table.key, position)])
            for table in self.tables
            for position, cell in table.cells.items()
            if cell.kind in kinds
        ]
        watched = np.array([variable for _, _, variable in wanted], dtype=int)
        seen_low = np.full(len(wanted), np.inf)
        seen_high = np.full(len(wanted), -np.inf)
        found = []
        for number, (table, position, variable) in enumerate(wanted):
            ends = []
            for sign in (1.0, -1.0):
                if not exact and seen_high[number] - seen_low[number] >= EXPOSURE_WIDTH:
                    break
                point = self._solve(variable, sign, matrix, rhs, table)
                seen_low = np.minimum(seen_low, point[watched])
                seen_high = np.maximum(seen_high, point[watched])
                ends.append(point[variable])
            low, high = ends if len(ends) == 2 else (seen_low[number], seen_high[number])
            found.append(
                CellRange(
                    table=table.key,
                    row=position[0],
                    column=position[1],
                    low=math.ceil(low - TOLERANCE),
                    high=math.floor(high + TOLERANCE),
                )
            )
        return found

    def _matrix(self) -> tuple[coo_array | None, np.ndarray | None]:
        if not self.equations:
            return None, None
        rows, cols, values = [], [], []
        for number, equation in enumerate(self.equations):
            for variable, value in equation.items():
                rows.append(number)
                cols.append(variable)
                values.append(value)
        shape = (len(self.equations), len(self.bounds))
        return coo_array((values, (rows, cols)), shape=shape).tocsr(), np.zeros(shape[0])

    def _solve(
        self, variable: int, sign: float, matrix: object, rhs: object, table: AuditedTable
    ) -> np.ndarray:
        """The point where the variable is smallest (sign 1) or largest (sign -1)."""
        objective = np.zeros(len(self.bounds))
        objective[variable] = sign
        result = linprog(objective, A_eq=matrix, b_eq=rhs, bounds=self.bounds, method="highs")
        if result.status == 2:
            raise DisclosureError(
                f"The tables of population {table.population!r} contradict each other: no "
                "counts fit every published value (tables of one population must count the "
                "same people, with the same codes)."
            )
        if result.status != 0:
            raise DisclosureError(f"The disclosure audit could not solve: {result.message}")
        return np.asarray(result.x)


def dimensions_of(table: AuditedTable) -> tuple[str, ...]:
    column = (table.column_dimension,) if table.column_dimension else ()
    return table.row_dimensions + column


def marginal_positions(
    table: AuditedTable, shared: Sequence[str]
) -> dict[tuple[str, ...], list[Position]]:
    """The table's inner cells grouped by their codes in the `shared` dimensions."""
    dimensions = dimensions_of(table)
    places = [dimensions.index(dimension) for dimension in shared]
    groups: dict[tuple[str, ...], list[Position]] = {}
    for row in table.rows:
        for column in table.columns:
            codes = row + ((column,) if table.column_dimension else ())
            groups.setdefault(tuple(codes[i] for i in places), []).append((row, column))
    return groups


def release_ranges(tables: Sequence[AuditedTable]) -> list[CellRange]:
    """What a reader of the release can prove about each suppressed cell."""
    return ReleaseModel(tables).ranges()


def release_exposures(tables: Sequence[AuditedTable]) -> list[Exposure]:
    """The suppressed cells of a release that its published values bound too narrowly.

    An empty list means the release may be published; the release service calls this again
    on the stored tables before publishing."""
    return [
        Exposure(table=r.table, row=r.row, column=r.column, low=r.low, high=r.high)
        for r in ReleaseModel(tables).ranges(exact=False)
        if r.high - r.low < EXPOSURE_WIDTH
    ]
